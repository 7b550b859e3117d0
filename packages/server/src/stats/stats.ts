// Frequentist statistics for experiment results: delta-method lift tests (absolute difference when an arm is at 0),
// minimum samples, Bonferroni across treatments, SRM chi-square against the weights in force.
import { liftEstimate, proportionArm, proportionBounds, type Arm } from './lift.js';

export type { Arm } from './lift.js';

/** Complementary error function; Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized upper incomplete gamma Q(a, x) (series below a+1, continued fraction above). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a,
      term = sum,
      ap = a;
    for (let n = 0; n < 500; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - lg));
  }
  const tiny = 1e-300;
  let b = x + 1 - a,
    c = 1 / tiny,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lg) * h;
}

/** Upper tail of the chi-square distribution: P(X >= x) with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

export const Z95 = 1.959963984540054;

/** Inverse of the standard normal cdf: Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5,
      r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/** Below these a comparison gives no verdict: visitors in each arm, and conversions (buyers) in the two arms together. */
export const MIN_VISITORS = 100;
export const MIN_CONVERSIONS = 10;
/** Family-wise error rate per metric: each treatment's p-value is multiplied by the number of treatments (Bonferroni). */
export const ALPHA = 0.05;

/** A verdict: one test gives the estimate's interval, the p-value and `significant`, so they cannot disagree. */
export interface Verdict {
  enough: true;
  /**
   * `relative`: lift m1/m0 - 1 with the delta-method standard error; `absolute`: difference m1 - m0 with Welch's
   * standard error, used when an arm's mean is 0 (a relative lift is then undefined or -100% with no spread).
   */
  scale: 'relative' | 'absolute';
  /** relative lift, e.g. 0.12 for +12%; null on the absolute scale when the control mean is 0 */
  lift: number | null;
  /** m1 - m0 */
  difference: number;
  /** interval of the estimate on `scale` (lift or difference), at `level`, cut to what the metric can take */
  ci: [number, number];
  /** confidence level of `ci`: 1 - ALPHA / comparisons */
  level: number;
  /** treatments compared with the control on this metric (the Bonferroni factor) */
  comparisons: number;
  /** two-sided p-value of the same z statistic, before the correction */
  pValueRaw: number;
  /** min(1, pValueRaw × comparisons): what `significant` is decided on and what the console shows */
  pValue: number;
  /** pValue < ALPHA, equivalently: `ci` excludes 0 */
  significant: boolean;
}

/** Too little data for a verdict, and how much more is needed. */
export interface NotEnough {
  enough: false;
  /** `sample`: under MIN_VISITORS per arm or MIN_CONVERSIONS in all; `noVariance`: every visitor has the same value */
  reason: 'sample' | 'noVariance';
  /** more visitors needed in the control and in the treatment, and more conversions (or buyers) in all */
  more: { control: number; treatment: number; conversions: number };
}

export type Comparison = Verdict | NotEnough;

export interface CompareOptions {
  /** treatments compared with the same control on this metric (default 1) */
  comparisons?: number;
  /** what the relative lift and the difference can possibly be, e.g. rates: lift >= -100%, difference within ±1 */
  bounds?: { lift: [number, number]; difference: [number, number] };
}

export const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));

/**
 * Treatment vs control on one metric. Relative lift and its interval by the delta method on the ratio of means (as
 * GrowthBook's frequentist engine does), and the p-value from the same standard error: z = lift / SE(lift).
 */
export function compareMeans(control: Arm, treatment: Arm, opts: CompareOptions = {}): Comparison {
  const short = notEnough(control, treatment);
  if (short) return short;
  const comparisons = Math.max(1, Math.floor(opts.comparisons ?? 1));
  const level = 1 - ALPHA / comparisons;
  const zc = comparisons === 1 ? Z95 : normalQuantile(1 - (1 - level) / 2);
  const bounds = opts.bounds ?? { lift: [-1, Infinity], difference: [-Infinity, Infinity] };
  const { scale, estimate, se, lift, difference } = liftEstimate(control, treatment);
  if (!(se > 0)) return { enough: false, reason: 'noVariance', more: { control: 0, treatment: 0, conversions: 0 } };
  const pValueRaw = twoSidedP(estimate / se);
  const pValue = Math.min(1, pValueRaw * comparisons);
  const range = scale === 'relative' ? bounds.lift : bounds.difference;
  return {
    enough: true,
    scale,
    lift,
    difference,
    ci: [clamp(estimate - zc * se, range), clamp(estimate + zc * se, range)],
    level,
    comparisons,
    pValueRaw,
    pValue,
    significant: pValue < ALPHA,
  };
}

/** The sample rule every method shares: under MIN_VISITORS per arm or MIN_CONVERSIONS in all, how many more. */
export function notEnough(control: Arm, treatment: Arm): NotEnough | null {
  const more = {
    control: Math.max(0, MIN_VISITORS - control.n),
    treatment: Math.max(0, MIN_VISITORS - treatment.n),
    conversions: Math.max(0, MIN_CONVERSIONS - control.conversions - treatment.conversions),
  };
  return more.control || more.treatment || more.conversions ? { enough: false, reason: 'sample', more } : null;
}

/** Conversion rates: a Bernoulli mean with variance p(1-p); the interval stays within what a rate allows. */
export function compareProportions(
  control: { n: number; conversions: number },
  treatment: { n: number; conversions: number },
  opts: Pick<CompareOptions, 'comparisons'> = {},
): Comparison {
  const c = proportionArm(control);
  return compareMeans(c, proportionArm(treatment), { ...opts, bounds: proportionBounds(c) });
}

export interface SrmResult {
  chiSquare: number;
  pValue: number;
  /** true when p < 0.001, or when a variant that should get nobody (weight 0 throughout) has visitors */
  mismatch: boolean;
  /** expected visitors per variant, same order as the observed counts; they add up to the observed total */
  expected: number[];
  /** indices of variants with visitors where none were expected */
  unexpected: number[];
}

/**
 * Sample ratio mismatch: Pearson chi-square of observed visitors per variant against expected counts (or weights,
 * scaled to the observed total). A variant expected to get nobody but that has visitors is a mismatch by itself.
 */
export function sampleRatioMismatch(observed: number[], expected: number[]): SrmResult | null {
  const total = observed.reduce((a, b) => a + b, 0);
  const eSum = expected.reduce((a, b) => a + b, 0);
  if (observed.length < 2 || observed.length !== expected.length || total === 0 || !(eSum > 0)) return null;
  const scaled = expected.map((e) => (total * e) / eSum);
  const unexpected = observed.flatMap((o, i) => (scaled[i]! <= 0 && o > 0 ? [i] : []));
  let chi = 0;
  let df = -1;
  observed.forEach((o, i) => {
    const e = scaled[i]!;
    if (e > 0) {
      chi += (o - e) ** 2 / e;
      df++;
    }
  });
  if (unexpected.length) return { chiSquare: Infinity, pValue: 0, mismatch: true, expected: scaled, unexpected };
  if (df < 1) return null;
  const pValue = chiSquareSf(chi, df);
  return { chiSquare: chi, pValue, mismatch: pValue < 0.001, expected: scaled, unexpected };
}

/**
 * Expected visitors per variant when weights changed during the experiment: enrolled visitors keep their variant, so
 * each visitor is expected to follow the weights in force when first exposed. `periods[k]` holds the weights of
 * period k and how many visitors were first exposed in it; the result is the sum of each period's share.
 */
export function mixtureExpected(periods: { weights: number[]; visitors: number }[]): number[] {
  const k = periods[0]?.weights.length ?? 0;
  const out = new Array<number>(k).fill(0);
  for (const p of periods) {
    const sum = p.weights.reduce((a, b) => a + b, 0);
    if (!(sum > 0) || !p.visitors) continue;
    p.weights.forEach((w, i) => (out[i]! += (p.visitors * w) / sum));
  }
  return out;
}
