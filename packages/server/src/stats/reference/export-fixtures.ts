// Writes fixtures.json, the inputs compute.py checks Nudge's statistics on (run: pnpm exec tsx export-fixtures.ts).
import { writeFileSync } from 'node:fs';
import { seeded, visitorsWithHistory } from './random.js';

const rnd = seeded(20261206);
const fixtures = {
  proportions: [
    { control: { n: 1000, conversions: 200 }, treatment: { n: 1000, conversions: 250 } },
    { control: { n: 12000, conversions: 610 }, treatment: { n: 11950, conversions: 655 } },
    { control: { n: 5000, conversions: 150 }, treatment: { n: 5100, conversions: 149 } },
    { control: { n: 500, conversions: 0 }, treatment: { n: 500, conversions: 25 } },
    { control: { n: 80000, conversions: 2400 }, treatment: { n: 80400, conversions: 2590 } },
  ],
  means: [
    { control: { n: 300, mean: 1, variance: 9 }, treatment: { n: 300, mean: 0.71, variance: 4 } },
    { control: { n: 200, mean: 2, variance: 25 }, treatment: { n: 200, mean: 3, variance: 36 } },
    { control: { n: 40000, mean: 4.2, variance: 610 }, treatment: { n: 40100, mean: 4.55, variance: 640 } },
  ],
  holm: [
    [0.01, 0.04, 0.03, 0.005],
    [0.03, 0.04],
    [0.001, 0.2, 0.012, 0.7, 0.011, 0.0124],
  ],
  cuped: [0, 1.5].map((effect) => ({
    control: visitorsWithHistory(rnd, 400, 0).map((r) => [r.y, r.x]),
    treatment: visitorsWithHistory(rnd, 400, effect).map((r) => [r.y, r.x]),
  })),
  plans: [
    { baseline: 0.03, minLift: 0.1, variants: 2, alpha: 0.05, power: 0.8 },
    { baseline: 0.2, minLift: 0.05, variants: 3, alpha: 0.05, power: 0.8 },
    { baseline: 0.05, minLift: 0.2, variants: 2, alpha: 0.05, power: 0.9 },
  ],
};
writeFileSync(new URL('./fixtures.json', import.meta.url), JSON.stringify(fixtures) + '\n');
