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
    return html`<section class="card"><h2>${t('live')}</h2>
      <table><thead><tr><th>${t('received')}</th><th>${t('eventTime')}</th><th>${t('event')}</th><th>${t('visitor')}</th><th>${t('source')}</th><th>${t('eventProps')}</th></tr></thead>
      <tbody>${this.#events.map(
        (
          e,
        ) => html`<tr><td>${fmtTime(e.receivedAt, lang)}</td><td>${fmtTime(e.ts, lang)}</td><td><code>${e.name}</code></td><td><code>${(e.anonymousId ?? '').slice(0, 12)}</code></td>
        <td>${e.source}</td><td><code>${JSON.stringify(e.props).slice(0, 120)}</code></td></tr>`,
      )}</tbody></table></section>`;
  }
}
