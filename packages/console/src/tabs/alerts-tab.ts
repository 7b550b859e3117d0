// The Alerts tab: the site's rules (switched on and off here), and one page per alert with what triggered it.
import { html, nothing } from 'lit';
import type { AlertList, AlertPage } from '../api.js';
import { fmtTime } from '../format.js';
import type { ConsoleHost, TabView } from './host.js';

export type AlertsHost = Pick<
  ConsoleHost,
  'requestUpdate' | 'client' | 'site' | 't' | 'lang' | 'fail' | 'sayDone' | 'can'
>;

/** A figure as people read it: rates in %, counts and money with at most two decimals. */
const figure = (x: unknown, metric: unknown) =>
  typeof x !== 'number'
    ? '–'
    : metric === 'conversion_rate'
      ? `${(x * 100).toFixed(2)}%`
      : `${Math.round(x * 100) / 100}`;

export class AlertsTab implements TabView {
  #list: AlertList | null = null;
  #page: AlertPage | null = null;

  constructor(private readonly host: AlertsHost) {}

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client) return;
    this.#list = await client.alerts(site);
    if (this.#page) this.#page = await client.alertPage(site, this.#page.rule.id);
    this.host.requestUpdate();
  }

  private async open(id: string) {
    try {
      this.#page = await this.host.client!.alertPage(this.host.site, id);
    } catch (e) {
      this.host.fail(e);
    }
    this.host.requestUpdate();
  }

  private async toggle(id: string, enabled: boolean) {
    try {
      await this.host.client!.setAlertEnabled(this.host.site, id, enabled);
      await this.load();
    } catch (e) {
      this.host.fail(e);
    }
  }

  render() {
    const { t, lang } = this.host;
    const l = this.#list;
    const p = this.#page;
    return html`
      <section class="card"><h2>${t('alertRules')}</h2>
        <p class="muted">${l?.delivery.webhookUrl ? t('alertWebhook', { u: l.delivery.webhookUrl }) : t('alertNoWebhook')}</p>
        <table><thead><tr><th>${t('alertRule')}</th><th>${t('alertEnabled')}</th></tr></thead>
        <tbody>${(l?.rules ?? []).map(
          (r) => html`<tr><td><button class="link" @click=${() => void this.open(r.id)}>${r.name}</button></td>
            <td><input type="checkbox" aria-label=${`${t('alertEnabled')}: ${r.name}`} .checked=${r.enabled}
              ?disabled=${!this.host.can('publisher')}
              @change=${(e: Event) => void this.toggle(r.id, (e.target as HTMLInputElement).checked)} /></td></tr>`,
        )}</tbody></table>
      </section>
      ${
        p
          ? html`<section class="card"><h2>${p.rule.name}</h2>
        <p>${p.state.firing ? html`<strong>${t('alertFiring')}</strong>` : t('alertQuiet')}</p>
        ${
          p.events.length
            ? html`<table><caption>${t('alertEvents')}</caption><thead><tr><th>${t('alertWhen')}</th><th></th><th class="num">${t('alertValue')}</th>
              <th class="num">${t('alertExpected')}</th><th class="num">${t('alertLimit')}</th><th>${t('alertHistory')}</th><th>${t('alertDelivery')}</th></tr></thead>
            <tbody>${p.events.map((e) => {
              const f = e.figures as Record<string, unknown>;
              const hist = Array.isArray(f.history) ? (f.history as { value: number }[]) : [];
              return html`<tr><td>${fmtTime(e.at, lang)}</td><td>${e.kind === 'fired' ? t('alertKindFired') : t('alertKindResolved')}</td>
                <td class="num">${figure(f.value, f.metric)}</td><td class="num">${figure(f.expected, f.metric)}</td><td class="num">${figure(f.limit, f.metric)}</td>
                <td>${hist.map((h) => figure(h.value, f.metric)).join(' · ') || '–'}</td><td>${e.delivery.status}</td></tr>`;
            })}</tbody></table>`
            : html`<p class="muted">${t('alertNone')}</p>`
        }
      </section>`
          : nothing
      }`;
  }
}
