// Benchmark: median cost of assign() vs @growthbook/growthbook evaluating the same experiment, printed as a ratio.
import { GrowthBookClient } from '@growthbook/growthbook';
import { expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { assign } from './assign.js';

const UNITS = Array.from({ length: 4_000 }, (_, i) => `visitor-${i}`);
const ROUNDS = 21;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Nanoseconds per call, median over rounds; the two contenders alternate within each round. */
function race(contenders: Record<string, (unit: string) => unknown>) {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  let sink = 0;
  // Bounded in count and in time: a loaded machine gets fewer rounds (at least 5 measured), never a hang.
  const deadline = performance.now() + 8_000;
  for (let round = -6; round < ROUNDS && (round < 5 || performance.now() < deadline); round++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = performance.now();
      for (const u of UNITS) if (fn(u)) sink++;
      const ns = ((performance.now() - t0) * 1e6) / UNITS.length;
      if (round >= 0) samples[name]!.push(ns); // rounds below 0 warm the JIT
    }
  }
  expect(sink).toBeGreaterThan(0);
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

it('prints the median cost of assign() and GrowthBook for equivalent experiments', { timeout: 60_000 }, () => {
  const gb = new GrowthBookClient({});
  const ours: Experiment = {
    key: 'buybar-color',
    status: 'running',
    traffic: 1,
    variants: [
      { key: 'control', weight: 1 },
      { key: 'red', weight: 1 },
    ],
  };
  const theirs = {
    key: 'buybar-color',
    variations: ['control', 'red'] as [string, string],
    weights: [0.5, 0.5],
    coverage: 1,
  };
  const plain = race({
    nudge: (u) => assign(ours, u).variant,
    growthbook: (u) => gb.runInlineExperiment(theirs, { attributes: { id: u } }).value,
  });

  const oursAudience: Experiment = { ...ours, traffic: 0.8, audience: { device: 'mobile', locale: 'zh' } };
  const theirsAudience = { ...theirs, coverage: 0.8, condition: { device: 'mobile', locale: { $regex: '^zh' } } };
  const audience = race({
    nudge: (u) => assign(oursAudience, u, { audience: { device: 'mobile', locale: 'zh-CN' } }).variant,
    growthbook: (u) =>
      gb.runInlineExperiment(theirsAudience, { attributes: { id: u, device: 'mobile', locale: 'zh-CN' } }).value,
  });

  for (const [label, r] of [
    ['50/50', plain],
    ['50/50, 80% traffic, audience', audience],
  ] as const) {
    console.log(
      `assign() benchmark (${label}): nudge ${r.nudge!.toFixed(0)} ns/call, growthbook ${r.growthbook!.toFixed(0)} ns/call, ` +
        `growthbook/nudge = ${(r.growthbook! / r.nudge!).toFixed(2)}x (median of up to ${ROUNDS} rounds x ${UNITS.length} units)`,
    );
  }
});
