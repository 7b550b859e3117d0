// Experiment reports in DuckDB SQL: the funnel, conversion by exposure day, exposure periods and web vitals per variant.
import type { ReportQueries } from '../ports.js';
import type {
  ConversionPoint,
  ExposurePeriodRow,
  FunnelVariantRow,
  ReportScope,
  TimeRange,
  VitalsRow,
} from '../report-rows.js';
import { num, numOrNull } from './connection.js';
import { keyPath, simulated, type Reads } from './reads.js';

type ExperimentQueries = Pick<ReportQueries, 'funnel' | 'conversionOverTime' | 'exposurePeriods' | 'vitals'>;

export class DuckDBExperimentQueries implements ExperimentQueries {
  constructor(private readonly r: Reads) {}

  /**
   * Each visitor's first non-forced exposure in the range, up to the experiment's stop (`$until`); `sim` when any of
   * their exposures came from simulated traffic (`props.simulated`), and with `$nosim` those visitors are left out.
   */
  private static exposures = `
    x AS (
      SELECT anonymous_id AS v, arg_min(exp_variant, ts) AS variant, min(ts) AS t0,
        arg_min(session_id, ts) AS s0, arg_min(path, ts) AS p0, bool_or(${simulated()}) AS sim
      FROM events
      WHERE site = $site AND name = 'experiment_exposure' AND exp_key = $exp AND NOT exp_forced
        AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND least($to, $until)
      GROUP BY anonymous_id
      HAVING NOT ($nosim AND bool_or(${simulated()}))
    )`;

  private static scopeValues(site: string, experiment: string, range: TimeRange, scope: ReportScope) {
    return {
      site,
      exp: experiment,
      from: range.from,
      to: range.to,
      until: scope.until ?? range.to,
      nosim: !!scope.excludeSimulated,
    };
  }

  async funnel(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope = {},
  ): Promise<FunnelVariantRow[]> {
    await this.r.settle();
    const sql = `
      WITH ${DuckDBExperimentQueries.exposures},
      f AS (
        SELECT x.variant, x.v, e.name, e.value, coalesce(e.transaction_id, e.id) AS t,
          e.name = 'purchase' AND ${simulated('e.props')} AS sim
        FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name IN ('view_item', 'add_to_cart', 'begin_checkout', 'purchase') AND e.ts <= least($to, $until)
          -- pages send view_item at load, before a widget scrolls into view: a view_item earlier in the same session
          -- on the page the exposure happened on counts too; the other steps must come at or after the exposure
          AND (e.ts >= x.t0 OR (e.name = 'view_item' AND e.session_id = x.s0 AND e.path = x.p0))
      ),
      -- one row per visitor first (cheap GROUP BY), instead of four COUNT(DISTINCT) over all funnel events
      pv AS (
        SELECT variant, v, bool_or(name = 'view_item') AS a, bool_or(name = 'add_to_cart') AS b,
          bool_or(name = 'begin_checkout') AS c, bool_or(name = 'purchase') AS d
        FROM f GROUP BY variant, v
      ),
      steps AS (
        SELECT variant, count(*) FILTER (WHERE a) AS view_item, count(*) FILTER (WHERE b) AS add_to_cart,
          count(*) FILTER (WHERE c) AS begin_checkout, count(*) FILTER (WHERE d) AS purchase
        FROM pv GROUP BY variant
      ),
      orders AS (
        SELECT variant, v, t, max(coalesce(value, 0)) AS val, bool_or(sim) AS sim FROM f
        WHERE name = 'purchase' AND NOT ($nosim AND sim) GROUP BY variant, v, t
      ),
      per_visitor AS (SELECT variant, v, sum(val) AS r, count(*) AS o, count(*) FILTER (WHERE sim) AS so FROM orders GROUP BY variant, v),
      rev AS (SELECT variant, sum(r) AS revenue, sum(r * r) AS revenue_sq, sum(o) AS orders, sum(so) AS sim_orders FROM per_visitor GROUP BY variant),
      exposed AS (SELECT variant, count(*) AS exposed, count(*) FILTER (WHERE sim) AS sim_exposed FROM x GROUP BY variant)
      SELECT exposed.variant, exposed.exposed::BIGINT AS exposed, exposed.sim_exposed::BIGINT AS sim_exposed,
        coalesce(steps.view_item, 0)::BIGINT AS view_item, coalesce(steps.add_to_cart, 0)::BIGINT AS add_to_cart,
        coalesce(steps.begin_checkout, 0)::BIGINT AS begin_checkout, coalesce(steps.purchase, 0)::BIGINT AS purchase,
        coalesce(rev.orders, 0)::BIGINT AS orders, coalesce(rev.sim_orders, 0)::BIGINT AS sim_orders,
        coalesce(rev.revenue, 0)::DOUBLE AS revenue, coalesce(rev.revenue_sq, 0)::DOUBLE AS revenue_sq
      FROM exposed LEFT JOIN steps USING (variant) LEFT JOIN rev USING (variant)
      ORDER BY exposed.variant`;
    const rows = await this.r.db.rows(sql, DuckDBExperimentQueries.scopeValues(site, experiment, range, scope));
    return rows.map((r) => ({
      variant: String(r.variant),
      exposed: num(r.exposed),
      steps: {
        view_item: num(r.view_item),
        add_to_cart: num(r.add_to_cart),
        begin_checkout: num(r.begin_checkout),
        purchase: num(r.purchase),
      },
      orders: num(r.orders),
      revenue: num(r.revenue),
      revenueSq: num(r.revenue_sq),
      simulated: { exposed: num(r.sim_exposed), orders: num(r.sim_orders) },
    }));
  }

  async conversionOverTime(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope = {},
  ): Promise<ConversionPoint[]> {
    await this.r.settle();
    // Both counts by the visitor's exposure day in the report's time zone: "of those exposed that day, how many bought".
    const sql = `
      WITH ${DuckDBExperimentQueries.exposures},
      p AS (
        SELECT DISTINCT x.v FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name = 'purchase' AND e.ts >= x.t0 AND e.ts <= least($to, $until)
          AND NOT ($nosim AND ${simulated('e.props')})
      )
      SELECT x.variant, strftime(timezone($tz, make_timestamptz(x.t0 * 1000)), '%Y-%m-%d') AS day,
        count(*)::BIGINT AS exposed, count(p.v)::BIGINT AS converted
      FROM x LEFT JOIN p ON p.v = x.v GROUP BY ALL ORDER BY day, variant`;
    const rows = await this.r.db.rows(sql, {
      ...DuckDBExperimentQueries.scopeValues(site, experiment, range, scope),
      tz: scope.timeZone ?? 'UTC',
    });
    return rows.map((r) => ({
      variant: String(r.variant),
      day: String(r.day),
      exposed: num(r.exposed),
      converted: num(r.converted),
    }));
  }

  async exposurePeriods(
    site: string,
    experiment: string,
    range: TimeRange,
    bounds: number[],
    scope: ReportScope = {},
  ): Promise<ExposurePeriodRow[]> {
    await this.r.settle();
    if (!bounds.every(Number.isFinite)) throw new Error('bounds must be finite');
    // period k holds the visitors first exposed at or after bounds[k-1] and before bounds[k]
    const list = bounds.length ? `[${bounds.map((b) => Math.trunc(b)).join(', ')}]::BIGINT[]` : '[]::BIGINT[]';
    const sql = `
      WITH ${DuckDBExperimentQueries.exposures}
      SELECT variant, len(list_filter(${list}, b -> b <= t0))::INTEGER AS period, count(*)::BIGINT AS visitors
      FROM x GROUP BY ALL ORDER BY period, variant`;
    const rows = await this.r.db.rows(sql, DuckDBExperimentQueries.scopeValues(site, experiment, range, scope));
    return rows.map((r) => ({ variant: String(r.variant), period: num(r.period), visitors: num(r.visitors) }));
  }

  async vitals(site: string, experiment: string, range: TimeRange, scope: ReportScope = {}): Promise<VitalsRow[]> {
    await this.r.settle();
    const metric = (k: string) =>
      `TRY_CAST(coalesce(json_extract_string(props, '$.${k}'), json_extract_string(props, '$.${k.toUpperCase()}'), json_extract_string(props, '$.metrics.${k}'), json_extract_string(props, '$.metrics.${k.toUpperCase()}')) AS DOUBLE)`;
    const sql = `
      WITH w AS (
        SELECT json_extract_string(experiments, $path) AS variant, ${metric('lcp')} AS lcp, ${metric('inp')} AS inp, ${metric('cls')} AS cls,
          TRY_CAST(json_extract_string(props, '$.sample_rate') AS DOUBLE) AS raw_rate
        FROM events
        WHERE site = $site AND name = 'web_vitals' AND ts BETWEEN $from AND least($to, $until)
          AND json_extract_string(experiments, $path) IS NOT NULL
          AND NOT coalesce(list_contains(TRY_CAST(forced AS VARCHAR[]), $exp), false)
          AND NOT ($nosim AND ${simulated()})
      )
      -- a sampled page stands for 1/rate pages; the percentiles stay unweighted (a uniform sample of page views)
      SELECT variant, count(*)::BIGINT AS samples, sum(1 / rate)::DOUBLE AS page_views, min(rate) AS rate_lo, max(rate) AS rate_hi,
        quantile_cont(lcp, 0.75) AS lcp, quantile_cont(inp, 0.75) AS inp, quantile_cont(cls, 0.75) AS cls
      FROM (SELECT *, CASE WHEN raw_rate > 0 AND raw_rate <= 1 THEN raw_rate ELSE 1 END AS rate FROM w) GROUP BY variant ORDER BY variant`;
    const rows = await this.r.db.rows(sql, {
      ...DuckDBExperimentQueries.scopeValues(site, experiment, range, scope),
      path: keyPath(experiment),
    });
    return rows.map((r) => ({
      variant: String(r.variant),
      samples: num(r.samples),
      pageViews: num(r.page_views),
      sampleRate: num(r.rate_lo) === num(r.rate_hi) ? num(r.rate_lo) : null,
      lcp: numOrNull(r.lcp),
      inp: numOrNull(r.inp),
      cls: numOrNull(r.cls),
    }));
  }
}
