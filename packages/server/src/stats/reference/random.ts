// Seeded random draws for the simulations and the exported fixtures, so every run sees the same data.

/** mulberry32: a small, fast 32-bit generator; uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform source. */
export function normal(rnd: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Binomial(n, p) by counting Bernoulli draws (n stays small in the simulations). */
export function binomial(rnd: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rnd() < p) k++;
  return k;
}

/**
 * Visitors with pre-exposure activity X (orders before, Poisson-like) and a spend Y that depends on it, so CUPED has
 * something to remove: Y = max(0, a + b·X + noise) + effect when the visitor bought.
 */
export function visitorsWithHistory(rnd: () => number, n: number, effect: number): { y: number; x: number }[] {
  const g = normal(rnd);
  return Array.from({ length: n }, () => {
    const x = Math.max(0, Math.round(2 + 1.5 * g()));
    const y = Math.max(0, 10 + 6 * x + 8 * g()) + effect;
    return { y: Math.round(y * 100) / 100, x };
  });
}
