// The shop dashboard in ClickHouse 18.16 SQL: visitors, buyers, orders and revenue per day, by group, products, widgets.
import type { SegmentSettings } from '@nudge/core/spec';
import type {
  DashboardBreakdown,
  DashboardDayRow,
  DashboardGroupRow,
  DashboardProductRow,
  DashboardQueries,
  DashboardTotalsRow,
  DashboardWidgetsRow,
} from '../dashboard-queries.js';
import type { TimeRange } from '../report-rows.js';
import { events, num, PER_SHARD_VISITORS, type Reads } from './reads.js';
import { lit } from './sql.js';
import { DEVICE, propText, segmentSql, SOURCE_FIELDS, sourceOf } from './visitor-groups.js';

/**
 * A visitor's purchases up to `to` as (order key, time, value, coupon); `orders(...)` folds them to one per order (a
 * purchase sent twice counts once, at its first time, with its largest value, a coupon if any copy had one).
 */
const PURCHASES = (to: number) =>
  `groupArrayIf((ifNull(transaction_id, id), ts, ifNull(value, 0), toUInt8(${propText('coupon')} != '')), name = 'purchase' AND ts <= ${lit(to)}) AS ps`;
const ORDERS = `arrayMap(k -> (k, arrayReduce('min', arrayMap(e -> e.2, arrayFilter(e -> e.1 = k, ps))),
    arrayReduce('max', arrayMap(e -> e.3, arrayFilter(e -> e.1 = k, ps))),
    arrayReduce('max', arrayMap(e -> e.4, arrayFilter(e -> e.1 = k, ps)))), arrayDistinct(arrayMap(e -> e.1, ps)))`;

export class ClickHouseDashboardQueries implements DashboardQueries {
  constructor(private readonly r: Reads) {}

  private async rows(sql: string) {
    await this.r.settle();
    return this.r.nodes.rows(sql, PER_SHARD_VISITORS);
  }

  async dashboardDays(site: string, range: TimeRange, timeZone: string): Promise<DashboardDayRow[]> {
    const [from, to] = [Math.trunc(range.from), Math.trunc(range.to)];
    // days as YYYYMMDD numbers (cheaper per event than formatted text), formatted once per day below
    const day = (col: string) => `toYYYYMMDD(toDateTime(intDiv(${col}, 1000)), ${lit(timeZone)})`;
    // an order's first time is one of the visitor's events in the range, so its day is among the visitor's days
    const rows = await this.rows(`
      SELECT day, count() AS visitors, countIf(${day('t0')} = day) AS new_visitors, countIf(n > 0) AS buyers,
        sum(n) AS orders, sum(rev) AS revenue
      FROM (
        SELECT v, t0, arrayJoin(days) AS day,
          arrayFilter(o -> o.2 BETWEEN ${lit(from)} AND ${lit(to)}, ${ORDERS}) AS os,
          arrayCount(o -> ${day('o.2')} = day, os) AS n, arraySum(arrayMap(o -> if(${day('o.2')} = day, o.3, 0), os)) AS rev
        FROM (
          SELECT anonymous_id AS v, min(ts) AS t0, groupUniqArrayIf(${day('ts')}, ts BETWEEN ${lit(from)} AND ${lit(to)}) AS days,
            ${PURCHASES(to)}
          FROM ${events(site)} AND anonymous_id IS NOT NULL GROUP BY anonymous_id
        )
      )
      GROUP BY day ORDER BY day`);
    return rows.map((r) => ({
      day: String(r.day).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
      visitors: num(r.visitors),
      newVisitors: num(r.new_visitors),
      buyers: num(r.buyers),
      orders: num(r.orders),
      revenue: num(r.revenue),
    }));
  }

  async dashboardTotals(site: string, range: TimeRange): Promise<DashboardTotalsRow> {
    const [from, to] = [Math.trunc(range.from), Math.trunc(range.to)];
    const [r] = await this.rows(`
      SELECT countIf(here) AS visitors, countIf(here AND t0 >= ${lit(from)}) AS new_visitors, countIf(n > 0) AS buyers,
        sum(n) AS orders, sum(rev) AS revenue, countIf(n > 0 AND length(os) >= 2) AS repeat_buyers
      FROM (
        SELECT here, t0, ${ORDERS} AS os, arrayCount(o -> o.2 >= ${lit(from)}, os) AS n,
          arraySum(arrayMap(o -> if(o.2 >= ${lit(from)}, o.3, 0), os)) AS rev
        FROM (
          SELECT anonymous_id AS v, max(ts >= ${lit(from)}) AS here, min(ts) AS t0, ${PURCHASES(to)}
          FROM ${events(site)} AND anonymous_id IS NOT NULL AND ts <= ${lit(to)} GROUP BY anonymous_id
        )
      )`);
    return {
      visitors: num(r?.visitors),
      newVisitors: num(r?.new_visitors),
      buyers: num(r?.buyers),
      orders: num(r?.orders),
      revenue: num(r?.revenue),
      repeatBuyers: num(r?.repeat_buyers),
    };
  }

  /**
   * One row per visitor with an event in the range: their group (from their first event there; segment: their orders
   * before the range) and their orders in the range, as `os`.
   */
  private static visitors(site: string, range: TimeRange, by: DashboardBreakdown, segments: SegmentSettings): string {
    const [from, to] = [Math.trunc(range.from), Math.trunc(range.to)];
    const inRange = `ts BETWEEN ${lit(from)} AND ${lit(to)}`;
    const before = `arrayFilter(o -> o.2 < ${lit(from)}, all)`;
    const grp =
      by === 'segment'
        ? segmentSql(
            `length(${before})`,
            `arraySum(arrayMap(o -> o.3, ${before}))`,
            `arrayReduce('max', arrayMap(o -> o.2, ${before}))`,
            lit(from),
            segments,
          )
        : by === 'channel'
          ? sourceOf('g')
          : 'g';
    return `
      SELECT v, ${grp} AS grp, arrayFilter(o -> o.2 >= ${lit(from)}, all) AS os, ps
      FROM (
        SELECT v, g, ps, ${ORDERS} AS all
        FROM (
          SELECT anonymous_id AS v, argMinIf(${by === 'device' ? DEVICE : SOURCE_FIELDS}, ts, ${inRange}) AS g, ${PURCHASES(to)}
          FROM ${events(site)} AND anonymous_id IS NOT NULL AND ts <= ${lit(to)} GROUP BY anonymous_id
          HAVING countIf(${inRange}) > 0
        )
      )`;
  }

  async dashboardBreakdown(
    site: string,
    range: TimeRange,
    by: DashboardBreakdown,
    segments: SegmentSettings = {},
  ): Promise<DashboardGroupRow[]> {
    const rows = await this.rows(`
      SELECT grp AS value, count() AS visitors, countIf(length(os) > 0) AS buyers, sum(length(os)) AS orders,
        sum(arraySum(arrayMap(o -> o.3, os))) AS revenue
      FROM (${ClickHouseDashboardQueries.visitors(site, range, by, segments)})
      GROUP BY grp ORDER BY visitors DESC, grp`);
    return rows.map((r) => ({
      value: String(r.value),
      visitors: num(r.visitors),
      buyers: num(r.buyers),
      orders: num(r.orders),
      revenue: num(r.revenue),
    }));
  }

  async dashboardProducts(
    site: string,
    range: TimeRange,
    channel: string | null,
    limit: number,
  ): Promise<DashboardProductRow[]> {
    const [from, to] = [Math.trunc(range.from), Math.trunc(range.to)];
    const inRange = `ts BETWEEN ${lit(from)} AND ${lit(to)}`;
    // each order in the range once (one stored copy's items) among the channel's visitors, its items one row each
    const rows = await this.rows(`
      SELECT it.1 AS item_id, any(it.2) AS name, uniqExact(k) AS orders, sum(ifNull(it.4, 1)) AS units,
        sum(ifNull(it.3, 0) * ifNull(it.4, 1)) AS revenue
      FROM (
        SELECT k, arrayJoin(arrayMap((i, n, p, q) -> (i, n, p, q), o.2, o.3, o.4, o.5)) AS it
        FROM (
          SELECT arrayJoin(arrayMap(t -> arrayFirst(e -> e.1 = t, ip), arrayDistinct(arrayMap(e -> e.1, ip)))) AS o, o.1 AS k
          FROM (
            SELECT anonymous_id AS v, argMinIf(${SOURCE_FIELDS}, ts, ${inRange}) AS g,
              groupArrayIf((ifNull(transaction_id, id), item_ids, item_names, item_prices, item_qtys),
                name = 'purchase' AND ${inRange}) AS ip
            FROM ${events(site)} AND anonymous_id IS NOT NULL AND ts <= ${lit(to)} GROUP BY anonymous_id
            HAVING countIf(${inRange}) > 0
          )
          ${channel === null ? '' : `WHERE ${sourceOf('g')} = ${lit(channel)}`}
        )
      )
      WHERE isNotNull(it.1) GROUP BY item_id ORDER BY revenue DESC, item_id LIMIT ${lit(Math.max(0, Math.trunc(limit)))}`);
    return rows.map((r) => ({
      itemId: String(r.item_id),
      name: r.name === null ? null : String(r.name),
      orders: num(r.orders),
      units: num(r.units),
      revenue: num(r.revenue),
    }));
  }

  async dashboardWidgets(site: string, range: TimeRange): Promise<DashboardWidgetsRow> {
    const [from, to] = [Math.trunc(range.from), Math.trunc(range.to)];
    const [r] = await this.rows(`
      SELECT sum(claims) AS claims, sumIf(arrayCount(o -> o.4 = 1, os), known) AS redemptions,
        sumIf(length(os), known AND referred) AS referral_orders,
        sumIf(arraySum(arrayMap(o -> o.3, os)), known AND referred) AS referral_revenue
      FROM (
        SELECT claims, referred, isNotNull(v) AS known, arrayFilter(o -> o.2 >= ${lit(from)}, ${ORDERS}) AS os
        FROM (
          SELECT anonymous_id AS v, countIf(name = 'select_promotion' AND ts >= ${lit(from)}) AS claims,
            max(isNotNull(ref_code)) AS referred, ${PURCHASES(to)}
          FROM ${events(site)} AND ts <= ${lit(to)} GROUP BY anonymous_id
        )
      )`);
    return {
      claims: num(r?.claims),
      redemptions: num(r?.redemptions),
      referralOrders: num(r?.referral_orders),
      referralRevenue: num(r?.referral_revenue),
    };
  }
}
