// Frequentist statistics for experiment results: two-proportion and mean tests, delta-method lift CIs, SRM chi-square.

/** Complementary error function; Numerical Recipes' Chebyshev fit, fractional error below 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
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
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum, ap = a;
    for (let n = 0; n < 500; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - lg));
  }
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
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

export interface Comparison {
  /** relative lift of treatment over control, e.g. 0.12 for +12% */
  lift: number;
  /** 95% confidence interval of the relative lift */
  ci: [number, number];
  pValue: number;
  significant: boolean;
}

/**
 * Compares two means with Welch's z test; the relative lift's interval uses the delta method on the ratio of
 * means (as GrowthBook's frequentist engine does). Variances are of a single observation.
 */
export function compareMeans(
  control: { n: number; mean: number; variance: number },
  treatment: { n: number; mean: number; variance: number },
): Comparison | null {
  const { n: n0, mean: m0, variance: v0 } = control;
  const { n: n1, mean: m1, variance: v1 } = treatment;
  if (n0 < 2 || n1 < 2 || m0 <= 0) return null;
  const se0 = v0 / n0, se1 = v1 / n1;
  const lift = m1 / m0 - 1;
  const varLift = se1 / (m0 * m0) + (m1 * m1 * se0) / (m0 ** 4);
  const half = Z95 * Math.sqrt(varLift);
  const seDiff = Math.sqrt(se0 + se1);
  const pValue = seDiff === 0 ? (m1 === m0 ? 1 : 0) : twoSidedP((m1 - m0) / seDiff);
  return { lift, ci: [lift - half, lift + half], pValue, significant: pValue < 0.05 };
}

/** Conversion rates: a Bernoulli mean with variance p(1-p). */
export function compareProportions(
  control: { n: number; conversions: number },
  treatment: { n: number; conversions: number },
): Comparison | null {
  const p0 = control.n ? control.conversions / control.n : 0;
  const p1 = treatment.n ? treatment.conversions / treatment.n : 0;
  return compareMeans(
    { n: control.n, mean: p0, variance: p0 * (1 - p0) },
    { n: treatment.n, mean: p1, variance: p1 * (1 - p1) },
  );
}

export interface SrmResult {
  chiSquare: number;
  pValue: number;
  /** true when p < 0.001: the split does not match the configured weights, so the results are not trustworthy */
  mismatch: boolean;
  expected: number[];
}

/** Sample ratio mismatch: Pearson chi-square of observed visitors per variant against the configured weights. */
export function sampleRatioMismatch(observed: number[], weights: number[]): SrmResult | null {
  const total = observed.reduce((a, b) => a + b, 0);
  const wSum = weights.reduce((a, b) => a + b, 0);
  if (observed.length < 2 || observed.length !== weights.length || total === 0 || wSum <= 0) return null;
  let chi = 0;
  const expected = weights.map((w) => (total * w) / wSum);
  let df = -1;
  observed.forEach((o, i) => {
    const e = expected[i]!;
    if (e > 0) {
      chi += ((o - e) ** 2) / e;
      df++;
    }
  });
  if (df < 1) return null;
  const pValue = chiSquareSf(chi, df);
  return { chiSquare: chi, pValue, mismatch: pValue < 0.001, expected };
}
