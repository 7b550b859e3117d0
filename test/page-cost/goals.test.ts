// Issue 17's goal lines: verdicts from intervals, the ratio goal only with the issue's build, never-ready loads.
import { describe, expect, it } from 'vitest';
import { goals, verdict, type GoalLoad, type GoalVariant } from './goals.js';

const loads = (cpu: number[], ready = 0): GoalLoad[] => cpu.map((c) => ({ cpuMs: c, ready }));
const around = (x: number, n = 10) => Array.from({ length: n }, (_, i) => x + (i % 5) * 4 - 8);

/** A run: bare 400, the build +300 ms, GrowthBook +100, PostHog +400; Nudge as given. */
function run(first: number[], returning: number[], n = 10): Partial<Record<GoalVariant, GoalLoad[]>> {
  return {
    bare: loads(around(400, n)),
    'nudge first visit': loads(first, 900),
    'nudge returning': loads(returning, 800),
    'base first visit': loads(around(700, n), 1200),
    'base returning': loads(around(700, n), 1100),
    growthbook: loads(around(500, n), 850),
    posthog: loads(around(800, n), 900),
  };
}
const find = (gs: ReturnType<typeof goals>, what: string) => gs.find((g) => g.what === what)!;

describe('issue 17 goals', () => {
  it('meets a goal only when the whole interval is at or under its limit; not met when all of it is over', () => {
    expect(verdict({ lo: -5, hi: 0 }, 0, 10)).toBe('met');
    expect(verdict({ lo: 1, hi: 9 }, 0, 10)).toBe('not met');
    expect(verdict({ lo: -1, hi: 9 }, 0, 10)).toBe('not settled by this run');
    expect(verdict({ lo: NaN, hi: NaN }, 0.5, 10)).toBe('not settled by this run');
    expect(verdict({ lo: -5, hi: 0 }, 0, 7)).toBe('too few loads');
  });

  it("judges Nudge against the issue's build, GrowthBook and PostHog from the same run's loads", () => {
    // Nudge adds ~100 ms first visit, ~60 returning: a third of the build's 300, below 2 x GrowthBook and PostHog
    const gs = goals(run(around(500), around(460)), 10_000);
    expect(find(gs, 'added CPU, nudge first visit / base first visit')).toMatchObject({ verdict: 'met', limit: 0.5 });
    expect(find(gs, 'added CPU, nudge first visit / base first visit').at).toBeCloseTo(1 / 3, 2);
    expect(find(gs, 'added CPU, nudge returning - 2 x growthbook (ms)').verdict).toBe('met');
    expect(find(gs, 'added CPU, nudge first visit - posthog (ms)').verdict).toBe('met');
    expect(find(gs, 'ready, nudge first visit - growthbook (ms)')).toMatchObject({ at: 50, verdict: 'not met' });
    expect(find(gs, 'added CPU, returning - first visit (ms)')).toMatchObject({ at: -40, verdict: 'met' });
    // as costly as the build: not met
    const same = goals(run(around(700), around(700)), 10_000);
    expect(find(same, 'added CPU, nudge returning / base returning').verdict).toBe('not met');
  });

  it('leaves out the ratio goals without the issue build, and counts a load that was never ready as the timeout', () => {
    const r = run(around(500), around(460));
    delete r['base first visit'];
    delete r['base returning'];
    r['nudge first visit'] = loads(around(500)).map((l, i) => ({ ...l, ready: i < 5 ? 0 : 700 }));
    const gs = goals(r, 10_000);
    expect(gs.some((g) => g.what.includes('/ base'))).toBe(false);
    // half the loads never ready: the median ready is past GrowthBook's, not 0 ms before it
    expect(find(gs, 'ready, nudge first visit - growthbook (ms)').at).toBeGreaterThan(0);
  });

  it('gives no verdict from fewer than 8 loads per variant', () => {
    const gs = goals(run(around(500, 6), around(460, 6), 6), 10_000);
    expect(gs.every((g) => g.verdict === 'too few loads')).toBe(true);
  });
});
