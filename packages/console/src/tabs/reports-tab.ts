// The Widgets & referrals tab: what each widget did, the stock figures banners showed, referral codes and rewards.
import { html, nothing } from 'lit';
import type { ReferralReport, WidgetReport } from '../api.js';
import { fmtTime } from '../format.js';
import type { Lang } from '../i18n.js';
import type { ConsoleHost, TabView } from './host.js';
import { periodOf } from './range-picker.js';

export type ReportsHost = Pick<ConsoleHost, 'requestUpdate' | 'lang' | 't' | 'client' | 'site' | 'range' | 'config'>;

/** Referral codes listed (the API returns all, most friends landed first). */
const TOP_CODES = 50;

/** When a set of stock figures was read: one time, or the oldest and newest read. */
const readAt = (a: { first: string; last: string }, lang: Lang) =>
  a.first === a.last
    ? fmtTime(Date.parse(a.first), lang)
    : `${fmtTime(Date.parse(a.first), lang)} – ${fmtTime(Date.parse(a.last), lang)}`;

export class ReportsTab implements TabView {
  #widgets: WidgetReport | null = null;
  #referrals: ReferralReport | null = null;

  constructor(private readonly host: ReportsHost) {}

  async load(): Promise<void> {
    const { client, site } = this.host;
    const period = periodOf(this.host);
    [this.#widgets, this.#referrals] = await Promise.all([
      client!.widgetReport(site, period),
      client!.referralReport(site, period),
    ]);
    this.host.requestUpdate();
  }

  render() {
    const w = this.#widgets;
    const r = this.#referrals;
    const { t, lang } = this.host;
    return html`
      <section class="card"><h2>${t('widgetsReport')}</h2>
        <table><thead><tr><th>${t('widget')}</th><th class="num">${t('shows')}</th><th class="num">${t('claims')}</th><th class="num">${t('shares')}</th><th class="num">${t('dismissals')}</th></tr></thead>
        <tbody>${(w?.widgets ?? []).map((x) => html`<tr><td>${x.widget} <span class="muted">${x.type ?? ''}</span></td><td class="num">${x.shows}</td><td class="num">${x.claims}</td><td class="num">${x.shares}</td><td class="num">${x.dismissals}</td></tr>`)}</tbody></table>
      </section>
      <section class="card"><h2>${t('stockClaims')}</h2>
        <table><thead><tr><th>${t('widget')}</th><th>${t('figures')}</th><th>${t('figuresRead')}</th><th class="num">${t('shows')}</th></tr></thead>
        <tbody>${(w?.stockClaims ?? []).map(
          (x) => html`<tr><td>${x.widget}</td><td><code>${Object.entries(x.figures)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(' · ')}</code></td>
          <td>${x.asOf ? readAt(x.asOf, lang) : '–'}</td><td class="num">${x.shows}</td></tr>`,
        )}</tbody></table>
      </section>
      <section class="card"><h2>${t('referrals')}</h2>
        <p class="muted">${t('inviter')}: ${r?.rewards.inviter ?? '–'} · ${t('friend')}: ${r?.rewards.friend ?? '–'}</p>
        ${(r?.codes.length ?? 0) > TOP_CODES ? html`<p class="muted">${t('topCodes', { n: TOP_CODES, t: r!.codes.length })}</p>` : nothing}
        <table><thead><tr><th>${t('code')}</th><th class="num">${t('landings')}</th><th class="num">${t('firstPurchases')}</th><th class="num">${t('rewardsOwed')}</th></tr></thead>
        <tbody>${(r?.codes ?? []).slice(0, TOP_CODES).map(
          (
            x,
          ) => html`<tr><td><code>${x.code}</code></td><td class="num">${x.landings}</td><td class="num">${x.firstPurchases}</td>
          <td class="num">${x.rewardsOwed.inviter} × ${t('inviter')}, ${x.rewardsOwed.friend} × ${t('friend')}</td></tr>`,
        )}</tbody></table>
      </section>`;
  }
}
