// The shop dashboard in DuckDB SQL: visitors, buyers, orders and revenue per day, by group, products and widgets.
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
import { num } from './connection.js';
import type { Reads } from './reads.js';
import { deviceSql, segmentSql, segmentValues, sourceSql, usedValues } from './visitor-groups.js';

/** One row per order: a purchase sent twice (same transaction id) counts once, at its first time. */
const ORDERS = `SELECT anonymous_id AS v, coalesce(transaction_id, id) AS t, min(ts) AS ts, max(coalesce(value, 0)) AS val,
    bool_or(coalesce(json_extract_string(props, '$.coupon'), '') <> '') AS coupon
  FROM events WHERE site = $site AND name = 'purchase' AND anonymous_id IS NOT NULL AND ts <= $to GROUP BY ALL`;

export class DuckDBDashboardQueries implements DashboardQueries {
  constructor(private readonly r: Reads) {}

  private async rows(sql: string, values: Record<string, string | number>) {
    await this.r.settle();
    return this.r.db.rows(sql, usedValues(sql, values));
  }

  async dashboardDays(site: string, range: TimeRange, timeZone: string): Promise<DashboardDayRow[]> {
    const day = (col: string) => `strftime(timezone($tz, make_timestamptz(${col} * 1000)), '%Y-%m-%d')`;
    const rows = await this.rows(
      `WITH first AS (SELECT anonymous_id AS v, min(ts) AS t0 FROM events WHERE site = $site AND anonymous_id IS NOT NULL GROUP BY ALL),
      pv AS (
        SELECT ${day('ts')} AS day, anonymous_id AS v FROM events
        WHERE site = $site AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND $to GROUP BY ALL
      ),
      o AS (SELECT ${day('ts')} AS day, v, val FROM (${ORDERS}) WHERE ts BETWEEN $from AND $to),
      od AS (SELECT day, count(*) AS orders, sum(val) AS revenue, count(DISTINCT v) AS buyers FROM o GROUP BY day)
      SELECT pv.day, count(*)::BIGINT AS visitors, count(*) FILTER (WHERE ${day('first.t0')} = pv.day)::BIGINT AS new_visitors,
        any_value(coalesce(od.buyers, 0))::BIGINT AS buyers, any_value(coalesce(od.orders, 0))::BIGINT AS orders,
        any_value(coalesce(od.revenue, 0))::DOUBLE AS revenue
      FROM pv JOIN first USING (v) LEFT JOIN od USING (day) GROUP BY pv.day ORDER BY pv.day`,
      { site, from: range.from, to: range.to, tz: timeZone },
    );
    return rows.map((r) => ({
      day: String(r.day),
      visitors: num(r.visitors),
      newVisitors: num(r.new_visitors),
      buyers: num(r.buyers),
      orders: num(r.orders),
      revenue: num(r.revenue),
    }));
  }

  async dashboardTotals(site: string, range: TimeRange): Promise<DashboardTotalsRow> {
    const [r] = await this.rows(
      `WITH v AS (
        SELECT anonymous_id AS v, bool_or(ts BETWEEN $from AND $to) AS here, min(ts) AS t0 FROM events
        WHERE site = $site AND anonymous_id IS NOT NULL AND ts <= $to GROUP BY ALL
      ),
      o AS (${ORDERS}),
      b AS (SELECT v, count(*) FILTER (WHERE ts >= $from) AS here, count(*) AS ever, sum(val) FILTER (WHERE ts >= $from) AS val FROM o GROUP BY v)
      SELECT (SELECT count(*) FROM v WHERE here)::BIGINT AS visitors,
        (SELECT count(*) FROM v WHERE here AND t0 >= $from)::BIGINT AS new_visitors,
        (SELECT count(*) FROM b WHERE here > 0)::BIGINT AS buyers,
        (SELECT coalesce(sum(here), 0) FROM b)::BIGINT AS orders,
        (SELECT coalesce(sum(val), 0) FROM b)::DOUBLE AS revenue,
        (SELECT count(*) FROM b WHERE here > 0 AND ever >= 2)::BIGINT AS repeat_buyers`,
      { site, from: range.from, to: range.to },
    );
    return {
      visitors: num(r?.visitors),
      newVisitors: num(r?.new_visitors),
      buyers: num(r?.buyers),
      orders: num(r?.orders),
      revenue: num(r?.revenue),
      repeatBuyers: num(r?.repeat_buyers),
    };
  }

  /** Each visitor's group, from their first event in the range. */
  private static groups(by: DashboardBreakdown): { expr: string; ctes: string } {
    if (by === 'device') return { expr: deviceSql('g.ctx'), ctes: '' };
    if (by === 'channel') return { expr: sourceSql('g.ctx', 'g.ref', 'g.url'), ctes: '' };
    return {
      expr: segmentSql('h', '$from'),
      ctes: `, h AS (SELECT v, count(*) AS orders, sum(val) AS spent, max(ts) AS last FROM (${ORDERS}) WHERE ts < $from GROUP BY v)`,
    };
  }

  private static visitorGroups(by: DashboardBreakdown) {
    const g = DuckDBDashboardQueries.groups(by);
    return `g AS (
        SELECT anonymous_id AS v, arg_min(context, ts) AS ctx, arg_min(referrer, ts) AS ref, arg_min(url, ts) AS url
        FROM events WHERE site = $site AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND $to GROUP BY ALL
      )${g.ctes},
      vg AS (SELECT g.v, (${g.expr}) AS grp FROM g ${by === 'segment' ? 'LEFT JOIN h ON h.v = g.v' : ''})`;
  }

  async dashboardBreakdown(
    site: string,
    range: TimeRange,
    by: DashboardBreakdown,
    segments: SegmentSettings = {},
  ): Promise<DashboardGroupRow[]> {
    const rows = await this.rows(
      `WITH ${DuckDBDashboardQueries.visitorGroups(by)},
      o AS (SELECT * FROM (${ORDERS}) WHERE ts BETWEEN $from AND $to),
      ov AS (SELECT v, count(*) AS orders, sum(val) AS revenue FROM o GROUP BY v)
      SELECT grp AS value, count(*)::BIGINT AS visitors, count(ov.v)::BIGINT AS buyers,
        coalesce(sum(ov.orders), 0)::BIGINT AS orders, coalesce(sum(ov.revenue), 0)::DOUBLE AS revenue
      FROM vg LEFT JOIN ov USING (v) GROUP BY grp ORDER BY visitors DESC, grp`,
      { site, from: range.from, to: range.to, ...segmentValues(segments) },
    );
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
    const items = `from_json(coalesce(json_extract(props, '$.items'), '[]'), '[{"item_id":"VARCHAR","item_name":"VARCHAR","price":"VARCHAR","quantity":"VARCHAR"}]')`;
    const rows = await this.rows(
      `WITH ${DuckDBDashboardQueries.visitorGroups('channel')},
      p AS (
        SELECT anonymous_id AS v, coalesce(transaction_id, id) AS t, any_value(props) AS props FROM events
        WHERE site = $site AND name = 'purchase' AND ts BETWEEN $from AND $to AND anonymous_id IS NOT NULL
          ${channel === null ? '' : 'AND anonymous_id IN (SELECT v FROM vg WHERE grp = $channel)'}
        GROUP BY ALL
      ),
      i AS (SELECT t, unnest(${items}) AS it FROM p)
      SELECT it.item_id AS item_id, any_value(it.item_name) AS name, count(DISTINCT t)::BIGINT AS orders,
        sum(coalesce(TRY_CAST(it.quantity AS DOUBLE), 1))::DOUBLE AS units,
        sum(coalesce(TRY_CAST(it.price AS DOUBLE), 0) * coalesce(TRY_CAST(it.quantity AS DOUBLE), 1))::DOUBLE AS revenue
      FROM i WHERE it.item_id IS NOT NULL GROUP BY it.item_id ORDER BY revenue DESC, item_id LIMIT $limit`,
      { site, from: range.from, to: range.to, limit, ...(channel === null ? {} : { channel }) },
    );
    return rows.map((r) => ({
      itemId: String(r.item_id),
      name: r.name === null ? null : String(r.name),
      orders: num(r.orders),
      units: num(r.units),
      revenue: num(r.revenue),
    }));
  }

  async dashboardWidgets(site: string, range: TimeRange): Promise<DashboardWidgetsRow> {
    const [r] = await this.rows(
      `WITH o AS (SELECT * FROM (${ORDERS}) WHERE ts BETWEEN $from AND $to),
      referred AS (
        SELECT DISTINCT anonymous_id AS v FROM events
        WHERE site = $site AND ref_code IS NOT NULL AND anonymous_id IS NOT NULL AND ts <= $to
      )
      SELECT (SELECT count(*) FROM events WHERE site = $site AND name = 'select_promotion' AND ts BETWEEN $from AND $to)::BIGINT AS claims,
        (SELECT count(*) FROM o WHERE coupon)::BIGINT AS redemptions,
        (SELECT count(*) FROM o WHERE v IN (SELECT v FROM referred))::BIGINT AS referral_orders,
        (SELECT coalesce(sum(val), 0) FROM o WHERE v IN (SELECT v FROM referred))::DOUBLE AS referral_revenue`,
      { site, from: range.from, to: range.to },
    );
    return {
      claims: num(r?.claims),
      redemptions: num(r?.redemptions),
      referralOrders: num(r?.referral_orders),
      referralRevenue: num(r?.referral_revenue),
    };
  }
}
