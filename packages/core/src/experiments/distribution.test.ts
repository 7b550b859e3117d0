// Distribution over 1,000,000 fixed unit ids: the split lands on its weights and buckets are uniform.
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { assign, experimentSeed } from './assign.js';
import { BUCKETS, bucket } from './hash.js';

const N = 1_000_000;
const units = Array.from({ length: N }, (_, i) => `visitor-${i}`);
const experiment: Experiment = {
  key: 'buybar-color',
  status: 'running',
  traffic: 1,
  variants: [
    { key: 'control', weight: 50 },
    { key: 'red', weight: 50 },
  ],
};

/** Chi-square critical value (upper tail) by the Wilson-Hilferty approximation; z = 3.0902 for p = 0.001. */
const chiSquareCritical = (df: number, z = 3.0902) => df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;

describe('distribution over 1,000,000 unit ids', () => {
  it('splits 50/50 within 0.5% and keeps buckets uniform (chi-square, p = 0.001)', () => {
    const counts = new Uint32Array(BUCKETS);
    let red = 0;
    const seed = experimentSeed(experiment);
    for (const unit of units) {
      counts[bucket(seed, unit)]!++;
      if (assign(experiment, unit).variant === 'red') red++;
    }
    const share = red / N;
    const expected = N / BUCKETS;
    let chi = 0;
    for (const c of counts) chi += (c - expected) ** 2 / expected;
    const critical = chiSquareCritical(BUCKETS - 1);
    console.log(
      `distribution: red ${(share * 100).toFixed(3)}% control ${((1 - share) * 100).toFixed(3)}% | chi-square ${chi.toFixed(1)} (df ${BUCKETS - 1}, critical ${critical.toFixed(1)} at p=0.001)`,
    );
    expect(Math.abs(share - 0.5)).toBeLessThan(0.005);
    expect(chi).toBeLessThan(critical);
  }, 60_000);

  it('a 90/10 split with half the traffic lands on its weights', { timeout: 30_000 }, () => {
    const e: Experiment = {
      ...experiment,
      traffic: 0.5,
      variants: [
        { key: 'a', weight: 90 },
        { key: 'b', weight: 10 },
      ],
    };
    let a = 0,
      b = 0;
    for (let i = 0; i < 200_000; i++) {
      const v = assign(e, units[i]!).variant;
      if (v === 'a') a++;
      else if (v === 'b') b++;
    }
    expect((a + b) / 200_000).toBeCloseTo(0.5, 2);
    expect(b / (a + b)).toBeCloseTo(0.1, 2);
  });

  it('raising traffic never moves an enrolled unit', { timeout: 30_000 }, () => {
    const low = { ...experiment, traffic: 0.2 };
    const high = { ...experiment, traffic: 0.6 };
    for (let i = 0; i < 50_000; i++) {
      const before = assign(low, units[i]!);
      if (before.variant !== null) expect(assign(high, units[i]!).variant).toBe(before.variant);
    }
  });
});
