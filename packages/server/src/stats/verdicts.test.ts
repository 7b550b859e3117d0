// A family of tests: Holm across treatments and metrics, intervals that agree with verdicts, guardrails, Bayesian.
import { describe, expect, it } from 'vitest';
import { holm } from './holm.js';
import { proportionArm, proportionBounds, type Arm } from './lift.js';
import { seeded } from './reference/random.js';
import { METHODS, judge, type MetricVerdict, type TestResult } from './verdicts.js';

const rate = (n: number, conversions: number) => proportionArm({ n, conversions });
const verdict = (r: TestResult | undefined): MetricVerdict => {
  if (!r?.enough) throw new Error(`no verdict: ${JSON.stringify(r)}`);
  return r;
};

describe('Holm', () => {
  it('rejects where Bonferroni would not: p = 0.01 and 0.04 of two are both winners (Bonferroni: 0.02, 0.08)', () => {
    expect(holm([0.04, 0.01], 0.05).map((h) => [h.significant, h.pAdjusted, h.stepAlpha])).toEqual([
      [true, 0.04, 0.05],
      [true, 0.02, 0.025],
    ]);
  });
  it('stops at the first failure: every later hypothesis keeps that step’s alpha, and NaN is not in the family', () => {
    const r = holm([0.03, NaN, 0.04, 0.001], 0.05);
    expect(r.map((h) => h.significant)).toEqual([false, false, false, true]);
    expect(r[0]!.stepAlpha).toBe(0.025);
    expect(r[2]!.stepAlpha).toBe(0.025);
    expect(r[3]!.stepAlpha).toBeCloseTo(0.05 / 3, 15);
    expect(r[1]!.pAdjusted).toBeNaN();
    expect(r[2]!.pAdjusted).toBeCloseTo(0.06, 12);
  });
});

describe('judge', () => {
  it('significant exactly when the interval excludes 0, for every method, on random families', () => {
    const rnd = seeded(5);
    for (let i = 0; i < 300; i++) {
      const control = rate(2000 + Math.floor(rnd() * 8000), 100 + Math.floor(rnd() * 300));
      const tests = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => ({
        control,
        treatment: rate(2000 + Math.floor(rnd() * 8000), 100 + Math.floor(rnd() * 400)),
        bounds: proportionBounds(control),
      }));
      for (const method of METHODS)
        for (const r of judge(tests, method).map(verdict))
          expect(r.significant, JSON.stringify(r)).toBe(r.ci[0] > 0 || r.ci[1] < 0);
    }
  });
  it('the sequential interval is wider than the fixed one at the same data, and says which method it is', () => {
    const t = [{ control: rate(5000, 250), treatment: rate(5000, 300) }];
    const seq = verdict(judge(t, 'sequential')[0]);
    const fixed = verdict(judge(t, 'fixed')[0]);
    expect(seq.method).toBe('sequential');
    expect(fixed.method).toBe('fixed');
    expect(seq.ci[1] - seq.ci[0]).toBeGreaterThan(fixed.ci[1] - fixed.ci[0]);
    expect(fixed.significant).toBe(true); // p = 0.02 read once
    expect(seq.significant).toBe(false); // not yet safe to call when looked at daily
    expect(seq.chanceToBeat).toBeNull();
  });
  it('Holm counts every non-guardrail test of the family; the guardrail stands alone', () => {
    const control = rate(10000, 500);
    const r = judge(
      [
        { control, treatment: rate(10000, 600) },
        { control, treatment: rate(10000, 505) },
        {
          control: { n: 10000, mean: 0.02, variance: 0.0196, conversions: 200 },
          treatment: { n: 10000, mean: 0.021, variance: 0.02, conversions: 210 },
          guardrail: true,
          higherIsBetter: false,
        },
      ],
      'fixed',
    ).map(verdict);
    expect(r.map((x) => [x.comparisons, x.correction])).toEqual([
      [2, 'holm'],
      [2, 'holm'],
      [1, 'none'],
    ]);
    expect(r[0]!.pValue).toBeCloseTo(r[0]!.pValueRaw * 2, 12);
    expect(r[1]!.pValue).toBeCloseTo(r[1]!.pValueRaw, 12);
  });
  it('a guardrail is flagged when the treatment makes it worse, one-sided, and not when it improves', () => {
    const errors = (n: number, k: number): Arm => rate(n, k);
    const worse = verdict(
      judge(
        [{ control: errors(8000, 160), treatment: errors(8000, 230), guardrail: true, higherIsBetter: false }],
        'fixed',
      )[0],
    );
    expect(worse.guardrail).toBe('worse');
    expect(worse.level).toBeCloseTo(0.9, 12);
    expect(worse.pValueRaw).toBeLessThan(0.05);
    const better = verdict(
      judge(
        [{ control: errors(8000, 230), treatment: errors(8000, 160), guardrail: true, higherIsBetter: false }],
        'fixed',
      )[0],
    );
    expect(better.guardrail).toBe('ok');
    expect(better.pValueRaw).toBeGreaterThan(0.95);
    for (const method of METHODS) {
      const r = verdict(
        judge(
          [{ control: errors(8000, 160), treatment: errors(8000, 260), guardrail: true, higherIsBetter: false }],
          method,
        )[0],
      );
      expect(r.guardrail, method).toBe('worse');
    }
  });
  it('Bayesian: the chance to beat the control, turned around for a metric where less is better', () => {
    const t = { control: rate(4000, 200), treatment: rate(4000, 240) };
    const up = verdict(judge([t], 'bayesian')[0]);
    expect(up.chanceToBeat).toBeGreaterThan(0.95);
    expect(up.correction).toBe('none');
    const down = verdict(judge([{ ...t, higherIsBetter: false }], 'bayesian')[0]);
    expect(down.chanceToBeat! + up.chanceToBeat!).toBeCloseTo(1, 12);
  });
  it('too few visitors or no spread: no verdict, and no place in the Holm family', () => {
    const control = rate(10000, 500);
    const r = judge(
      [
        { control, treatment: rate(50, 5) },
        { control, treatment: rate(10000, 640) },
      ],
      'fixed',
    );
    expect(r[0]).toMatchObject({ enough: false, reason: 'sample', more: { treatment: 50 } });
    expect(verdict(r[1]).comparisons).toBe(1);
    const flat = { n: 500, mean: 5, variance: 0, conversions: 500 };
    expect(judge([{ control: flat, treatment: { ...flat, mean: 6 } }])[0]).toMatchObject({ reason: 'noVariance' });
  });
});
