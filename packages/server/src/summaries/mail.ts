// A summary as plain text: the shop dashboard's figures for the period with the previous period beside them.
import type { Dashboard, DashboardTotals } from '../reports/dashboard.js';
import type { SummaryPeriod } from './settings.js';

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const change = (a: number, b: number) =>
  b === 0 ? (a === 0 ? 'no change' : 'new') : `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`;

const ROWS: [string, keyof DashboardTotals, (x: number) => string][] = [
  ['Visitors', 'visitors', num],
  ['New visitors', 'newVisitors', num],
  ['Returning visitors', 'returningVisitors', num],
  ['Conversion rate', 'conversionRate', pct],
  ['Orders', 'orders', num],
  ['Revenue', 'revenue', num],
  ['Average order value', 'averageOrderValue', num],
  ['Repurchase rate', 'repurchaseRate', pct],
];

export function summaryMail(
  site: string,
  period: SummaryPeriod,
  label: string,
  d: Pick<Dashboard, 'totals' | 'widgets' | 'timeZone'>,
): { subject: string; text: string } {
  const what = period === 'daily' ? 'Daily' : 'Weekly';
  const span = period === 'daily' ? label : `week of ${label}`;
  const { current: c, previous: p } = d.totals;
  const lines = [
    `${what} summary for ${site}, ${span} (${d.timeZone}); beside each figure the ${period === 'daily' ? 'day' : 'week'} before.`,
    '',
    ...ROWS.map(([name, key, f]) => `${name}: ${f(c[key])} (before: ${f(p[key])}, ${change(c[key], p[key])})`),
    '',
    `Widgets: ${d.widgets.claims} coupon claims, ${d.widgets.redemptions} orders with a coupon, ` +
      `${d.widgets.referralOrders} referral orders (${num(d.widgets.referralRevenue)} revenue).`,
    '',
    'Sent by the Nudge server because you asked for it in your settings (Settings, Summaries), where you can stop it.',
  ];
  return { subject: `[Nudge] ${what} summary for ${site}: ${span}`, text: `${lines.join('\n')}\n` };
}
