// Simulations (seeded, bounded): daily peeking at A/A tests, power against a real lift, and CUPED's gain and bias.
import { describe, expect, it } from 'vitest';
import { cuped, cupedSums } from './cuped.js';
import { proportionArm, proportionBounds } from './lift.js';
import { plan } from './planner.js';
import { binomial, seeded, visitorsWithHistory } from './reference/random.js';
import { judge, type Method, type Test } from './verdicts.js';

/** Runs `runs` experiments for `days` days, `perDay` visitors per arm per day; true when any daily look declares a winner. */
function peeking(seed: number, runs: number, arms: number[], days: number, perDay: number, methods: Method[]) {
  const rnd = seeded(seed);
  const falseWinners = Object.fromEntries(methods.map((m) => [m, 0])) as Record<Method, number>;
  for (let run = 0; run < runs; run++) {
    const counts = arms.map(() => ({ n: 0, conversions: 0 }));
    const won = new Set<Method>();
    for (let day = 0; day < days; day++) {
      arms.forEach((p, i) => {
        counts[i]!.n += perDay;
        counts[i]!.conversions += binomial(rnd, perDay, p);
      });
      const control = proportionArm(counts[0]!);
      const tests: Test[] = counts
        .slice(1)
        .map((c) => ({ control, treatment: proportionArm(c), bounds: proportionBounds(control) }));
      for (const m of methods) if (judge(tests, m).some((r) => r.enough && r.significant)) won.add(m);
    }
    for (const m of won) falseWinners[m]++;
  }
  return Object.fromEntries(methods.map((m) => [m, falseWinners[m] / runs])) as Record<Method, number>;
}

describe('A/A with a look every day', () => {
  it('the sequential test keeps false winners at or under 5%; the fixed test read daily does not', () => {
    // 400 experiments, 28 daily looks, 250 visitors per arm per day at 5%
    const rate = peeking(7, 400, [0.05, 0.05], 28, 250, ['sequential', 'fixed']);
    console.log(
      `A/A, 400 runs x 28 daily looks: false winners sequential ${(rate.sequential * 100).toFixed(1)}%, fixed ${(rate.fixed * 100).toFixed(1)}%`,
    );
    expect(rate.sequential).toBeLessThanOrEqual(0.05);
    expect(rate.fixed).toBeGreaterThan(0.1);
  });
  it('with three treatments, Holm keeps any false winner near 5% too', () => {
    const runs = 400;
    const rate = peeking(11, runs, [0.05, 0.05, 0.05, 0.05], 21, 250, ['sequential', 'fixed']);
    console.log(
      `A/A/A/A, ${runs} runs x 21 daily looks: any false winner sequential ${(rate.sequential * 100).toFixed(1)}%, fixed ${(rate.fixed * 100).toFixed(1)}%`,
    );
    // 5% plus two simulation standard errors: the sequence's guarantee is asymptotic and early days hold few buyers
    expect(rate.sequential).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / runs));
    expect(rate.fixed).toBeGreaterThan(0.1);
  });
  it('finds a real lift within the days the planner asked for, in at least its planned 80% of runs', () => {
    const p = plan({ baseline: 0.05, minLift: 0.25, dailyVisitors: 500 });
    const found = peeking(13, 200, [0.05, 0.0625], p.days, 250, ['sequential']);
    console.log(
      `A/B +25% on 5%, 200 runs over the planned ${p.days} days (${p.perVariant} visitors per arm): found ${(found.sequential * 100).toFixed(1)}%`,
    );
    expect(found.sequential).toBeGreaterThan(0.75);
  });
});

describe('CUPED', () => {
  it('narrows the interval and leaves the estimate unbiased', () => {
    const rnd = seeded(99);
    const runs = 300;
    const effect = 1;
    let sumRaw = 0,
      sumAdj = 0,
      sumWidthRaw = 0,
      sumWidthAdj = 0,
      covered = 0;
    const adjusted: number[] = [];
    for (let run = 0; run < runs; run++) {
      const c = visitorsWithHistory(rnd, 300, 0),
        t = visitorsWithHistory(rnd, 300, effect);
      const sums = [cupedSums(c), cupedSums(t)];
      const raw = sums.map((s) => ({ mean: s.sumY / s.n, variance: (s.sumY2 - (s.sumY * s.sumY) / s.n) / (s.n - 1) }));
      const [ac, at] = cuped(sums).arms;
      const dAdj = at!.mean - ac!.mean;
      const seAdj = Math.sqrt(ac!.variance / 300 + at!.variance / 300);
      const seRaw = Math.sqrt(raw[0]!.variance / 300 + raw[1]!.variance / 300);
      sumRaw += raw[1]!.mean - raw[0]!.mean;
      sumAdj += dAdj;
      adjusted.push(dAdj);
      sumWidthRaw += 2 * 1.96 * seRaw;
      sumWidthAdj += 2 * 1.96 * seAdj;
      if (Math.abs(dAdj - effect) <= 1.96 * seAdj) covered++;
    }
    const mean = sumAdj / runs;
    const sd = Math.sqrt(adjusted.reduce((a, d) => a + (d - mean) ** 2, 0) / (runs - 1));
    console.log(
      `CUPED, ${runs} runs: mean difference ${mean.toFixed(3)} (raw ${(sumRaw / runs).toFixed(3)}, true ${effect}); ` +
        `95% interval width ${(sumWidthRaw / runs).toFixed(3)} -> ${(sumWidthAdj / runs).toFixed(3)}; coverage ${((covered / runs) * 100).toFixed(1)}%`,
    );
    expect(sumWidthAdj / sumWidthRaw).toBeLessThan(0.8);
    // unbiased: the average estimate is within 3 standard errors of the truth
    expect(Math.abs(mean - effect)).toBeLessThan((3 * sd) / Math.sqrt(runs));
    expect(covered / runs).toBeGreaterThan(0.92);
    expect(covered / runs).toBeLessThan(0.98);
  });
});
