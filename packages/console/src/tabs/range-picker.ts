// The report period's From, To and Refresh, shared by the Results and Errors tabs.
import { html } from 'lit';
import type { Period } from '../api.js';
import { dayRange } from '../range.js';
import type { ConsoleHost } from './host.js';

export type RangeHost = Pick<ConsoleHost, 'range' | 'tab' | 't' | 'refreshErrors'>;

/** The chosen days from the start of From to the end of To in the browser's time zone. */
export const periodOf = (host: Pick<ConsoleHost, 'range'>): Period => dayRange(host.range.from, host.range.to);

/** Refresh also updates the errors badge for the new period. */
export function rangePicker(host: RangeHost, reload: () => void) {
  const t = host.t;
  return html`
      <label>${t('from')} <input type="date" .value=${host.range.from} @change=${(e: Event) => (host.range = { ...host.range, from: (e.target as HTMLInputElement).value })} /></label>
      <label>${t('to')} <input type="date" .value=${host.range.to} @change=${(e: Event) => (host.range = { ...host.range, to: (e.target as HTMLInputElement).value })} /></label>
      <button @click=${() => {
        reload();
        if (host.tab !== 'errors') host.refreshErrors();
      }}>${t('refresh')}</button>`;
}
