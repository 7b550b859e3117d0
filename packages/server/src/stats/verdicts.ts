// Verdicts for a family of tests (every treatment against the control, on every metric) by the method asked for.
import { chanceToBeat } from './bayes.js';
import { holm } from './holm.js';
import { liftEstimate, type Arm } from './lift.js';
import { sequentialHalfWidth, sequentialP, sequentialRho } from './sequential.js';
import { ALPHA, clamp, normalCdf, normalQuantile, notEnough, twoSidedP, type NotEnough } from './stats.js';

/**
 * `sequential` (default): always-valid confidence sequences, safe to read every day; `fixed`: the classic z-test, valid
 * only when read once at a size planned in advance; `bayesian`: chance to beat the control with a flat prior.
 */
export type Method = 'sequential' | 'fixed' | 'bayesian';
export const METHODS: readonly Method[] = ['sequential', 'fixed', 'bayesian'];

export interface Test {
  control: Arm;
  treatment: Arm;
  /** what the lift and the difference can possibly be (rates: lift >= -100%, difference within ±1) */
  bounds?: { lift: [number, number]; difference: [number, number] };
  /** a guardrail: tested one-sided for harm, outside the Holm family */
  guardrail?: boolean;
  /** false for metrics where less is better (errors, refunds, load time); default true */
  higherIsBetter?: boolean;
}

export interface MetricVerdict {
  enough: true;
  method: Method;
  scale: 'relative' | 'absolute';
  lift: number | null;
  difference: number;
  /** the lift or the difference, per `scale` */
  estimate: number;
  /** interval of the estimate at `level`, cut to what the metric can take */
  ci: [number, number];
  /**
   * fixed/sequential: 1 - the alpha of the Holm step that decided the test, so `ci` excludes 0 exactly when
   * `significant`; guardrails: 1 - 2 alpha (two-sided interval whose worse side is the one-sided test)
   */
  level: number;
  /** tests in the Holm family this one belongs to (1 for a guardrail and for bayesian) */
  comparisons: number;
  correction: 'holm' | 'none';
  /** p before the correction (one-sided towards harm for a guardrail) */
  pValueRaw: number;
  /** Holm-adjusted p (fixed, sequential); for bayesian 2·min(chance, 1 - chance), matching the credible interval */
  pValue: number;
  significant: boolean;
  /** bayesian only: P(treatment better than control) */
  chanceToBeat: number | null;
  /** guardrails only: `worse` when the treatment is shown to harm the metric */
  guardrail?: 'ok' | 'worse';
}

export type TestResult = MetricVerdict | NotEnough;

const noVariance: NotEnough = {
  enough: false,
  reason: 'noVariance',
  more: { control: 0, treatment: 0, conversions: 0 },
};
const z = (a: number) => normalQuantile(1 - a / 2);

/** Judges every test of the family at family-wise `alpha`: Holm across the non-guardrail tests (fixed, sequential). */
export function judge(tests: readonly Test[], method: Method = 'sequential', alpha = ALPHA): TestResult[] {
  const rho = sequentialRho(alpha);
  const estimates = tests.map((t) => notEnough(t.control, t.treatment) ?? liftEstimate(t.control, t.treatment));
  const interval = (est: number, se: number, n: number, a: number): [number, number] => {
    const h = method === 'sequential' ? sequentialHalfWidth(se, n, a, rho) : z(a) * se;
    return [est - h, est + h];
  };
  const twoSided = (est: number, se: number, n: number) =>
    method === 'sequential' ? sequentialP(est, se, n, rho) : twoSidedP(est / se);
  const family = tests.map((t, i) => {
    const e = estimates[i]!;
    if (t.guardrail || method === 'bayesian' || 'enough' in e || !(e.se > 0)) return NaN;
    return twoSided(e.estimate, e.se, e.n);
  });
  const m = family.filter((p) => !Number.isNaN(p)).length;
  const steps = holm(family, alpha);
  return tests.map((t, i): TestResult => {
    const e = estimates[i]!;
    if ('enough' in e) return e;
    if (!(e.se > 0)) return noVariance;
    const bounds = t.bounds ?? { lift: [-1, Infinity], difference: [-Infinity, Infinity] };
    const range = e.scale === 'relative' ? bounds.lift : bounds.difference;
    const up = t.higherIsBetter ?? true;
    const base = { enough: true as const, method, scale: e.scale, lift: e.lift, difference: e.difference };
    const chance = method === 'bayesian' ? chanceToBeat(e.estimate, e.se, up) : null;
    let ci: [number, number], level: number, pValueRaw: number, pValue: number, significant: boolean;
    if (t.guardrail) {
      // one-sided at alpha towards harm: the worse side of a two-sided interval at 2 alpha
      [ci, level] = [interval(e.estimate, e.se, e.n, 2 * alpha), 1 - 2 * alpha];
      const towardsHarm = e.estimate < 0 === up;
      // bayesian: the posterior chance it is not worse, small when harm is likely
      if (method === 'bayesian') pValueRaw = chanceToBeat(e.estimate, e.se, up);
      else if (method === 'fixed') pValueRaw = up ? normalCdf(e.estimate / e.se) : 1 - normalCdf(e.estimate / e.se);
      else {
        const half = twoSided(e.estimate, e.se, e.n) / 2;
        pValueRaw = towardsHarm ? half : 1 - half;
      }
      pValue = pValueRaw;
      significant = up ? ci[1] < 0 : ci[0] > 0;
      return {
        ...base,
        estimate: e.estimate,
        ci: [clamp(ci[0], range), clamp(ci[1], range)],
        level,
        comparisons: 1,
        correction: 'none',
        pValueRaw,
        pValue,
        significant,
        chanceToBeat: chance,
        guardrail: significant ? 'worse' : 'ok',
      };
    }
    if (method === 'bayesian') {
      ci = interval(e.estimate, e.se, e.n, alpha);
      level = 1 - alpha;
      pValueRaw = pValue = twoSidedP(e.estimate / e.se);
      significant = pValue < alpha;
    } else {
      const s = steps[i]!;
      ci = interval(e.estimate, e.se, e.n, s.stepAlpha);
      level = 1 - s.stepAlpha;
      pValueRaw = family[i]!;
      pValue = s.pAdjusted;
      significant = s.significant;
    }
    return {
      ...base,
      estimate: e.estimate,
      ci: [clamp(ci[0], range), clamp(ci[1], range)],
      level,
      comparisons: method === 'bayesian' ? 1 : m,
      correction: method === 'bayesian' ? 'none' : 'holm',
      pValueRaw,
      pValue,
      significant,
      chanceToBeat: chance,
    };
  });
}
