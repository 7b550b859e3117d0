// Per-variant sums of any measure (event + property filters, per visitor) in DuckDB SQL, with CUPED covariates and breakdowns.
import type { Filter, Measure } from '../../metrics/definition.js';
import type { MetricQueries, MetricSumsRequest, MetricSumsRow } from '../metric-queries.js';
import type { ReportScope, TimeRange } from '../report-rows.js';
import { num } from './connection.js';
import { simulated, type Reads } from './reads.js';
import { deviceSql, segmentSql, segmentValues, sourceSql, usedValues } from './visitor-groups.js';

type Values = Record<string, string | number | boolean | null>;

/** Each item's fields as text, cast per use: a custom item parameter may hold anything, and a report must not fail. */
const ITEMS = `from_json(coalesce(json_extract(d.props, '$.items'), '[]'), '[{"price":"VARCHAR","quantity":"VARCHAR","discount":"VARCHAR","margin":"VARCHAR"}]')`;
const dbl = (x: string) => `TRY_CAST(${x} AS DOUBLE)`;
const itemMargin = `CASE WHEN ${dbl('i.margin')} BETWEEN 0 AND 1 THEN ${dbl('i.margin')} ELSE $margin END`;
const DISCOUNT = `coalesce(${dbl(`json_extract_string(d.props, '$.discount')`)},
  list_sum(list_transform(${ITEMS}, i -> coalesce(${dbl('i.discount')}, 0) * coalesce(${dbl('i.quantity')}, 1))), 0)`;
const COGS = `coalesce(list_sum(list_transform(${ITEMS}, i -> coalesce(${dbl('i.price')}, 0) * coalesce(${dbl('i.quantity')}, 1) * (1 - ${itemMargin}))), 0)`;
const VALUE = `coalesce(d.value, ${dbl(`json_extract_string(d.props, '$.value')`)}, 0)`;

/** SQL for the number a measure reads from one (deduplicated) event row `d`, its params bound by name. */
function valueOf(m: Measure, i: number, values: Values): string {
  if (m.aggregate !== 'sum') return '1';
  switch (m.property) {
    case 'value':
      return VALUE;
    case 'discount':
      return DISCOUNT;
    case 'cost_of_goods':
      return COGS;
    case 'profit':
      return `(${VALUE} - ${DISCOUNT} - ${COGS})`;
    default:
      values[`vp${i}`] = `$.${m.property}`;
      return `coalesce(${dbl(`json_extract_string(d.props, $vp${i})`)}, 0)`;
  }
}

function filterSql(f: Filter, name: string, values: Values): string {
  values[`${name}p`] = `$.${f.property}`;
  const text = `json_extract_string(d.props, $${name}p)`;
  if (f.op === 'exists') return `coalesce(${text}, '') <> ''`;
  if (f.op === 'missing') return `coalesce(${text}, '') = ''`;
  const v = f.value!;
  const cmp = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
  values[`${name}v`] = typeof v === 'boolean' ? String(v) : v;
  // a property that is absent differs from every value: `ne` matches it, the others do not
  const wrap = (expr: string) => (f.op === 'ne' ? `coalesce(${expr}, true)` : `coalesce(${expr}, false)`);
  return typeof v === 'number' ? wrap(`${dbl(text)} ${cmp} $${name}v`) : wrap(`${text} ${cmp} $${name}v`);
}

function condition(m: Measure, i: number, values: Values): string {
  values[`ev${i}`] = m.event;
  return [`d.name = $ev${i}`, ...m.filters.map((f, j) => filterSql(f, `f${i}_${j}`, values))].join(' AND ');
}

const aggregate = (m: Measure, when: string, value: string) =>
  m.aggregate === 'converted'
    ? `coalesce(max(CASE WHEN ${when} THEN 1 END), 0)`
    : m.aggregate === 'count'
      ? `count(CASE WHEN ${when} THEN 1 END)`
      : `coalesce(sum(CASE WHEN ${when} THEN ${value} END), 0)`;

function groupSql(req: MetricSumsRequest, values: Values): { expr: string; ctes: string } {
  switch (req.breakdown) {
    case undefined:
      return { expr: 'NULL', ctes: '' };
    case 'device':
      return { expr: deviceSql('x.ctx0'), ctes: '' };
    case 'locale':
      return { expr: `coalesce(nullif(json_extract_string(x.ctx0, '$.locale'), ''), 'unknown')`, ctes: '' };
    case 'source':
      return { expr: sourceSql('x.ctx0', 'x.ref0', 'x.url0'), ctes: '' };
    case 'visitor_type':
      // returning: seen in an earlier session before the exposure
      return {
        expr: `CASE WHEN EXISTS (SELECT 1 FROM events p WHERE p.site = $site AND p.anonymous_id = x.v AND p.ts < x.t0
          AND p.session_id IS DISTINCT FROM x.s0) THEN 'returning' ELSE 'new' END`,
        ctes: '',
      };
    case 'segment':
      // on the purchases this browser made before exposure
      Object.assign(values, segmentValues(req.segments ?? {}));
      return {
        expr: segmentSql('h', 'x.t0'),
        ctes: `,
      o AS (
        SELECT x.v, coalesce(e.transaction_id, e.id) AS t, max(coalesce(e.value, 0)) AS val, max(e.ts) AS ts
        FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name = 'purchase' AND e.ts < x.t0 GROUP BY ALL
      ),
      h AS (SELECT v, count(*) AS orders, sum(val) AS spent, max(ts) AS last FROM o GROUP BY v)`,
      };
  }
}

export class DuckDBMetricQueries implements MetricQueries {
  constructor(private readonly r: Reads) {}

  async metricSums(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope,
    req: MetricSumsRequest,
  ): Promise<MetricSumsRow[]> {
    await this.r.settle();
    const values: Values = {
      site,
      exp: experiment,
      from: range.from,
      to: range.to,
      until: scope.until ?? range.to,
      nosim: !!scope.excludeSimulated,
      pre: Math.max(0, Math.trunc(req.preExposureMs)),
      margin: req.margin,
    };
    const names = [...new Set(req.measures.map((m) => m.event))];
    names.forEach((n, i) => (values[`name${i}`] = n));
    const conds = req.measures.map((m, i) => condition(m, i, values));
    const vals = req.measures.map((m, i) => valueOf(m, i, values));
    const group = groupSql(req, values);
    const per = req.measures.flatMap((m, i) => [
      `${aggregate(m, `d.phase = 'post' AND ${conds[i]}`, vals[i]!)} AS y${i}`,
      `${aggregate(m, `d.phase = 'pre' AND ${conds[i]}`, vals[i]!)} AS x${i}`,
    ]);
    const sums = req.measures.flatMap((_, i) => [
      `sum(coalesce(pv.y${i}, 0))::DOUBLE AS s${i}`,
      `sum(coalesce(pv.y${i}, 0) ^ 2)::DOUBLE AS q${i}`,
      `count(*) FILTER (WHERE coalesce(pv.y${i}, 0) <> 0)::BIGINT AS nz${i}`,
      `sum(coalesce(pv.x${i}, 0))::DOUBLE AS ps${i}`,
      `sum(coalesce(pv.x${i}, 0) ^ 2)::DOUBLE AS pq${i}`,
      `sum(coalesce(pv.x${i}, 0) * coalesce(pv.y${i}, 0))::DOUBLE AS pxy${i}`,
    ]);
    const cross = req.pairs.map(([a, b], k) => `sum(coalesce(pv.y${a}, 0) * coalesce(pv.y${b}, 0))::DOUBLE AS c${k}`);
    const sql = `
      WITH x AS (
        SELECT anonymous_id AS v, arg_min(exp_variant, ts) AS variant, min(ts) AS t0, arg_min(session_id, ts) AS s0,
          arg_min(path, ts) AS p0, arg_min(context, ts) AS ctx0, arg_min(referrer, ts) AS ref0, arg_min(url, ts) AS url0
        FROM events
        WHERE site = $site AND name = 'experiment_exposure' AND exp_key = $exp AND NOT exp_forced
          AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND least($to, $until)
        GROUP BY anonymous_id
        HAVING NOT ($nosim AND bool_or(${simulated()}))
      )${group.ctes},
      f AS (
        SELECT x.v, e.name, e.props, e.value, coalesce(e.transaction_id, e.id) AS k,
          -- as the funnel: a view_item earlier in the exposure's session on its page counts as after it
          CASE WHEN e.ts >= x.t0 OR (e.name = 'view_item' AND e.session_id = x.s0 AND e.path = x.p0) THEN 'post' ELSE 'pre' END AS phase
        FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name IN (${names.map((_, i) => `$name${i}`).join(', ') || "''"})
          AND e.ts <= least($to, $until) AND NOT ($nosim AND ${simulated('e.props')})
          AND (e.ts >= x.t0 - $pre OR (e.name = 'view_item' AND e.session_id = x.s0 AND e.path = x.p0))
      ),
      -- one row per order (a purchase sent twice counts once), per phase
      d AS (SELECT v, name, phase, any_value(props) AS props, max(value) AS value FROM f GROUP BY v, name, k, phase),
      pv AS (SELECT v, ${per.join(', ') || '0 AS none'} FROM d GROUP BY v)
      SELECT x.variant, (${group.expr}) AS grp, count(*)::BIGINT AS n${sums.length ? ', ' + sums.join(', ') : ''}${cross.length ? ', ' + cross.join(', ') : ''}
      FROM x ${req.breakdown === 'segment' ? 'LEFT JOIN h ON h.v = x.v' : ''} LEFT JOIN pv ON pv.v = x.v
      GROUP BY ALL ORDER BY x.variant, grp`;
    // DuckDB refuses a named value the statement does not use (the margin without profit, the segment thresholds)
    const rows = await this.r.db.rows(sql, usedValues(sql, values));
    return rows.map((r) => ({
      variant: String(r.variant),
      group: r.grp === null || r.grp === undefined ? null : String(r.grp),
      n: num(r.n),
      measures: req.measures.map((_, i) => ({
        sum: num(r[`s${i}`]),
        sumSq: num(r[`q${i}`]),
        nonZero: num(r[`nz${i}`]),
        pre: { sum: num(r[`ps${i}`]), sumSq: num(r[`pq${i}`]), sumXY: num(r[`pxy${i}`]) },
      })),
      cross: req.pairs.map((_, k) => num(r[`c${k}`])),
    }));
  }
}
