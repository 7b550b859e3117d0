// The sign-in form, and what shows instead when the saved token could not be tried (server down): retry or another.
import { html } from 'lit';
import type { SessionController } from './controllers/session.js';
import type { MessageKey } from './i18n.js';

type Session = Pick<SessionController, 'signIn' | 'signOut' | 'unreachable'>;
type T = (key: MessageKey) => string;

export function signInView(session: Session, t: T) {
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    void session.signIn(String(data.get('token') ?? ''), String(data.get('actor') ?? ''));
  };
  return html`<form class="card" @submit=${submit} style="max-width:460px">
      <label class="field">${t('token')} <input name="token" type="password" required autocomplete="current-password" /></label>
      <label class="field">${t('yourName')} <input name="actor" autocomplete="name" /></label>
      <p class="muted">${t('tokenHelp')}</p>
      <button class="primary" type="submit">${t('signIn')}</button>
    </form>`;
}

/** The saved token could not be tried (server down, network, 5xx): it is kept, and Retry tries it again. */
export function unreachableView(session: Session, t: T) {
  const u = session.unreachable!;
  return html`<section class="card" aria-labelledby="unreachable-h" style="max-width:460px">
      <h2 id="unreachable-h">${t('unreachableTitle')}</h2>
      <p role="alert">${t('unreachableBody')}</p>
      <p class="muted"><code>${u.message}</code></p>
      <div class="row">
        <button id="retry" class="primary" @click=${() => void session.signIn(u.token, u.actor)}>${t('retry')}</button>
        <button @click=${() => session.signOut()}>${t('otherToken')}</button>
      </div>
    </section>`;
}
