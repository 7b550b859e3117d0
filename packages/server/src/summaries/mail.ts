// A summary as plain text in its reader's language: the shop dashboard's figures for the period with the previous
// period beside them.
import type { Dashboard, DashboardTotals } from '../reports/dashboard.js';
import { formatsOf, type MailFormats, type MailLocale } from '../mail-locale.js';
import { SUMMARY_WORDS } from './mail-words.js';
import type { SummaryPeriod } from './settings.js';

type Kind = 'num' | 'pct' | 'money';
const ROWS: [Exclude<keyof DashboardTotals, 'buyers'>, Kind][] = [
  ['visitors', 'num'],
  ['newVisitors', 'num'],
  ['returningVisitors', 'num'],
  ['conversionRate', 'pct'],
  ['orders', 'num'],
  ['revenue', 'money'],
  ['averageOrderValue', 'money'],
  ['repurchaseRate', 'pct'],
];

/** `label`: the period's first day (YYYY-MM-DD); `currency`: the shop's (its config's), for the money. */
export function summaryMail(
  site: string,
  period: SummaryPeriod,
  label: string,
  d: Pick<Dashboard, 'totals' | 'widgets' | 'timeZone'>,
  o: { locale?: MailLocale | undefined; currency?: string | undefined } = {},
): { subject: string; text: string } {
  const locale = o.locale ?? 'en';
  const w = SUMMARY_WORDS[locale];
  const fmt: MailFormats = formatsOf(locale, w.na);
  const show = (kind: Kind, x: number) =>
    kind === 'pct' ? fmt.pct(x) : kind === 'money' ? fmt.money(x, o.currency) : fmt.num(x);
  const change = (a: number, b: number) => (b === 0 ? (a === 0 ? w.noChange : w.new) : fmt.change((a - b) / b));
  const span = w.span(period, fmt.day(label));
  const { current: c, previous: p } = d.totals;
  const lines = [
    w.opening(site, period, span, d.timeZone),
    '',
    ...ROWS.map(([key, kind]) => w.row(w.names[key], show(kind, c[key]), show(kind, p[key]), change(c[key], p[key]))),
    '',
    w.widgets(
      fmt.num(d.widgets.claims),
      fmt.num(d.widgets.redemptions),
      fmt.num(d.widgets.referralOrders),
      fmt.money(d.widgets.referralRevenue, o.currency),
    ),
    '',
    w.footer,
  ];
  return { subject: w.subject(site, period, span), text: `${lines.join('\n')}\n` };
}
