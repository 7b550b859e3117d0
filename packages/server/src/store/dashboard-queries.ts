// The report queries the shop dashboard adds: a site's traffic, buyers and orders per day, by channel, device, segment.
import type { SegmentSettings } from '@nudge/core/spec';
import type { TimeRange } from './report-rows.js';

export const DASHBOARD_BREAKDOWNS = ['channel', 'device', 'segment'] as const;
export type DashboardBreakdown = (typeof DASHBOARD_BREAKDOWNS)[number];

export interface DashboardDayRow {
  /** YYYY-MM-DD in the requested time zone */
  day: string;
  /** distinct visitors with any event that day */
  visitors: number;
  /** of them, first seen ever that day */
  newVisitors: number;
  buyers: number;
  /** distinct transaction ids */
  orders: number;
  revenue: number;
}

export interface DashboardTotalsRow {
  visitors: number;
  newVisitors: number;
  buyers: number;
  orders: number;
  revenue: number;
  /** buyers in the range with at least two orders up to its end (an earlier one counts) */
  repeatBuyers: number;
}

export interface DashboardGroupRow {
  value: string;
  visitors: number;
  buyers: number;
  orders: number;
  revenue: number;
}

export interface DashboardProductRow {
  itemId: string;
  name: string | null;
  orders: number;
  units: number;
  revenue: number;
}

export interface DashboardWidgetsRow {
  /** select_promotion events: a widget's offer taken */
  claims: number;
  /** orders with a coupon */
  redemptions: number;
  /** orders by visitors who arrived with a referral code */
  referralOrders: number;
  referralRevenue: number;
}

/** Implemented per backend beside ReportQueries (DuckDB: store/duckdb/dashboard-queries.ts). */
export interface DashboardQueries {
  dashboardDays(site: string, range: TimeRange, timeZone: string): Promise<DashboardDayRow[]>;
  dashboardTotals(site: string, range: TimeRange): Promise<DashboardTotalsRow>;
  /** per group of each visitor's first event in the range (segment: purchases before the range) */
  dashboardBreakdown(
    site: string,
    range: TimeRange,
    by: DashboardBreakdown,
    segments?: SegmentSettings,
  ): Promise<DashboardGroupRow[]>;
  /** products bought in the range, by revenue; `channel` limits them to that channel's visitors */
  dashboardProducts(
    site: string,
    range: TimeRange,
    channel: string | null,
    limit: number,
  ): Promise<DashboardProductRow[]>;
  dashboardWidgets(site: string, range: TimeRange): Promise<DashboardWidgetsRow>;
}

/** The store's dashboard queries, or undefined for a backend that has none yet (the route then answers 501). */
export const dashboardQueriesOf = (store: object): DashboardQueries | undefined =>
  'dashboardDays' in store && typeof store.dashboardDays === 'function' ? (store as DashboardQueries) : undefined;
