// From per-variant sums to each metric's value and verdict per variant: arms (plain, CUPED or ratio), then one Holm family.
import { cuped } from '../stats/cuped.js';
import { proportionBounds, type Arm } from '../stats/lift.js';
import { judge, type Method, type Test, type TestResult } from '../stats/verdicts.js';
import type { MeasureSums, MetricSumsRequest, MetricSumsRow } from '../store/metric-queries.js';
import { needsMargin, type Measure, type MetricDefinition } from './definition.js';

export type Role = 'goal' | 'secondary' | 'guardrail';

export interface MetricVariant {
  variant: string;
  /** visitors exposed */
  n: number;
  /** mean per visitor, or the ratio of the totals; unadjusted (what happened) */
  value: number;
  /** the adjusted mean CUPED compared, when it was applied */
  adjusted?: number;
  /** against the control; absent for the control */
  vsControl?: TestResult;
}

export interface MetricResult {
  key: string;
  name: string;
  role: Role;
  format: MetricDefinition['format'];
  higherIsBetter: boolean;
  ratio: boolean;
  /** CUPED applied (asked for, and the metric is not a ratio) */
  cuped: boolean;
  variants: MetricVariant[];
  /** why there is no result, e.g. profit without a margin */
  unavailable?: string;
}

export interface Plan {
  request: Pick<MetricSumsRequest, 'measures' | 'pairs'>;
  /** per metric: its numerator's measure index, and its denominator's and their pair's when a ratio */
  index: { num: number; den?: number; pair?: number }[];
}

/** Collects the distinct measures (and ratio pairs) the metrics read, so one query serves them all. */
export function plan(metrics: readonly MetricDefinition[]): Plan {
  const measures: Measure[] = [];
  const pairs: [number, number][] = [];
  const at = (m: Measure) => {
    const key = JSON.stringify(m);
    const i = measures.findIndex((x) => JSON.stringify(x) === key);
    return i >= 0 ? i : measures.push(m) - 1;
  };
  const index = metrics.map((m) => {
    const num = at(m.numerator);
    if (!m.denominator) return { num };
    const den = at(m.denominator);
    return { num, den, pair: pairs.push([num, den]) - 1 };
  });
  return { request: { measures, pairs }, index };
}

const variance = (n: number, sum: number, sumSq: number) =>
  n > 1 ? Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) : 0;

function plainArm(n: number, m: MeasureSums): Arm {
  return { n, mean: n ? m.sum / n : 0, variance: variance(n, m.sum, m.sumSq), conversions: m.nonZero };
}

/**
 * Ratio of totals R = sum(N) / sum(D) with the delta-method variance of a ratio of means:
 * var(R) = (var N - 2 R cov(N, D) + R² var D) / (n · mean(D)²). As an Arm its variance is n · var(R).
 */
function ratioArm(n: number, a: MeasureSums, b: MeasureSums, cross: number): Arm {
  if (!(b.sum > 0) || n < 2) return { n, mean: 0, variance: 0, conversions: a.nonZero };
  const r = a.sum / b.sum;
  const md = b.sum / n;
  const cov = (cross - (a.sum * b.sum) / n) / (n - 1);
  const v = (variance(n, a.sum, a.sumSq) - 2 * r * cov + r * r * variance(n, b.sum, b.sumSq)) / (n * md * md);
  return { n, mean: r, variance: Math.max(0, n * v), conversions: Math.min(a.nonZero, b.nonZero) };
}

export interface JudgeOptions {
  method: Method;
  cuped: boolean;
  /** the control first; variants nobody saw make no comparison */
  variants: readonly string[];
  margin: number | null;
}

/** Results for one group of rows (all visitors, or one value of a breakdown). */
export function metricResults(
  metrics: readonly { def: MetricDefinition; role: Role }[],
  p: Plan,
  rows: readonly MetricSumsRow[],
  opts: JudgeOptions,
): MetricResult[] {
  const byVariant = new Map(rows.map((r) => [r.variant, r]));
  const seen = opts.variants.slice(1).filter((v) => (byVariant.get(v)?.n ?? 0) > 0);
  const tests: Test[] = [];
  const slots: { metric: number; variant: string }[] = [];
  const results = metrics.map(({ def, role }, mi): MetricResult => {
    const ix = p.index[mi]!;
    const ratio = ix.den !== undefined;
    const useCuped = opts.cuped && !ratio;
    const base = {
      key: def.key,
      name: def.name,
      role,
      format: def.format,
      higherIsBetter: def.higherIsBetter,
      ratio,
      cuped: useCuped,
    };
    if (needsMargin(def) && opts.margin === null)
      return {
        ...base,
        variants: [],
        unavailable: 'needs the site margin (PUT .../metrics/settings { "margin": 0.4 })',
      };
    const armOf = (v: string): Arm => {
      const r = byVariant.get(v);
      if (!r) return { n: 0, mean: 0, variance: 0, conversions: 0 };
      return ratio
        ? ratioArm(r.n, r.measures[ix.num]!, r.measures[ix.den!]!, r.cross[ix.pair!]!)
        : plainArm(r.n, r.measures[ix.num]!);
    };
    const raw = opts.variants.map(armOf);
    let arms = raw;
    if (useCuped) {
      const sums = opts.variants.map((v) => {
        const r = byVariant.get(v);
        const m = r?.measures[ix.num];
        return {
          n: r?.n ?? 0,
          sumY: m?.sum ?? 0,
          sumY2: m?.sumSq ?? 0,
          sumX: m?.pre.sum ?? 0,
          sumX2: m?.pre.sumSq ?? 0,
          sumXY: m?.pre.sumXY ?? 0,
          conversions: m?.nonZero ?? 0,
        };
      });
      arms = cuped(sums).arms;
    }
    const variants = opts.variants.map((variant, i): MetricVariant => ({
      variant,
      n: raw[i]!.n,
      value: raw[i]!.mean,
      ...(useCuped ? { adjusted: arms[i]!.mean } : {}),
    }));
    const converted = def.numerator.aggregate === 'converted' && !ratio;
    for (const v of seen) {
      const i = opts.variants.indexOf(v);
      tests.push({
        control: arms[0]!,
        treatment: arms[i]!,
        ...(converted ? { bounds: proportionBounds(arms[0]!) } : {}),
        guardrail: role === 'guardrail',
        higherIsBetter: def.higherIsBetter,
      });
      slots.push({ metric: mi, variant: v });
    }
    return { ...base, variants };
  });
  const verdicts = judge(tests, opts.method);
  slots.forEach(({ metric, variant }, k) => {
    const v = results[metric]!.variants.find((x) => x.variant === variant);
    if (v) v.vsControl = verdicts[k]!;
  });
  return results;
}
