// The bench's bootstrap: its intervals hold the measured statistic, shrink to a point for constant samples, and tell
// clearly separated samples apart while overlapping ones are not.
import { describe, expect, it } from 'vitest';
import { addedRatio, bootstrap, median } from './stats.js';

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

  it("settles nothing when a ratio's denominator (the base's added time) can be at or below 0", () => {
    expect(addedRatio(300, 250, 50)).toBe(1.25);
    expect(addedRatio(300, 50, 50)).toBeNaN();
    expect(addedRatio(300, 40, 50)).toBeNaN();
    // the base adds about nothing over bare: some rounds resample its median below bare's, where a plain ratio is
    // negative (a goal of <= 0.5 would read as met)
    const bare = [100, 140, 90, 130, 95, 135];
    const base = [110, 125, 100, 120, 105, 130];
    const ours = [300, 320, 310, 305, 315, 290];
    const r = bootstrap([ours, base, bare], (a, b, z) => addedRatio(a!, b!, z!));
    expect([r.lo, r.hi]).toEqual([NaN, NaN]);
    const clear = bootstrap([ours, ours.map((x) => x - 50), bare], (a, b, z) => addedRatio(a!, b!, z!));
    expect(clear.lo).toBeGreaterThan(1);
    expect(clear.hi).toBeLessThan(2);
  });
});
