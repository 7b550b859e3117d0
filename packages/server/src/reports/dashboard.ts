// The shop dashboard: visitors, conversion, orders, revenue, repurchase, new vs returning, with the previous period.
import type { NudgeConfig } from '@nudge/core/spec';
import type {
  DashboardBreakdown,
  DashboardDayRow,
  DashboardGroupRow,
  DashboardQueries,
  DashboardTotalsRow,
  DashboardWidgetsRow,
} from '../store/dashboard-queries.js';
import type { TimeRange } from '../store/store.js';

export interface DashboardTotals {
  visitors: number;
  newVisitors: number;
  returningVisitors: number;
  buyers: number;
  /** buyers / visitors */
  conversionRate: number;
  orders: number;
  revenue: number;
  averageOrderValue: number;
  /** buyers of the period who have bought at least twice (an order before the period counts) / buyers */
  repurchaseRate: number;
}

export interface DashboardGroup extends DashboardGroupRow {
  conversionRate: number;
}

export interface Dashboard {
  range: TimeRange;
  /** the same length just before `range` */
  previous: TimeRange;
  timeZone: string;
  totals: { current: DashboardTotals; previous: DashboardTotals };
  /** per day in `timeZone`; the previous period's days line up by index */
  days: { current: DashboardDayRow[]; previous: DashboardDayRow[] };
  breakdown?: { by: DashboardBreakdown; groups: DashboardGroup[] };
  /** what the widgets brought in the period */
  widgets: DashboardWidgetsRow;
  queryMs: number;
}

const share = (a: number, b: number) => (b > 0 ? a / b : 0);

function totals(r: DashboardTotalsRow): DashboardTotals {
  return {
    visitors: r.visitors,
    newVisitors: r.newVisitors,
    returningVisitors: r.visitors - r.newVisitors,
    buyers: r.buyers,
    conversionRate: share(r.buyers, r.visitors),
    orders: r.orders,
    revenue: r.revenue,
    averageOrderValue: share(r.revenue, r.orders),
    repurchaseRate: share(r.repeatBuyers, r.buyers),
  };
}

export async function dashboardReport(
  q: DashboardQueries,
  config: NudgeConfig | undefined,
  site: string,
  range: TimeRange,
  opts: { timeZone: string; breakdown?: DashboardBreakdown },
): Promise<Dashboard> {
  const started = performance.now();
  const previous = { from: range.from - (range.to - range.from) - 1, to: range.from - 1 };
  const [days, prevDays, cur, prev, groups, widgets] = await Promise.all([
    q.dashboardDays(site, range, opts.timeZone),
    q.dashboardDays(site, previous, opts.timeZone),
    q.dashboardTotals(site, range),
    q.dashboardTotals(site, previous),
    opts.breakdown ? q.dashboardBreakdown(site, range, opts.breakdown, config?.segments ?? {}) : undefined,
    q.dashboardWidgets(site, range),
  ]);
  return {
    range,
    previous,
    timeZone: opts.timeZone,
    totals: { current: totals(cur), previous: totals(prev) },
    days: { current: days, previous: prevDays },
    ...(opts.breakdown && groups
      ? {
          breakdown: {
            by: opts.breakdown,
            groups: groups.map((g) => ({ ...g, conversionRate: share(g.buyers, g.visitors) })),
          },
        }
      : {}),
    widgets,
    queryMs: performance.now() - started,
  };
}
