// An experiment's results: funnel per variant from the store, compared with the control (first variant) in JS.
import type { Experiment, NudgeConfig } from '@nudge/core/spec';
import { proportionArm, proportionBounds } from '../stats/lift.js';
import {
  ALPHA,
  MIN_CONVERSIONS,
  MIN_VISITORS,
  mixtureExpected,
  sampleRatioMismatch,
  type SrmResult,
} from '../stats/stats.js';
import { judge, type Method, type Test, type TestResult } from '../stats/verdicts.js';
import {
  FUNNEL_STEPS,
  type ConfigRecord,
  type FunnelStep,
  type FunnelVariantRow,
  type ReportQueries,
  type ReportScope,
  type TimeRange,
  type VitalsRow,
} from '../store/store.js';

export interface VariantResult {
  variant: string;
  weight: number;
  exposed: number;
  steps: Record<FunnelStep, number>;
  /** share of exposed visitors reaching each step */
  conversion: Record<FunnelStep, number>;
  orders: number;
  revenue: number;
  revenuePerVisitor: number;
  averageOrderValue: number;
  /** of `exposed` and `orders`, how many came from simulated traffic */
  simulated: { exposed: number; orders: number };
  /** against the control; absent for the control itself */
  vsControl?: { steps: Record<FunnelStep, TestResult>; revenuePerVisitor: TestResult };
}

export interface ExperimentSrm extends SrmResult {
  /** the variants tested, in the order of `observed` and `expected` (every configured variant, weight 0 included) */
  variants: string[];
  observed: number[];
  /** the weights changed while visitors were enrolling: `expected` mixes the weights in force at each first exposure */
  mixed: boolean;
}

export interface ExperimentReport {
  experiment: string;
  status: string;
  control: string;
  winner?: string;
  range: TimeRange;
  /** when the experiment first started running and when it stopped (from the config history); null if unknown / not stopped */
  startedAt: number | null;
  stoppedAt: number | null;
  /**
   * how comparisons were decided: the method (sequential unless asked), the family-wise alpha, the correction (Holm
   * across the funnel steps and revenue of every treatment; none for bayesian), the family's size, and the thresholds
   */
  method: {
    name: Method;
    alpha: number;
    correction: 'holm' | 'none';
    comparisons: number;
    minVisitors: number;
    minConversions: number;
  };
  /** simulated traffic counted in this report (zero when `excludeSimulated`), and whether it was left out */
  simulated: { exposed: number; orders: number; excluded: boolean };
  /** the time zone `overTime` days are cut in */
  timeZone: string;
  variants: VariantResult[];
  srm: ExperimentSrm | null;
  /**
   * by exposure day from the experiment's start (exposures before it, e.g. previews, are not plotted): visitors exposed
   * up to that day, and how many of them purchased (at any time up to the range end)
   */
  overTime: { day: string; variants: Record<string, { exposed: number; converted: number; rate: number }> }[];
  /** per variant: samples received, the page views they stand for (sampling), p75 of each metric */
  vitals: VitalsRow[];
  queryMs: number;
}

const empty = (variant: string): FunnelVariantRow => ({
  variant,
  exposed: 0,
  steps: { view_item: 0, add_to_cart: 0, begin_checkout: 0, purchase: 0 },
  orders: 0,
  revenue: 0,
  revenueSq: 0,
  simulated: { exposed: 0, orders: 0 },
});

function revenueStats(r: FunnelVariantRow) {
  const n = r.exposed;
  const mean = n ? r.revenue / n : 0;
  const variance = n > 1 ? Math.max(0, (r.revenueSq - n * mean * mean) / (n - 1)) : 0;
  return { n, mean, variance, conversions: r.steps.purchase };
}

/** The experiment as each published version had it, oldest first. */
export interface ExperimentTimeline {
  at: number;
  exp: Experiment | undefined;
}

function timelineOf(history: readonly ConfigRecord[], key: string): ExperimentTimeline[] {
  return [...history]
    .sort((a, b) => a.version - b.version)
    .map((r) => ({ at: r.createdAt, exp: r.doc.experiments?.find((e) => e.key === key) }));
}

/** First time the experiment ran, and when it stopped if it is stopped now (the start of its last stopped stretch). */
export function lifetime(
  timeline: ExperimentTimeline[],
  current: Experiment,
): { startedAt: number | null; stoppedAt: number | null } {
  const startedAt = timeline.find((t) => t.exp?.status === 'running')?.at ?? null;
  let stoppedAt: number | null = null;
  if (current.status === 'stopped') {
    for (let i = timeline.length - 1; i >= 0 && timeline[i]!.exp?.status === 'stopped'; i--)
      stoppedAt = timeline[i]!.at;
  }
  return { startedAt, stoppedAt };
}

/**
 * Periods of constant weights (for `variants`, in that order): the weights of each, and the times the later ones
 * began. Visitors exposed before the first version follow its weights.
 */
function weightPeriods(
  timeline: ExperimentTimeline[],
  variants: string[],
  current: number[],
): { bounds: number[]; weights: number[][] } {
  const bounds: number[] = [];
  const weights: number[][] = [];
  for (const t of timeline) {
    if (!t.exp) continue;
    const w = variants.map((v) => t.exp!.variants.find((x) => x.key === v)?.weight ?? 0);
    const sum = w.reduce((a, b) => a + b, 0);
    if (!(sum > 0)) continue;
    const last = weights[weights.length - 1];
    const lastSum = last?.reduce((a, b) => a + b, 0) ?? 0;
    if (last && w.every((x, i) => Math.abs(x / sum - last[i]! / lastSum) < 1e-12)) continue;
    if (weights.length) bounds.push(t.at);
    weights.push(w);
  }
  if (!weights.length) weights.push(current);
  return { bounds, weights };
}

/** `history`: the site's config versions (the control store's), for when the experiment ran and its weights. */
export async function experimentReport(
  store: Pick<ReportQueries, 'funnel' | 'conversionOverTime' | 'vitals' | 'exposurePeriods'>,
  history: readonly ConfigRecord[],
  config: NudgeConfig,
  key: string,
  range: TimeRange,
  options: { excludeSimulated?: boolean; timeZone?: string; method?: Method; summary?: boolean } = {},
): Promise<ExperimentReport | undefined> {
  const exp = config.experiments.find((e) => e.key === key);
  if (!exp) return undefined;
  const started = performance.now();
  const timeline = timelineOf(history, key);
  const { startedAt, stoppedAt } = lifetime(timeline, exp);
  const timeZone = options.timeZone ?? 'UTC';
  const scope: ReportScope = {
    excludeSimulated: !!options.excludeSimulated,
    timeZone,
    ...(stoppedAt !== null ? { until: stoppedAt } : {}),
  };
  const configuredKeys = exp.variants.map((v) => v.key);
  const periods = weightPeriods(
    timeline,
    configuredKeys,
    exp.variants.map((v) => v.weight),
  );
  // a summary (the Experiments list) needs the funnel only: the charts' and vitals' queries are not run for it
  const summary = !!options.summary;
  const [rows, points, vitals, exposurePeriods] = await Promise.all([
    store.funnel(config.site, key, range, scope),
    summary ? Promise.resolve([]) : store.conversionOverTime(config.site, key, range, scope),
    summary ? Promise.resolve([]) : store.vitals(config.site, key, range, scope),
    !summary && periods.bounds.length
      ? store.exposurePeriods(config.site, key, range, periods.bounds, scope)
      : Promise.resolve(null),
  ]);
  const queryMs = performance.now() - started;
  const byVariant = new Map(rows.map((r) => [r.variant, r]));
  const order = [...configuredKeys, ...rows.map((r) => r.variant).filter((v) => !configuredKeys.includes(v))];
  const control = exp.variants[0]!.key;
  const controlRow = byVariant.get(control) ?? empty(control);
  const method = options.method ?? 'sequential';
  // One Holm family: the four steps and revenue of every treatment someone saw (a variant switched off, weight 0,
  // makes no comparison and so costs the others no confidence).
  const seen = order.filter((v) => v !== control && (byVariant.get(v)?.exposed ?? 0) > 0);
  const controlArm = (s: FunnelStep) => proportionArm({ n: controlRow.exposed, conversions: controlRow.steps[s] });
  const tests: Test[] = seen.flatMap((v) => {
    const r = byVariant.get(v)!;
    return [
      ...FUNNEL_STEPS.map((s) => ({
        control: controlArm(s),
        treatment: proportionArm({ n: r.exposed, conversions: r.steps[s] }),
        bounds: proportionBounds(controlArm(s)),
      })),
      { control: revenueStats(controlRow), treatment: revenueStats(r) },
    ];
  });
  const verdicts = judge(tests, method);
  const comparisons = method === 'bayesian' ? 1 : Math.max(1, verdicts.filter((v) => v.enough).length);
  const variants = order.map((variant): VariantResult => {
    const r = byVariant.get(variant) ?? empty(variant);
    const conversion = Object.fromEntries(
      FUNNEL_STEPS.map((s) => [s, r.exposed ? r.steps[s] / r.exposed : 0]),
    ) as Record<FunnelStep, number>;
    const result: VariantResult = {
      variant,
      weight: exp.variants.find((v) => v.key === variant)?.weight ?? 0,
      exposed: r.exposed,
      steps: r.steps,
      conversion,
      orders: r.orders,
      revenue: r.revenue,
      revenuePerVisitor: r.exposed ? r.revenue / r.exposed : 0,
      averageOrderValue: r.orders ? r.revenue / r.orders : 0,
      simulated: r.simulated,
    };
    const k = seen.indexOf(variant);
    if (k >= 0) {
      const mine = verdicts.slice(k * 5, k * 5 + 5);
      result.vsControl = {
        steps: Object.fromEntries(FUNNEL_STEPS.map((s, i) => [s, mine[i]!])) as Record<FunnelStep, TestResult>,
        revenuePerVisitor: mine[4]!,
      };
    } else if (variant !== control) {
      // nobody saw it: no verdict, and what a comparison would need
      const none = judge([{ control: controlArm('purchase'), treatment: proportionArm({ n: 0, conversions: 0 }) }])[0]!;
      result.vsControl = {
        steps: Object.fromEntries(FUNNEL_STEPS.map((s) => [s, none])) as Record<FunnelStep, TestResult>,
        revenuePerVisitor: none,
      };
    }
    return result;
  });

  // SRM over every configured variant (weight 0 included): a visitor in a variant with no weight is a mismatch.
  const observed = configuredKeys.map((v) => byVariant.get(v)?.exposed ?? 0);
  let expected = periods.weights[0]!;
  if (exposurePeriods) {
    const visitors = periods.weights.map(() => 0);
    for (const p of exposurePeriods)
      if (configuredKeys.includes(p.variant)) visitors[p.period] = (visitors[p.period] ?? 0) + p.visitors;
    expected = mixtureExpected(periods.weights.map((weights, i) => ({ weights, visitors: visitors[i] ?? 0 })));
  }
  const srmResult = sampleRatioMismatch(observed, expected);
  const srm: ExperimentSrm | null = srmResult && {
    ...srmResult,
    variants: configuredKeys,
    observed,
    mixed: periods.bounds.length > 0,
  };

  // Cumulative conversion by exposure day: visitors exposed up to the day, and how many of them have purchased.
  const startDay = startedAt === null ? '' : dayIn(startedAt, timeZone);
  const days = [...new Set(points.map((p) => p.day))].filter((d) => d >= startDay).sort();
  const running = new Map<string, { exposed: number; converted: number }>();
  const overTime = days.map((day) => {
    const out: Record<string, { exposed: number; converted: number; rate: number }> = {};
    for (const variant of order) {
      const acc = running.get(variant) ?? { exposed: 0, converted: 0 };
      for (const p of points)
        if (p.day === day && p.variant === variant) {
          acc.exposed += p.exposed;
          acc.converted += p.converted;
        }
      running.set(variant, acc);
      out[variant] = { ...acc, rate: acc.exposed ? acc.converted / acc.exposed : 0 };
    }
    return { day, variants: out };
  });
  const simulated = {
    exposed: variants.reduce((a, v) => a + v.simulated.exposed, 0),
    orders: variants.reduce((a, v) => a + v.simulated.orders, 0),
    excluded: !!options.excludeSimulated,
  };
  return {
    experiment: key,
    status: exp.status,
    control,
    ...(exp.winner ? { winner: exp.winner } : {}),
    range,
    startedAt,
    stoppedAt,
    method: {
      name: method,
      alpha: ALPHA,
      correction: method === 'bayesian' ? 'none' : 'holm',
      comparisons,
      minVisitors: MIN_VISITORS,
      minConversions: MIN_CONVERSIONS,
    },
    simulated,
    timeZone,
    variants,
    srm,
    overTime,
    vitals,
    queryMs,
  };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone, as the over-time query cuts days. */
function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}
