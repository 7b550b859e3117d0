// Experiment actions edit the document and are recorded as data (the console says them in the reader's language).
import { expect, it } from 'vitest';
import { actionBodies, actionRecord, type ExperimentAction } from './experiment-actions.js';

it('records each action with its experiment and its arguments, no sentence', () => {
  const actions: ExperimentAction[] = [
    { action: 'start' },
    { action: 'stop', winner: 'red' },
    { action: 'traffic', traffic: 0.4 },
    { action: 'weights', weights: { red: 3, blue: 0.5 } },
  ];
  expect(actions.map((a) => actionRecord('bar', a))).toEqual([
    { type: 'experiment', experiment: 'bar', action: 'start' },
    { type: 'experiment', experiment: 'bar', action: 'stop', args: { winner: 'red' } },
    { type: 'experiment', experiment: 'bar', action: 'traffic', args: { traffic: 0.4 } },
    { type: 'experiment', experiment: 'bar', action: 'weights', args: { weights: { red: 3, blue: 0.5 } } },
  ]);
});

it('checks action bodies by path', () => {
  expect(actionBodies.traffic.safeParse({ traffic: 2 }).error?.issues.map((i) => i.path)).toEqual([['traffic']]);
  const bad = actionBodies.weights.safeParse({ weights: { red: -1, blue: 1 } });
  expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
    ['weights.red', 'expected a number >= 0'],
  ]);
  expect(actionBodies.stop.safeParse({ winner: 3 }).error?.issues[0]?.message).toBe('expected a variant key');
});
