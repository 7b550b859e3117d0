// Layer names are config text: names of Object.prototype members are names like any other.
import { expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { assignAll } from './assign.js';

it.each(['constructor', 'valueOf', 'toString', 'hasOwnProperty'])('enrols visitors in a layer named %s', (layer) => {
  const experiments: Experiment[] = [
    { key: 'a', status: 'running', traffic: 0.5, layer, variants: [{ key: 'x', weight: 1 }] },
    { key: 'b', status: 'running', traffic: 0.5, layer, variants: [{ key: 'y', weight: 1 }] },
  ];
  const counts = { a: 0, b: 0, none: 0 };
  for (let i = 0; i < 2000; i++) {
    const r = assignAll(experiments, `visitor-${i}`);
    if (r.a?.variant) counts.a++;
    else if (r.b?.variant) counts.b++;
    else counts.none++;
  }
  // The two halves of the layer take everyone between them, about half each.
  expect(counts.none).toBe(0);
  expect(counts.a).toBeGreaterThan(800);
  expect(counts.b).toBeGreaterThan(800);
});
