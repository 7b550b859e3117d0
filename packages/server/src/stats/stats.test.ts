// Statistics checked against values computed with SciPy 1.17 (scipy.stats.chi2 / norm / chisquare).
import { describe, expect, it } from 'vitest';
import { chiSquareSf, compareMeans, compareProportions, normalCdf, sampleRatioMismatch, twoSidedP } from './stats.js';

describe('distributions', () => {
  it('normal cdf and two-sided p', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    expect(twoSidedP(2.5)).toBeCloseTo(0.012419330651552265, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
  });
  it('chi-square upper tail', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 8);
    expect(chiSquareSf(13.815510557964274, 2)).toBeCloseTo(0.001, 9);
    expect(chiSquareSf(25, 3) / 1.5440498291101365e-5).toBeCloseTo(1, 6);
    expect(chiSquareSf(0.5, 4)).toBeCloseTo(0.9735009788392561, 8);
  });
});

describe('comparisons', () => {
  it('two proportions: 200/1000 vs 250/1000', () => {
    const r = compareProportions({ n: 1000, conversions: 200 }, { n: 1000, conversions: 250 })!;
    expect(r.lift).toBeCloseTo(0.25, 10);
    expect(r.ci[0]).toBeCloseTo(0.04502206008611073, 6);
    expect(r.ci[1]).toBeCloseTo(0.45497793991388924, 6);
    expect(r.pValue).toBeCloseTo(0.007313777221710672, 6);
    expect(r.significant).toBe(true);
  });
  it('no verdict without data or with a zero control', () => {
    expect(compareProportions({ n: 0, conversions: 0 }, { n: 10, conversions: 1 })).toBeNull();
    expect(compareProportions({ n: 100, conversions: 0 }, { n: 100, conversions: 3 })).toBeNull();
    expect(compareMeans({ n: 1, mean: 1, variance: 0 }, { n: 5, mean: 2, variance: 1 })).toBeNull();
  });
  it('identical groups are not significant', () => {
    const r = compareProportions({ n: 500, conversions: 50 }, { n: 500, conversions: 50 })!;
    expect(r.lift).toBe(0);
    expect(r.pValue).toBeCloseTo(1, 6);
    expect(r.significant).toBe(false);
  });
});

describe('sample ratio mismatch', () => {
  it('matches scipy.stats.chisquare', () => {
    const a = sampleRatioMismatch([5100, 4900], [0.5, 0.5])!;
    expect(a.chiSquare).toBeCloseTo(4, 10);
    expect(a.pValue).toBeCloseTo(0.04550026389635857, 8);
    expect(a.mismatch).toBe(false);
    const b = sampleRatioMismatch([5300, 4700], [1, 1])!;
    expect(b.chiSquare).toBeCloseTo(36, 10);
    expect(b.pValue / 1.9731752900753933e-9).toBeCloseTo(1, 4);
    expect(b.mismatch).toBe(true);
    const c = sampleRatioMismatch([330, 340, 330], [1, 1, 1])!;
    expect(c.pValue).toBeCloseTo(0.9048374180359595, 8);
  });
  it('uses unequal weights', () => {
    const r = sampleRatioMismatch([800, 200], [0.8, 0.2])!;
    expect(r.chiSquare).toBe(0);
    expect(r.expected).toEqual([800, 200]);
  });
});
