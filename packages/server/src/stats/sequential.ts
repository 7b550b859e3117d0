// Always-valid confidence sequences: an interval that may be looked at after every visitor without inflating errors.

/**
 * The sample size (visitors in both arms) the sequence is tightest at; GrowthBook's default. Any value keeps the
 * guarantee; a closer guess only narrows the interval near that size.
 */
export const SEQUENTIAL_TUNING = 5000;

/**
 * Asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas, "Time-uniform central limit
 * theory and asymptotic confidence sequences" (arXiv:2103.06476v7, eq. 9 / Theorem 2.2), as GrowthBook's gbstats and
 * Statsig ship it: with N observations, per-observation variance s² and the tuning rho,
 *
 *   estimate ± s · sqrt( 2(N·rho² + 1) / (N²·rho²) · ln( sqrt(N·rho² + 1) / alpha ) ),
 *
 * rho = sqrt( (-2 ln alpha + ln(-2 ln alpha + 1)) / N* ) minimising the width at N = N* (eq. 10).
 * Here s² = se² · N, se being the estimate's standard error at N (delta method).
 */
export function sequentialRho(alpha: number, tuning = SEQUENTIAL_TUNING): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/** Half-width of the (1 - alpha) sequence at N observations for an estimate with standard error `se`. */
export function sequentialHalfWidth(se: number, n: number, alpha: number, rho: number): number {
  const nr2 = n * rho * rho;
  const s2 = se * se * n;
  return Math.sqrt(((s2 * 2 * (nr2 + 1)) / (n * n * rho * rho)) * Math.log(Math.sqrt(nr2 + 1) / alpha));
}

/**
 * Always-valid p-value: the smallest alpha whose sequence (with `rho` held fixed) excludes 0, from solving
 * half-width(alpha) = |estimate| in closed form. The sequence at level 1 - a excludes 0 exactly when p < a.
 */
export function sequentialP(estimate: number, se: number, n: number, rho: number): number {
  if (!(se > 0)) return NaN;
  const nr2 = n * rho * rho;
  return Math.min(1, Math.sqrt(nr2 + 1) * Math.exp(-(estimate * estimate * nr2) / (2 * se * se * (nr2 + 1))));
}
