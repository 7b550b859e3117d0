// The coupon report: per widget and per experiment variant, codes claimed and redeemed, the discount and net revenue;
// next-order codes (bound at a purchase, not claimed) on their own.
import { html, nothing } from 'lit';
import type { CouponReport } from '../api.js';
import { fmtCount, pct } from '../format.js';
import type { Lang } from '../i18n.js';
import type { ConsoleHost } from './host.js';

type Figures = Omit<CouponReport['widgets'][number], 'widget' | 'bySource'>;
type NextOrder = CouponReport['nextOrder'][number];

/** An amount in the orders' currency; several currencies cannot be added up honestly, so they are said, not summed. */
export function money(n: number, currency: string | null, lang: Lang, mixed: string): string {
  if (currency && currency !== 'mixed')
    try {
      return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(n);
    } catch {
      // a currency code Intl does not know: the number and the code as sent
    }
  const plain = n.toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (currency === 'mixed') return `${plain} (${mixed})`;
  return currency ? `${plain} ${currency}` : plain;
}

const cells = (f: Figures, lang: Lang, mixed: string) =>
  html`<td class="num">${fmtCount(f.claimed, lang)}</td><td class="num">${fmtCount(f.redeemed, lang)}</td>
    <td class="num">${pct(f.redemptionRate)}</td><td class="num">${money(f.discount, f.currency, lang, mixed)}</td>
    <td class="num">${money(f.netRevenue, f.currency, lang, mixed)}</td>`;

/** Which pools gave a variant's codes (a pool code's worth must match what the variant's popup says). */
const byPool = (pools: Record<string, number>, lang: Lang) =>
  Object.entries(pools)
    .map(([pool, n]) => `${pool} (${fmtCount(n, lang)})`)
    .join(', ') || '—';

/** Next-order codes per widget: bound, shown, redeemed, and what the caps on browser-reported purchases refused. */
function nextOrderTable(rows: NextOrder[], host: Pick<ConsoleHost, 't' | 'lang'>, mixed: string) {
  const { t, lang } = host;
  const refused = (r: NextOrder) => {
    const a = r.refused.address ?? 0;
    const s = r.refused.site ?? 0;
    return a + s
      ? html`${fmtCount(a + s, lang)}
          <span class="muted">(${t('nextOrderRefusedDetail', { a: fmtCount(a, lang), s: fmtCount(s, lang) })})</span>`
      : fmtCount(0, lang);
  };
  return html`<h3>${t('nextOrderReport')}</h3>
    <p class="muted">${t('nextOrderReportNote')}</p>
    <table id="coupon-next-order"><thead><tr><th>${t('widget')}</th><th>${t('pool')}</th>
      <th class="num">${t('nextOrderBound')}</th><th class="num">${t('nextOrderShown')}</th>
      <th class="num">${t('redeemed')}</th><th class="num">${t('redemptionRate')}</th>
      <th class="num">${t('discountGiven')}</th><th class="num">${t('netRevenue')}</th><th>${t('nextOrderRefused')}</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><td>${r.widget}</td><td>${byPool(r.byPool, lang)}</td>
        <td class="num">${fmtCount(r.bound, lang)}</td><td class="num">${fmtCount(r.shown, lang)}</td>
        <td class="num">${fmtCount(r.redeemed, lang)}</td><td class="num">${pct(r.redemptionRate)}</td>
        <td class="num">${money(r.discount, r.currency, lang, mixed)}</td>
        <td class="num">${money(r.netRevenue, r.currency, lang, mixed)}</td><td>${refused(r)}</td></tr>`,
    )}</tbody></table>`;
}

export function couponReportView(r: CouponReport | null, host: Pick<ConsoleHost, 't' | 'lang'>) {
  const { t, lang } = host;
  const mixed = t('mixedCurrencies');
  const heads = html`<th class="num">${t('claimed')}</th><th class="num">${t('redeemed')}</th>
    <th class="num">${t('redemptionRate')}</th><th class="num">${t('discountGiven')}</th><th class="num">${t('netRevenue')}</th>`;
  return html`<section class="card" aria-labelledby="coupon-report-h" id="coupon-report">
    <h2 id="coupon-report-h">${t('couponReport')}</h2>
    <p class="muted">${t('couponReportNote')}</p>
    ${
      r && r.widgets.length
        ? html`<table id="coupon-widgets"><thead><tr><th>${t('widget')}</th>${heads}</tr></thead>
          <tbody>${r.widgets.map((w) => html`<tr><td>${w.widget}</td>${cells(w, lang, mixed)}</tr>`)}</tbody></table>`
        : html`<p class="muted" role="status">${t('noCouponClaims')}</p>`
    }
    ${
      r && r.variants.length
        ? html`<h3>${t('couponByVariant')}</h3>
          <table id="coupon-variants"><thead><tr><th>${t('widget')}</th><th>${t('experiment')}</th><th>${t('variant')}</th><th>${t('pool')}</th>${heads}</tr></thead>
          <tbody>${r.variants.map(
            (v) =>
              html`<tr><td>${v.widget}</td><td>${v.experiment}</td><td>${v.variant}</td><td>${byPool(v.byPool, lang)}</td>${cells(v, lang, mixed)}</tr>`,
          )}</tbody></table>`
        : nothing
    }
    ${r?.nextOrder.length ? nextOrderTable(r.nextOrder, host, mixed) : nothing}
  </section>`;
}
