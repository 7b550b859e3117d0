// Holm's step-down correction across a family of tests (every treatment against the control, on every metric).

export interface HolmResult {
  /** Holm-adjusted p-value: the smallest family-wise alpha at which this hypothesis is rejected */
  pAdjusted: number;
  /**
   * The per-test alpha of the step that decided it: alpha/(m - k) at its own rank k when rejected, else that of the
   * first step that failed. An interval at 1 - stepAlpha therefore excludes 0 exactly when the test rejects.
   */
  stepAlpha: number;
  significant: boolean;
}

/**
 * Holm (1979): sort the m p-values; reject while p_(k) <= alpha/(m - k) (k from 0), stop at the first that is not.
 * Uniformly more powerful than Bonferroni with the same family-wise error guarantee. NaN p-values (no test) are left
 * out of the family.
 */
export function holm(pValues: readonly number[], alpha: number): HolmResult[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((x) => !Number.isNaN(x.p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const out: HolmResult[] = pValues.map(() => ({ pAdjusted: NaN, stepAlpha: NaN, significant: false }));
  let running = 0;
  let failedAt = -1;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    if (failedAt < 0 && !(p <= alpha / (m - k))) failedAt = k;
    const rejected = failedAt < 0;
    out[i] = { pAdjusted: running, stepAlpha: alpha / (m - (rejected ? k : failedAt)), significant: rejected };
  });
  return out;
}
