// CUPED (Deng, Xu, Kohavi and Walker 2013): less variance by subtracting what each visitor's pre-exposure activity predicts.
import type { Arm } from './lift.js';

/** Per-arm sums of the metric Y and the same visitor's covariate X measured before exposure (0 when none). */
export interface CupedSums {
  n: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
  /** visitors with a non-zero Y, for the sample rule */
  conversions: number;
}

export interface CupedResult {
  /** the arms with adjusted means and variances, in the order given */
  arms: Arm[];
  /** the pooled within-arm slope of Y on X */
  theta: number;
  /** variance left per arm after the adjustment, as a share of the unadjusted one (1 = nothing gained) */
  varianceRatio: number[];
}

/**
 * Y' = Y - theta (X - mean X over all arms), theta = pooled within-arm cov(X, Y) / var(X): the same estimate of the
 * difference as regressing Y on the arm and X (ANCOVA), so it stays unbiased (X is measured before exposure and the
 * arms are randomised) while var(Y') = var(Y) + theta² var(X) - 2 theta cov(X, Y) shrinks by the squared correlation.
 */
export function cuped(sums: readonly CupedSums[]): CupedResult {
  const moments = sums.map((s) => {
    const mx = s.n ? s.sumX / s.n : 0,
      my = s.n ? s.sumY / s.n : 0;
    // sums of squared deviations from the arm's own means
    return {
      mx,
      my,
      sxx: Math.max(0, s.sumX2 - s.n * mx * mx),
      syy: Math.max(0, s.sumY2 - s.n * my * my),
      sxy: s.sumXY - s.n * mx * my,
    };
  });
  const sxx = moments.reduce((a, m) => a + m.sxx, 0);
  const theta = sxx > 0 ? moments.reduce((a, m) => a + m.sxy, 0) / sxx : 0;
  const total = sums.reduce((a, s) => a + s.n, 0);
  const grandX = total ? sums.reduce((a, s) => a + s.sumX, 0) / total : 0;
  const arms = sums.map((s, i): Arm => {
    const m = moments[i]!;
    const d = Math.max(1, s.n - 1);
    const variance = Math.max(0, (m.syy + theta * theta * m.sxx - 2 * theta * m.sxy) / d);
    return { n: s.n, mean: m.my - theta * (m.mx - grandX), variance, conversions: s.conversions };
  });
  const varianceRatio = sums.map((s, i) => {
    const raw = moments[i]!.syy / Math.max(1, s.n - 1);
    return raw > 0 ? arms[i]!.variance / raw : 1;
  });
  return { arms, theta, varianceRatio };
}

/** Sums of one arm from per-visitor pairs (tests, fixtures). */
export function cupedSums(rows: readonly { y: number; x: number }[]): CupedSums {
  const s: CupedSums = { n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0, conversions: 0 };
  for (const { y, x } of rows) {
    s.n++;
    s.sumY += y;
    s.sumY2 += y * y;
    s.sumX += x;
    s.sumX2 += x * x;
    s.sumXY += x * y;
    if (y !== 0) s.conversions++;
  }
  return s;
}
