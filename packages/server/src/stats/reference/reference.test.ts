// Nudge's statistics against an independent implementation: expected.json is written by compute.py (scipy, statsmodels).
import { describe, expect, it } from 'vitest';
import { cuped, cupedSums } from '../cuped.js';
import { holm } from '../holm.js';
import { liftEstimate, proportionArm, type Arm } from '../lift.js';
import { plan } from '../planner.js';
import { judge, type Method, type MetricVerdict, type TestResult } from '../verdicts.js';
import expected from './expected.json' with { type: 'json' };
import fixtures from './fixtures.json' with { type: 'json' };

const verdict = (r: TestResult | undefined): MetricVerdict => {
  if (!r?.enough) throw new Error(`no verdict: ${JSON.stringify(r)}`);
  return r;
};
const one = (control: Arm, treatment: Arm, method: Method) => verdict(judge([{ control, treatment }], method)[0]);
const close = (a: number, b: number, rel = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('intervals match scipy (fixed, sequential, Bayesian)', () => {
  const cases = [
    ...fixtures.proportions.map((f, i) => ({
      name: `rates ${f.control.conversions}/${f.control.n} vs ${f.treatment.conversions}/${f.treatment.n}`,
      control: proportionArm(f.control),
      treatment: proportionArm(f.treatment),
      want: expected.proportions[i]!,
    })),
    ...fixtures.means.map((f, i) => ({
      name: `means ${f.control.mean} vs ${f.treatment.mean}`,
      control: { ...f.control, conversions: f.control.n },
      treatment: { ...f.treatment, conversions: f.treatment.n },
      want: expected.means[i]!,
    })),
  ];
  it.each(cases)('$name', ({ control, treatment, want }) => {
    const e = liftEstimate(control, treatment);
    expect(e.scale).toBe(want.scale);
    close(e.estimate, want.estimate);
    close(e.se, want.se);
    const fixed = one(control, treatment, 'fixed');
    close(fixed.ci[0], want.fixed.ci[0]!, 1e-7);
    close(fixed.ci[1], want.fixed.ci[1]!, 1e-7);
    close(fixed.pValue, want.fixed.p, 1e-6);
    const seq = one(control, treatment, 'sequential');
    close(seq.ci[0], want.sequential.ci[0]!);
    close(seq.ci[1], want.sequential.ci[1]!);
    close(seq.pValue, want.sequential.p, 1e-6);
    close(one(control, treatment, 'bayesian').chanceToBeat!, want.chanceToBeat, 1e-6);
  });
  it('the absolute difference is statsmodels’ Wald interval, and the normal chance to beat is near the exact Beta one', () => {
    const abs = fixtures.proportions.findIndex((f) => f.control.conversions === 0);
    const f = fixtures.proportions[abs]!;
    const fixed = one(proportionArm(f.control), proportionArm(f.treatment), 'fixed');
    expect(fixed.scale).toBe('absolute');
    close(fixed.ci[0], expected.proportions[abs]!.waldDifference[0]!, 1e-7);
    close(fixed.ci[1], expected.proportions[abs]!.waldDifference[1]!, 1e-7);
    for (const p of expected.proportions) expect(Math.abs(p.chanceToBeat - p.betaChanceToBeat)).toBeLessThan(0.01);
  });
});

describe('Holm matches statsmodels.multipletests', () => {
  it.each(fixtures.holm.map((ps, i) => ({ ps, want: expected.holm[i]! })))('$ps', ({ ps, want }) => {
    const got = holm(ps, 0.05);
    expect(got.map((g) => g.significant)).toEqual(want.reject);
    got.forEach((g, i) => close(g.pAdjusted, want.adjusted[i]!, 1e-12));
  });
});

describe('CUPED matches the regression on the arm and the centred covariate (statsmodels OLS, HC0)', () => {
  it.each(fixtures.cuped.map((f, i) => ({ f, want: expected.cuped[i]!, i })))('dataset $i', ({ f, want }) => {
    const sums = [f.control, f.treatment].map((rows) => cupedSums(rows.map(([y, x]) => ({ y: y!, x: x! }))));
    const r = cuped(sums);
    close(r.theta, want.theta, 1e-9);
    const [c, t] = r.arms as [Arm, Arm];
    close(t.mean - c.mean, want.difference, 1e-9);
    // the plug-in variance ignores theta's own uncertainty; HC0 counts it, so they agree to within a few per cent
    const se = Math.sqrt(c.variance / c.n + t.variance / t.n);
    expect(Math.abs(se / want.se - 1)).toBeLessThan(0.03);
    const raw = [f.control, f.treatment].map((rows): Arm => {
      const ys = rows.map((row) => row[0]!);
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      const variance = ys.reduce((a, b) => a + (b - mean) ** 2, 0) / (ys.length - 1);
      return { n: ys.length, mean, variance, conversions: ys.length };
    });
    const welch = Math.sqrt(raw[0]!.variance / raw[0]!.n + raw[1]!.variance / raw[1]!.n);
    close(welch, want.rawSe, 1e-9);
    close(raw[1]!.mean - raw[0]!.mean, want.rawDifference, 1e-9);
    console.log(
      `CUPED fixture: standard error ${want.rawSe.toFixed(3)} -> ${se.toFixed(3)} (statsmodels ${want.se.toFixed(3)})`,
    );
  });
});

describe('the planner matches statsmodels NormalIndPower (fixed) and the same sequence solved by scipy', () => {
  it.each(fixtures.plans.map((f, i) => ({ f, want: expected.plans[i]! })))('$f.baseline +$f.minLift', ({ f, want }) => {
    const fixed = plan({ ...f, dailyVisitors: 1000, method: 'fixed' });
    // statsmodels adds the far tail's tiny power, so it may need a visitor less
    expect(fixed.perVariant - Math.ceil(want.fixed)).toBeGreaterThanOrEqual(0);
    expect(fixed.perVariant - Math.ceil(want.fixed)).toBeLessThanOrEqual(1 + 1e-4 * want.fixed);
    const seq = plan({ ...f, dailyVisitors: 1000, method: 'sequential' });
    expect(seq.perVariant).toBe(Math.ceil(want.sequential));
    expect(seq.days).toBe(Math.ceil((seq.perVariant * f.variants) / 1000));
  });
});
