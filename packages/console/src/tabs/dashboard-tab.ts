// The Shop tab, the console's home view: the shop's figures over the period beside the previous one, per day, by
// channel, device or segment (a channel drills to its products), and what the widgets brought.
import { html, nothing } from 'lit';
import type { Dashboard, DashboardBreakdown, DashboardProducts } from '../api.js';
import { fmtCount, pct } from '../format.js';
import { reportZone } from '../range.js';
import { channelName } from '../words.js';
import type { ConsoleHost, TabView } from './host.js';
import { periodOf, rangePicker, zoneNote, type RangeHost } from './range-picker.js';

export type DashboardHost = RangeHost & Pick<ConsoleHost, 'requestUpdate' | 'client' | 'site' | 'fail' | 'lang'>;

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
/** The change against the previous period in words a screen reader says as well: "+12%", or nothing from 0. */
const change = (cur: number, prev: number) => {
  if (!(prev > 0)) return '';
  const d = Math.round((cur / prev - 1) * 1000) / 10;
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d)}%`;
};
const BREAKDOWNS: [DashboardBreakdown, 'breakdownChannel' | 'breakdownDevice' | 'breakdownSegment'][] = [
  ['channel', 'breakdownChannel'],
  ['device', 'breakdownDevice'],
  ['segment', 'breakdownSegment'],
];

export class DashboardTab implements TabView {
  #data: Dashboard | null = null;
  #breakdown: DashboardBreakdown = 'channel';
  #products: DashboardProducts | null = null;

  constructor(private readonly host: DashboardHost) {}

  async load(): Promise<void> {
    const { client, site } = this.host;
    if (!client) return;
    this.#products = null;
    this.#data = await client.dashboard(site, periodOf(this.host), reportZone(this.host.config), this.#breakdown);
    this.host.requestUpdate();
  }

  private async products(channel: string) {
    const { client, site } = this.host;
    if (!client) return;
    try {
      this.#products = await client.dashboardProducts(site, periodOf(this.host), channel);
    } catch (e) {
      this.host.fail(e);
    }
    this.host.requestUpdate();
  }

  render() {
    const { t, lang } = this.host;
    const n = (x: number) => fmtCount(x, lang);
    const d = this.#data;
    const kpi = (label: string, cur: string, prev: string, delta: string) =>
      html`<div class="card kpi"><h3>${label}</h3><p><strong>${cur}</strong> ${delta ? html`<span class="muted">${delta}</span>` : nothing}</p>
        <p class="muted">${t('previousValue', { v: prev })}</p></div>`;
    return html`
      <div class="card row">
        ${rangePicker(this.host)}
        <label>${t('breakdownBy')} <select @change=${(e: Event) => {
          this.#breakdown = (e.target as HTMLSelectElement).value as DashboardBreakdown;
          void this.load().catch((err: unknown) => this.host.fail(err));
        }}>${BREAKDOWNS.map(([b, k]) => html`<option value=${b} ?selected=${b === this.#breakdown}>${t(k)}</option>`)}</select></label>
        <p class="muted">${zoneNote(this.host)}</p>
      </div>
      ${
        !d
          ? nothing
          : html`
        <section class="card"><h2>${t('dashboardTitle')}</h2>
          <div class="grid">
            ${kpi(t('kpiVisitors'), n(d.totals.current.visitors), n(d.totals.previous.visitors), change(d.totals.current.visitors, d.totals.previous.visitors))}
            ${kpi(t('kpiConversion'), pct(d.totals.current.conversionRate), pct(d.totals.previous.conversionRate), change(d.totals.current.conversionRate, d.totals.previous.conversionRate))}
            ${kpi(t('kpiOrders'), n(d.totals.current.orders), n(d.totals.previous.orders), change(d.totals.current.orders, d.totals.previous.orders))}
            ${kpi(t('kpiRevenue'), money(d.totals.current.revenue), money(d.totals.previous.revenue), change(d.totals.current.revenue, d.totals.previous.revenue))}
            ${kpi(t('kpiAov'), money(d.totals.current.averageOrderValue), money(d.totals.previous.averageOrderValue), change(d.totals.current.averageOrderValue, d.totals.previous.averageOrderValue))}
            ${kpi(t('kpiRepurchase'), pct(d.totals.current.repurchaseRate), pct(d.totals.previous.repurchaseRate), '')}
            ${kpi(t('kpiNewReturning'), `${n(d.totals.current.newVisitors)} / ${n(d.totals.current.returningVisitors)}`, `${n(d.totals.previous.newVisitors)} / ${n(d.totals.previous.returningVisitors)}`, '')}
          </div>
        </section>
        <section class="card"><h2>${t('byDay')}</h2>
          <table><thead><tr><th>${t('day')}</th><th class="num">${t('kpiVisitors')}</th><th class="num">${t('kpiOrders')}</th><th class="num">${t('kpiRevenue')}</th><th class="num">${t('kpiConversion')}</th>
            <th>${t('previousDay')}</th><th class="num">${t('kpiVisitors')}</th><th class="num">${t('kpiOrders')}</th><th class="num">${t('kpiRevenue')}</th></tr></thead>
          <tbody>${d.days.current.map((day, i) => {
            const p = d.days.previous[i];
            return html`<tr><td>${day.day}</td><td class="num">${n(day.visitors)}</td><td class="num">${n(day.orders)}</td><td class="num">${money(day.revenue)}</td>
              <td class="num">${pct(day.visitors ? day.buyers / day.visitors : 0)}</td>
              <td>${p?.day ?? '–'}</td><td class="num">${p ? n(p.visitors) : '–'}</td><td class="num">${p ? n(p.orders) : '–'}</td><td class="num">${p ? money(p.revenue) : '–'}</td></tr>`;
          })}</tbody></table>
        </section>
        ${
          d.breakdown
            ? html`<section class="card"><h2>${t(BREAKDOWNS.find(([b]) => b === d.breakdown!.by)![1])}</h2>
          <table><thead><tr><th>${t(BREAKDOWNS.find(([b]) => b === d.breakdown!.by)![1])}</th><th class="num">${t('kpiVisitors')}</th><th class="num">${t('buyers')}</th><th class="num">${t('kpiConversion')}</th><th class="num">${t('kpiOrders')}</th><th class="num">${t('kpiRevenue')}</th></tr></thead>
          <tbody>${d.breakdown.groups.map(
            (g) => html`<tr><td>${
              d.breakdown!.by === 'channel'
                ? html`<button class="link" @click=${() => void this.products(g.value)}>${t('showProducts', { c: channelName(lang, g.value) })}</button>`
                : g.value
            }</td><td class="num">${n(g.visitors)}</td><td class="num">${n(g.buyers)}</td><td class="num">${pct(g.conversionRate)}</td>
            <td class="num">${n(g.orders)}</td><td class="num">${money(g.revenue)}</td></tr>`,
          )}</tbody></table></section>`
            : nothing
        }
        ${
          this.#products
            ? html`<section class="card"><h2>${t('productsOf', { c: channelName(lang, this.#products.channel ?? '') })}</h2>
          <table><thead><tr><th>${t('product')}</th><th class="num">${t('kpiOrders')}</th><th class="num">${t('units')}</th><th class="num">${t('kpiRevenue')}</th></tr></thead>
          <tbody>${this.#products.products.map(
            (
              p,
            ) => html`<tr><td>${p.name ?? p.itemId} <span class="muted">${p.name ? p.itemId : ''}</span></td><td class="num">${n(p.orders)}</td>
            <td class="num">${n(p.units)}</td><td class="num">${money(p.revenue)}</td></tr>`,
          )}</tbody></table></section>`
            : nothing
        }
        <section class="card"><h2>${t('widgetContribution')}</h2>
          <table><tbody>
            <tr><th scope="row">${t('claims')}</th><td class="num">${n(d.widgets.claims)}</td></tr>
            <tr><th scope="row">${t('redemptions')}</th><td class="num">${n(d.widgets.redemptions)}</td></tr>
            <tr><th scope="row">${t('referralOrders')}</th><td class="num">${n(d.widgets.referralOrders)} (${money(d.widgets.referralRevenue)})</td></tr>
          </tbody></table>
        </section>`
      }`;
  }
}
