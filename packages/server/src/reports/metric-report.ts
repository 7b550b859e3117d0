// An experiment's metrics (goal, secondary, guardrails) per variant by the method asked for, whole and broken down.
import type { NudgeConfig } from '@nudge/core/spec';
import type { MetricStore } from '../metrics/store.js';
import { metricResults, plan, type MetricResult, type Role } from '../metrics/results.js';
import { ALPHA } from '../stats/stats.js';
import type { Method } from '../stats/verdicts.js';
import type { Breakdown, MetricQueries } from '../store/metric-queries.js';
import type { ReportScope, TimeRange } from '../store/store.js';

/** How far back CUPED looks for each visitor's activity before exposure. */
export const PRE_EXPOSURE_DAYS = 14;

export interface MetricReportOptions {
  /** metric keys to report; default: the experiment's goal, secondary metrics and guardrails */
  metrics?: readonly string[];
  method: Method;
  cuped: boolean;
  breakdown?: Breakdown;
}

export interface MetricReport {
  statistics: {
    method: Method;
    cuped: boolean;
    preExposureDays: number;
    alpha: number;
    /** holm across every goal and secondary metric × treatment; none for bayesian */
    correction: 'holm' | 'none';
    /** guardrails: one-sided at alpha, outside the Holm family, flagged when a variant makes them worse */
    guardrails: 'one-sided';
  };
  metrics: MetricResult[];
  breakdown?: { by: Breakdown; groups: { value: string; visitors: number; metrics: MetricResult[] }[] };
}

/** Unknown metric keys asked for (so the route can answer 400 naming them). */
export class UnknownMetrics extends Error {
  constructor(readonly keys: string[]) {
    super(`unknown metrics: ${keys.join(', ')}`);
  }
}

export async function metricReport(
  q: MetricQueries,
  store: MetricStore,
  config: NudgeConfig,
  key: string,
  range: TimeRange,
  scope: ReportScope,
  opts: MetricReportOptions,
): Promise<MetricReport | undefined> {
  const exp = config.experiments.find((e) => e.key === key);
  if (!exp) return undefined;
  const [all, roles, { margin }] = await Promise.all([
    store.list(config.site),
    store.experimentMetrics(config.site, key),
    store.settings(config.site),
  ]);
  const roleOf = new Map<string, Role>([
    ...roles.guardrails.map((k) => [k, 'guardrail'] as const),
    ...roles.secondary.map((k) => [k, 'secondary'] as const),
    [roles.goal, 'goal'] as const,
  ]);
  const keys = opts.metrics?.length ? [...new Set(opts.metrics)] : [...roleOf.keys()].sort(byRole(roleOf));
  const unknown = keys.filter((k) => !all.some((m) => m.key === k));
  if (unknown.length) throw new UnknownMetrics(unknown);
  const chosen = keys.map((k) => ({
    def: all.find((m) => m.key === k)!,
    role: roleOf.get(k) ?? ('secondary' as Role),
  }));
  const p = plan(chosen.map((c) => c.def));
  const rows = await q.metricSums(config.site, key, range, scope, {
    ...p.request,
    margin,
    preExposureMs: opts.cuped ? PRE_EXPOSURE_DAYS * 86_400_000 : 0,
    ...(opts.breakdown ? { breakdown: opts.breakdown, segments: config.segments ?? {} } : {}),
  });
  const configured = exp.variants.map((v) => v.key);
  const variants = [...configured, ...[...new Set(rows.map((r) => r.variant))].filter((v) => !configured.includes(v))];
  const judgeOpts = { method: opts.method, cuped: opts.cuped, variants, margin };
  const report: MetricReport = {
    statistics: {
      method: opts.method,
      cuped: opts.cuped,
      preExposureDays: PRE_EXPOSURE_DAYS,
      alpha: ALPHA,
      correction: opts.method === 'bayesian' ? 'none' : 'holm',
      guardrails: 'one-sided',
    },
    metrics: [],
  };
  if (!opts.breakdown) {
    report.metrics = metricResults(chosen, p, rows, judgeOpts);
    return report;
  }
  // the whole: the groups' sums added up per variant
  const whole = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const w = whole.get(r.variant);
    if (!w) whole.set(r.variant, structuredClone({ ...r, group: null }));
    else {
      w.n += r.n;
      w.measures.forEach((m, i) => {
        const o = r.measures[i]!;
        m.sum += o.sum;
        m.sumSq += o.sumSq;
        m.nonZero += o.nonZero;
        m.pre.sum += o.pre.sum;
        m.pre.sumSq += o.pre.sumSq;
        m.pre.sumXY += o.pre.sumXY;
      });
      w.cross.forEach((_, k) => (w.cross[k]! += r.cross[k]!));
    }
  }
  report.metrics = metricResults(chosen, p, [...whole.values()], judgeOpts);
  const groups = [...new Set(rows.map((r) => r.group ?? 'unknown'))].sort();
  report.breakdown = {
    by: opts.breakdown,
    groups: groups.map((value) => {
      const mine = rows.filter((r) => (r.group ?? 'unknown') === value);
      return {
        value,
        visitors: mine.reduce((a, r) => a + r.n, 0),
        metrics: metricResults(chosen, p, mine, judgeOpts),
      };
    }),
  };
  return report;
}

const ORDER: Record<Role, number> = { goal: 0, secondary: 1, guardrail: 2 };
const byRole = (roles: Map<string, Role>) => (a: string, b: string) => ORDER[roles.get(a)!] - ORDER[roles.get(b)!];
