// actionRefusal: the actions each experiment state allows (the console offers these, the API refuses the rest).
import { expect, it } from 'vitest';
import type { Experiment } from '../config/schema.js';
import { actionRefusal, type LifecycleAction } from './lifecycle.js';

const all: LifecycleAction[] = ['start', 'pause', 'stop', 'ship', 'traffic', 'weights', 'schedule'];
const allowed = (status: Experiment['status'], winner?: string, ship?: string) =>
  all.filter((a) => actionRefusal({ key: 'x', status, ...(winner && { winner }) }, a, ship) === undefined);

it('allows per state only what changes what visitors see', () => {
  expect(allowed('draft')).toEqual(['start', 'traffic', 'weights', 'schedule']);
  expect(allowed('running')).toEqual(['pause', 'stop', 'ship', 'traffic', 'weights', 'schedule']);
  expect(allowed('paused')).toEqual(['start', 'stop', 'ship', 'traffic', 'weights', 'schedule']);
  expect(allowed('stopped', undefined, 'b')).toEqual(['start', 'ship']);
  expect(allowed('stopped', 'b', 'b')).toEqual(['start']);
  expect(allowed('stopped', 'b', 'control')).toEqual(['start', 'ship']);
});

it('says why, naming the experiment', () => {
  expect(actionRefusal({ key: 'bar', status: 'draft' }, 'ship')).toBe(
    'experiment "bar" is a draft: it has no results to pick a winner from; start it first',
  );
  expect(actionRefusal({ key: 'bar', status: 'stopped' }, 'weights')).toMatch(
    /^experiment "bar" is stopped: its weights/,
  );
});
