// The report period's From, To and Refresh, shared by the Results and Errors tabs, and the zone its days are in.
import { html } from 'lit';
import type { Period } from '../api.js';
import { dayRange, reportZone } from '../range.js';
import type { ConsoleHost } from './host.js';

export type RangeHost = Pick<ConsoleHost, 'range' | 't' | 'reloadTab' | 'config'>;

/** The chosen days from the start of From to the end of To, in the site's time zone if it has one, else the browser's. */
export const periodOf = (host: Pick<ConsoleHost, 'range' | 'config'>): Period =>
  dayRange(host.range.from, host.range.to, reportZone(host.config));

/** Says which zone the days are in: the site's (its config's timeZone, which its schedules use) or the browser's. */
export const zoneNote = (host: Pick<ConsoleHost, 't' | 'config'>): string =>
  host.t(host.config?.timeZone ? 'rangeZoneSite' : 'rangeZone', { tz: reportZone(host.config) });

/** Refresh loads the open tab for the new period, and the errors badge with it. */
export function rangePicker(host: RangeHost) {
  const t = host.t;
  return html`
      <label>${t('from')} <input type="date" .value=${host.range.from} @change=${(e: Event) => (host.range = { ...host.range, from: (e.target as HTMLInputElement).value })} /></label>
      <label>${t('to')} <input type="date" .value=${host.range.to} @change=${(e: Event) => (host.range = { ...host.range, to: (e.target as HTMLInputElement).value })} /></label>
      <button @click=${() => host.reloadTab()}>${t('refresh')}</button>`;
}
