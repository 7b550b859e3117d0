// The confirm dialog every risky action goes through: the question, Confirm (runs the action) and Cancel.
import { html } from 'lit';
import type { MessageKey } from './i18n.js';

export interface Pending {
  text: string;
  run: () => Promise<unknown>;
}

/** `close` closes the dialog and forgets the action (also on Escape); Confirm closes it, then runs the action. */
export function confirmDialog(pending: Pending | null, t: (key: MessageKey) => string, close: () => void) {
  return html`<dialog id="confirm" aria-labelledby="confirm-text" @close=${close}>
    <p id="confirm-text">${pending?.text ?? ''}</p>
    <div class="row">
      <button class="primary" @click=${async () => {
        close();
        await pending?.run();
      }}>${t('confirm')}</button>
      <button @click=${close}>${t('cancel')}</button>
    </div>
  </dialog>`;
}
