// Medians with bootstrap intervals for the page-cost benchmark: how far one run's verdict on a goal can be trusted.
// Written here (50 lines) rather than a statistics dependency: the bench needs only the median, a seeded PRNG and
// percentile intervals of resampled medians.

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};
export const median = (xs: number[]) => quantile(xs, 0.5);

/** mulberry32: a small seeded PRNG, so a report's intervals are the same when its samples are. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `a`'s added time over `bare` as a share of `b`'s; NaN when `b` adds none (or less than nothing): a ratio over a
 * denominator at or below 0 flips sign or explodes, and would read as a goal met.
 */
export const addedRatio = (a: number, b: number, bare: number) => (b - bare > 0 ? (a - bare) / (b - bare) : NaN);

/**
 * A statistic of several independent samples (each resampled with replacement, `rounds` times), with its central
 * 90% interval: `at` is the statistic of the samples as measured, `lo`/`hi` the 5th and 95th percentiles. A round
 * whose statistic is undefined (NaN) leaves the interval undefined too (lo and hi NaN: it settles nothing).
 */
export function bootstrap(
  samples: number[][],
  stat: (...medians: number[]) => number,
  rounds = 2000,
  seed = 17,
): { at: number; lo: number; hi: number } {
  const random = prng(seed);
  const resample = (xs: number[]) => median(xs.map(() => xs[Math.floor(random() * xs.length)]!));
  const values: number[] = [];
  for (let i = 0; i < rounds; i++) values.push(stat(...samples.map(resample)));
  if (values.some(Number.isNaN)) return { at: stat(...samples.map(median)), lo: NaN, hi: NaN };
  return { at: stat(...samples.map(median)), lo: quantile(values, 0.05), hi: quantile(values, 0.95) };
}
