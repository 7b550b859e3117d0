// The bench's bootstrap: its intervals hold the measured statistic, shrink to a point for constant samples, and tell
// clearly separated samples apart while overlapping ones are not.
import { describe, expect, it } from 'vitest';
import { bootstrap, median } from './stats.js';

describe('bootstrap', () => {
  it('is a point for constant samples and holds the measured statistic otherwise', () => {
    expect(
      bootstrap(
        [
          [5, 5, 5],
          [2, 2],
        ],
        (a, b) => a! - b!,
      ),
    ).toEqual({ at: 3, lo: 3, hi: 3 });
    const a = [10, 30, 20, 50, 40, 25, 35];
    const r = bootstrap([a], (m) => m!);
    expect(r.at).toBe(median(a));
    expect(r.lo).toBeLessThanOrEqual(r.at);
    expect(r.hi).toBeGreaterThanOrEqual(r.at);
    expect(r.hi - r.lo).toBeGreaterThan(0);
  });

  it('separates samples far apart and not samples that overlap; the same samples give the same interval', () => {
    const low = [100, 110, 95, 105, 102, 98, 107, 99, 103, 101];
    const high = low.map((x) => x + 100);
    const apart = bootstrap([high, low], (h, l) => h! / l!);
    expect(apart.lo).toBeGreaterThan(1.5);
    const mixed = bootstrap([low, [...low].reverse().map((x, i) => x + (i % 2 ? 8 : -8))], (x, y) => x! / y!);
    expect(mixed.lo).toBeLessThan(1);
    expect(mixed.hi).toBeGreaterThan(1);
    expect(bootstrap([high, low], (h, l) => h! / l!)).toEqual(apart);
  });
});
