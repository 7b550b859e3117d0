// Per-variant sums of any measure (event + property filters, per visitor) in ClickHouse 18.16 SQL, with CUPED and breakdowns.
import type { Filter, Measure } from '../../metrics/definition.js';
import type { MetricQueries, MetricSumsRequest, MetricSumsRow } from '../metric-queries.js';
import type { ReportScope, TimeRange } from '../report-rows.js';
import { events, num, PER_SHARD_VISITORS, type Reads } from './reads.js';
import { lit } from './sql.js';
import { DEVICE, LOCALE, propHas, propNum, propText, segmentSql, SOURCE_FIELDS, sourceOf } from './visitor-groups.js';

const VALUE = `ifNull(value, ifNull(${propNum('value')}, 0))`;
/** The purchase's `discount` prop, else its items' discount × quantity (GA4's item discount is per unit). */
const DISCOUNT = `ifNull(${propNum('discount')}, arraySum(arrayMap((d, q) -> ifNull(d, 0) * ifNull(q, 1), item_discounts, item_qtys)))`;
/** Items' price × quantity × (1 - margin): the item's own margin, else the site's; with neither the item adds nothing. */
const cogs = (margin: number | null) => {
  const own = `ifNull(m, -1) >= 0 AND ifNull(m, -1) <= 1`;
  const line = (share: string) => `ifNull(p, 0) * ifNull(q, 1) * (1 - ${share})`;
  const other = margin === null ? '0' : line(lit(margin));
  return `arraySum(arrayMap((p, q, m) -> if(${own}, ${line('ifNull(m, 0)')}, ${other}), item_prices, item_qtys, item_margins))`;
};

/** SQL for the number a measure reads from one event row. */
function valueOf(m: Measure, margin: number | null): string {
  if (m.aggregate !== 'sum') return '1';
  switch (m.property) {
    case 'value':
      return VALUE;
    case 'discount':
      return DISCOUNT;
    case 'cost_of_goods':
      return cogs(margin);
    case 'profit':
      return `(${VALUE} - ${DISCOUNT} - ${cogs(margin)})`;
    default:
      return `ifNull(${propNum(m.property!)}, 0)`;
  }
}

/** As the DuckDB reports: an absent property differs from every value (`ne` matches it, the others do not). */
function filterSql(f: Filter): string {
  if (f.op === 'exists') return `${propText(f.property)} != ''`;
  if (f.op === 'missing') return `${propText(f.property)} = ''`;
  const cmp = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
  const absent = f.op === 'ne' ? 1 : 0;
  const v = f.value!;
  if (typeof v === 'number') return `ifNull(${propNum(f.property)} ${cmp} ${lit(v)}, ${absent})`;
  return `if(${propHas(f.property)}, ${propText(f.property)} ${cmp} ${lit(typeof v === 'boolean' ? String(v) : v)}, ${absent})`;
}

const condition = (m: Measure) => [`name = ${lit(m.event)}`, ...m.filters.map(filterSql)].join(' AND ');

/** The per-visitor figure over the deduplicated events `d` (with phases `dp`) of one phase. */
const aggregate = (m: Measure, i: number, phase: 0 | 1) => {
  const c = 7 + 2 * i;
  const when = `p = ${phase} AND e.${c} = 1`;
  if (m.aggregate === 'converted') return `arrayExists((e, p) -> ${when}, d, dp)`;
  if (m.aggregate === 'count') return `arrayCount((e, p) -> ${when}, d, dp)`;
  return `arraySum(arrayMap((e, p) -> if(${when}, e.${c + 1}, 0), d, dp))`;
};

/** The visitor's group from the first exposure's row (device, source, locale) or from their events before it. */
function group(req: MetricSumsRequest): { row: string; visitor: string } {
  switch (req.breakdown) {
    case undefined:
      return { row: "''", visitor: 'NULL' };
    case 'device':
      return { row: DEVICE, visitor: 'g0' };
    case 'source':
      return { row: SOURCE_FIELDS, visitor: sourceOf('g0') };
    case 'locale':
      return { row: LOCALE, visitor: 'g0' };
    case 'visitor_type':
      // returning: seen in an earlier session (a missing one matching a missing one) before the exposure
      return { row: "''", visitor: `if(arrayExists(e -> e.2 < t0 AND e.1 != s0, seen), 'returning', 'new')` };
    case 'segment': {
      // on the purchases this browser made before exposure, one per order (its largest value, its last time)
      const o = `arrayFilter(e -> e.3 < t0, bought)`;
      const keys = `arrayDistinct(arrayMap(e -> e.1, ${o}))`;
      const spent = `arraySum(arrayMap(k -> arrayReduce('max', arrayMap(e -> e.2, arrayFilter(e -> e.1 = k AND e.3 < t0, bought))), ${keys}))`;
      const last = `arrayReduce('max', arrayMap(e -> e.3, ${o}))`;
      return { row: "''", visitor: segmentSql(`length(${keys})`, spent, last, 't0', req.segments) };
    }
  }
}

export class ClickHouseMetricQueries implements MetricQueries {
  constructor(private readonly r: Reads) {}

  async metricSums(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope,
    req: MetricSumsRequest,
  ): Promise<MetricSumsRow[]> {
    await this.r.settle();
    const from = Math.trunc(range.from);
    const to = Math.trunc(Math.min(range.to, scope.until ?? range.to));
    const pre = Math.max(0, Math.trunc(req.preExposureMs));
    const nosim = !!scope.excludeSimulated;
    const names = [...new Set(req.measures.map((m) => m.event))];
    const isx = `name = 'experiment_exposure' AND ifNull(exp_key, '') = ${lit(experiment)} AND exp_forced = 0 AND ts BETWEEN ${lit(from)} AND ${lit(to)}`;
    const named = names.length
      ? `name IN (${names.map(lit).join(', ')}) AND ts <= ${lit(to)}${nosim ? ' AND simulated = 0' : ''}`
      : '0';
    const g = group(req);
    // per event: name, time, session, page, order key, value, then each measure's condition and number
    const tuple = [
      'name',
      'ts',
      "ifNull(session_id, '\\0null')",
      "ifNull(path, '\\0null')",
      'ifNull(transaction_id, id)',
      'value',
      ...req.measures.flatMap((m) => [`toUInt8(${condition(m)})`, `toFloat64(${valueOf(m, req.margin)})`]),
    ];
    const extra = [
      req.breakdown === 'visitor_type' ? `groupArray((ifNull(session_id, '\\0no session'), ts)) AS seen` : '',
      req.breakdown === 'segment'
        ? `groupArrayIf((ifNull(transaction_id, id), ifNull(value, 0), ts), name = 'purchase') AS bought`
        : '',
    ].filter(Boolean);
    const wide = extra.length ? '1' : `(${isx}) OR (${named})`;
    const per = req.measures.flatMap((m, i) => [`${aggregate(m, i, 1)} AS y${i}`, `${aggregate(m, i, 0)} AS x${i}`]);
    const sums = req.measures.flatMap((_, i) => [
      `sum(toFloat64(y${i})) AS m_s${i}`,
      `sum(toFloat64(y${i}) * y${i}) AS m_q${i}`,
      `countIf(y${i} != 0) AS m_nz${i}`,
      `sum(toFloat64(x${i})) AS m_ps${i}`,
      `sum(toFloat64(x${i}) * x${i}) AS m_pq${i}`,
      `sum(toFloat64(x${i}) * y${i}) AS m_pxy${i}`,
    ]);
    const cross = req.pairs.map(([a, b], k) => `sum(toFloat64(y${a}) * y${b}) AS m_c${k}`);
    // Level 1 gathers each exposed visitor's events on their shard; level 2 keeps those after the exposure (a
    // view_item earlier in its session on its page too) or within `pre` before it, one per order and phase (the one
    // with the largest value), and sums each measure per visitor; level 3 adds visitors up per variant and group.
    // 18.16 drops a subquery column only a lambda reads, so level 3 names t0, s0 and p0 once more.
    const sql = `
      SELECT variant, grp, count() AS n${sums.length ? ', ' + sums.join(', ') : ''}${cross.length ? ', ' + cross.join(', ') : ''},
        max(t0) AS keep_t0, any(s0) AS keep_s0, any(p0) AS keep_p0
      FROM (
        SELECT first.1 AS variant, ${g.visitor} AS grp, t0, s0, p0,
          arrayFilter(e -> e.2 >= t0 - ${lit(pre)} OR (e.1 = 'view_item' AND e.3 = s0 AND e.4 = p0),
            arrayReverseSort(e -> e.6, evs)) AS f,
          arrayMap(e -> toUInt8(e.2 >= t0 OR (e.1 = 'view_item' AND e.3 = s0 AND e.4 = p0)), f) AS fp,
          arrayMap((e, p) -> (e.1, e.5, p), f, fp) AS keys,
          arrayFilter((e, i) -> indexOf(keys, keys[i]) = i, f, arrayEnumerate(f)) AS d,
          arrayFilter((p, i) -> indexOf(keys, keys[i]) = i, fp, arrayEnumerate(fp)) AS dp
          ${per.length ? ', ' + per.join(', ') : ''}
        FROM (
          SELECT anonymous_id AS v,
            argMinIf((ifNull(exp_variant, ''), ifNull(session_id, '\\0no session'), ifNull(path, '\\0no page'), ${g.row}), ts, ${isx}) AS first,
            minIf(ts, ${isx}) AS t0, first.2 AS s0, first.3 AS p0, first.4 AS g0, maxIf(simulated, ${isx}) AS sim,
            groupArrayIf((${tuple.join(', ')}), ${named}) AS evs${extra.length ? ', ' + extra.join(', ') : ''}
          FROM ${events(site)} AND anonymous_id IS NOT NULL AND (${wide})
          GROUP BY anonymous_id
          HAVING countIf(${isx}) > 0 ${nosim ? 'AND sim = 0' : ''}
        )
      )
      GROUP BY variant, grp ORDER BY variant, grp`;
    const rows = await this.r.nodes.rows(sql, PER_SHARD_VISITORS);
    return rows.map((r) => ({
      variant: String(r.variant),
      group: req.breakdown === undefined || r.grp === null || r.grp === undefined ? null : String(r.grp),
      n: num(r.n),
      measures: req.measures.map((_, i) => ({
        sum: num(r[`m_s${i}`]),
        sumSq: num(r[`m_q${i}`]),
        nonZero: num(r[`m_nz${i}`]),
        pre: { sum: num(r[`m_ps${i}`]), sumSq: num(r[`m_pq${i}`]), sumXY: num(r[`m_pxy${i}`]) },
      })),
      cross: req.pairs.map((_, k) => num(r[`m_c${k}`])),
    }));
  }
}
