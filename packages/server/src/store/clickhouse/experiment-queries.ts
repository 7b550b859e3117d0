// Experiment reports in ClickHouse SQL, one pass per visitor: the funnel, conversion by day, exposure periods, vitals.
import type { ReportQueries } from '../ports.js';
import type {
  ConversionPoint,
  ExposurePeriodRow,
  FunnelVariantRow,
  ReportScope,
  TimeRange,
  VitalsRow,
} from '../report-rows.js';
import { events, num, numOrNull, PER_SHARD_VISITORS, type Reads } from './reads.js';
import { lit } from './sql.js';

type ExperimentQueries = Pick<ReportQueries, 'funnel' | 'conversionOverTime' | 'exposurePeriods' | 'vitals'>;

interface Scope {
  site: string;
  exp: string;
  from: number;
  to: number;
  nosim: boolean;
}

const scopeOf = (site: string, exp: string, range: TimeRange, scope: ReportScope): Scope => ({
  site,
  exp,
  from: Math.trunc(range.from),
  to: Math.trunc(Math.min(range.to, scope.until ?? range.to)),
  nosim: !!scope.excludeSimulated,
});

/**
 * One row per exposed visitor, grouped on the shard that holds them: the first non-forced exposure in the range
 * (variant, time, session and page), whether any exposure was simulated, and `evs`, the visitor's events named in
 * `names` up to the end of the range as (name, ts, session, page, value, order key, simulated). The conditions that
 * compare an event with the exposure run over `evs`, so the table is read once, not joined to itself.
 */
function visitors(s: Scope, names: string[]): string {
  const named = names.length ? `name IN (${names.map(lit).join(', ')}) AND ts <= ${lit(s.to)}` : '0';
  const isx = `name = 'experiment_exposure' AND ifNull(exp_key, '') = ${lit(s.exp)} AND exp_forced = 0 AND ts BETWEEN ${lit(s.from)} AND ${lit(s.to)}`;
  // tuples keep a null session or page in the pick (argMin alone would skip the row and take another exposure's)
  return `
    SELECT anonymous_id AS v, argMinIf((ifNull(exp_variant, ''), ifNull(session_id, '\\0no session'), ifNull(path, '\\0no page')), ts, ${isx}) AS first,
      first.1 AS variant, minIf(ts, ${isx}) AS t0, first.2 AS s0, first.3 AS p0, maxIf(simulated, ${isx}) AS sim,
      groupArrayIf((name, ts, ifNull(session_id, '\\0null'), ifNull(path, '\\0null'), ifNull(value, 0), ifNull(transaction_id, id), simulated),
        ${named}) AS evs
    FROM ${events(s.site)} AND anonymous_id IS NOT NULL
      AND ((${isx}) OR (${named}))
    GROUP BY anonymous_id
    HAVING countIf(${isx}) > 0 ${s.nosim ? 'AND sim = 0' : ''}`;
}

/** Read by no one: keeps the exposure columns a lambda one level down reads (18.16 would drop them otherwise). */
const KEEP = 'max(t0) AS keep_t0, any(s0) AS keep_s0, any(p0) AS keep_p0';

export class ClickHouseExperimentQueries implements ExperimentQueries {
  constructor(private readonly r: Reads) {}

  async funnel(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope = {},
  ): Promise<FunnelVariantRow[]> {
    await this.r.settle();
    const s = scopeOf(site, experiment, range, scope);
    const nosim = s.nosim ? 1 : 0;
    // pages send view_item at load, before a widget scrolls into view: a view_item earlier in the same session on the
    // page the exposure happened on counts too; the other steps must come at or after the exposure. Orders count once
    // per transaction (its largest value), revenue per visitor feeds the variance.
    // 18.16 drops a subquery column that only a lambda reads, so the per-visitor level computes plain values and the
    // outer level names t0, s0 and p0 once more (KEEP)
    const sql = `
      SELECT variant, count() AS exposed, countIf(sim = 1) AS sim_exposed, sum(a) AS view_item, sum(b) AS add_to_cart,
        sum(c) AS begin_checkout, sum(d) AS purchase, sum(length(txs)) AS orders, sum(so) AS sim_orders,
        sum(r) AS revenue, sum(r * r) AS revenue_sq, ${KEEP}
      FROM (
        SELECT variant, sim, t0, s0, p0, arrayFilter(e -> e.2 >= t0 OR (e.1 = 'view_item' AND e.3 = s0 AND e.4 = p0), evs) AS f,
          arrayExists(e -> e.1 = 'view_item', f) AS a, arrayExists(e -> e.1 = 'add_to_cart', f) AS b,
          arrayExists(e -> e.1 = 'begin_checkout', f) AS c, arrayExists(e -> e.1 = 'purchase', f) AS d,
          arrayFilter(e -> e.1 = 'purchase' AND NOT (${nosim} = 1 AND e.7 = 1), f) AS ps,
          arrayDistinct(arrayMap(e -> e.6, ps)) AS txs,
          arraySum(arrayMap(t -> arrayReduce('max', arrayMap(e -> e.5, arrayFilter(e -> e.6 = t, ps))), txs)) AS r,
          arrayCount(t -> arrayExists(e -> e.6 = t AND e.7 = 1, ps), txs) AS so
        FROM (${visitors(s, ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'])})
      )
      GROUP BY variant ORDER BY variant`;
    const rows = await this.r.nodes.rows(sql, PER_SHARD_VISITORS);
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
    const s = scopeOf(site, experiment, range, scope);
    const nosim = s.nosim ? 1 : 0;
    // Both counts by the visitor's exposure day in the report's time zone: "of those exposed that day, how many bought".
    const sql = `
      SELECT variant, day, count() AS exposed, sum(bought) AS converted, ${KEEP}
      FROM (
        SELECT variant, t0, s0, p0, formatDateTime(toDateTime(intDiv(t0, 1000)), '%Y-%m-%d', ${lit(scope.timeZone ?? 'UTC')}) AS day,
          arrayExists(e -> e.1 = 'purchase' AND e.2 >= t0 AND NOT (${nosim} = 1 AND e.7 = 1), evs) AS bought
        FROM (${visitors(s, ['purchase'])})
      )
      GROUP BY variant, day ORDER BY day, variant`;
    const rows = await this.r.nodes.rows(sql, PER_SHARD_VISITORS);
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
    const s = scopeOf(site, experiment, range, scope);
    // period k holds the visitors first exposed at or after bounds[k-1] and before bounds[k]
    const period = bounds.length ? bounds.map((b) => `(t0 >= ${lit(Math.trunc(b))})`).join(' + ') : '0';
    const sql = `
      SELECT variant, ${period} AS period, count() AS visitors
      FROM (${visitors(s, [])}) GROUP BY variant, period ORDER BY period, variant`;
    const rows = await this.r.nodes.rows(sql, PER_SHARD_VISITORS);
    return rows.map((r) => ({ variant: String(r.variant), period: num(r.period), visitors: num(r.visitors) }));
  }

  async vitals(site: string, experiment: string, range: TimeRange, scope: ReportScope = {}): Promise<VitalsRow[]> {
    await this.r.settle();
    const s = scopeOf(site, experiment, range, scope);
    // p75 interpolated between the two nearest values, as quantile_cont does (18.16 has no exact interpolating
    // quantile); a sampled page stands for 1/rate pages, the percentiles stay unweighted (a uniform sample)
    const p75 = (col: string) => `
      if(length(${col}s) = 0, NULL, toNullable(arrayElement(${col}s, toUInt64(floor((length(${col}s) - 1) * 0.75)) + 1)
        + ((length(${col}s) - 1) * 0.75 - floor((length(${col}s) - 1) * 0.75))
        * (arrayElement(${col}s, least(toUInt64(floor((length(${col}s) - 1) * 0.75)) + 2, length(${col}s)))
           - arrayElement(${col}s, toUInt64(floor((length(${col}s) - 1) * 0.75)) + 1)))) AS ${col}`;
    const sql = `
      SELECT variant, samples, page_views, rate_lo, rate_hi, ${p75('lcp')}, ${p75('inp')}, ${p75('cls')}
      FROM (
        SELECT variant, count() AS samples, sum(1 / rate) AS page_views, min(rate) AS rate_lo, max(rate) AS rate_hi,
          arraySort(groupArray(lcp)) AS lcps, arraySort(groupArray(inp)) AS inps, arraySort(groupArray(cls)) AS clss
        FROM (
          SELECT exp_values[indexOf(exp_keys, ${lit(s.exp)})] AS variant, lcp, inp, cls,
            if(ifNull(sample_rate, 0) > 0 AND ifNull(sample_rate, 0) <= 1, ifNull(sample_rate, 0), 1) AS rate
          FROM ${events(s.site)} AND name = 'web_vitals' AND ts BETWEEN ${lit(s.from)} AND ${lit(s.to)}
            AND has(exp_keys, ${lit(s.exp)}) AND NOT has(forced_keys, ${lit(s.exp)}) ${s.nosim ? 'AND simulated = 0' : ''}
        )
        GROUP BY variant
      ) ORDER BY variant`;
    const rows = await this.r.nodes.rows(sql);
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
