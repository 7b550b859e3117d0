// The Live events tab: the newest events the collector received, polled every 2 s while the tab is open.
import { html, type ReactiveController } from 'lit';
import type { TailEvent } from '../api.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost, TabView } from './host.js';

export type LiveHost = Pick<ConsoleHost, 'addController' | 'requestUpdate' | 'lang' | 't' | 'tab' | 'client' | 'site'>;

export class LiveTab implements TabView, ReactiveController {
  #events: TailEvent[] = [];
  #timer: number | undefined;

  constructor(private readonly host: LiveHost) {
    host.addController(this);
  }

  /** Loads the tail, then polls it until the tab is left. */
  async load(): Promise<void> {
    await this.poll();
    this.#timer = window.setInterval(() => void this.poll(), 2000);
  }

  leave(): void {
    window.clearInterval(this.#timer);
  }

  hostDisconnected(): void {
    this.leave();
  }

  private async poll() {
    const { client, site } = this.host;
    if (this.host.tab !== 'live' || !client) return;
    this.#events = (await client.tail(site, 50)).events;
    this.host.requestUpdate();
  }

  /** Newest first by when the collector received them; an event's own time can be earlier (a queue sent late,
   * backdated simulated traffic), so both are shown, the order's column first. */
  render() {
    const { t, lang } = this.host;
    // on a phone each event's cells stack under their column's name (table.stack), the receiving time leading
    return html`<section class="card"><h2>${t('live')}</h2>
      <table class="stack" role="table"><thead role="rowgroup"><tr role="row"><th role="columnheader">${t('received')}</th><th role="columnheader">${t('eventTime')}</th><th role="columnheader">${t('event')}</th><th role="columnheader">${t('visitor')}</th><th role="columnheader">${t('source')}</th><th role="columnheader">${t('eventProps')}</th></tr></thead>
      <tbody role="rowgroup">${this.#events.map(
        (
          e,
        ) => html`<tr role="row"><td role="cell">${fmtTime(e.receivedAt, lang)}</td><td role="cell" data-label=${t('eventTime')}>${fmtTime(e.ts, lang)}</td><td role="cell" data-label=${t('event')}><code>${e.name}</code></td>
        <td role="cell" data-label=${t('visitor')}><code>${(e.anonymousId ?? '').slice(0, 12)}</code></td><td role="cell" data-label=${t('source')}>${e.source}</td>
        <td role="cell" data-label=${t('eventProps')}><code>${JSON.stringify(e.props).slice(0, 120)}</code></td></tr>`,
      )}</tbody></table></section>`;
  }
}
