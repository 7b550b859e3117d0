import { expect, it } from 'vitest';
import { diff, summarize } from './config-diff.js';

it("diffs by path, matching experiments and widgets by key/id; the summary leaves out the server's stamps", () => {
  const a = {
    version: 1,
    publishedAt: 1,
    widgets: [{ id: 'bar', enabled: true, props: { color: 'red' } }],
    experiments: [{ key: 'e', status: 'running' }],
  };
  const b = {
    version: 2,
    publishedAt: 2,
    widgets: [
      { id: 'pop', props: {} },
      { id: 'bar', enabled: false, props: { color: 'red' } },
    ],
    experiments: [],
  };
  expect(diff(a, b)).toEqual([
    { path: 'version', op: 'change', before: 1, after: 2 },
    { path: 'publishedAt', op: 'change', before: 1, after: 2 },
    { path: 'widgets.pop', op: 'add', after: { id: 'pop', props: {} } },
    { path: 'widgets.bar.enabled', op: 'change', before: true, after: false },
    { path: 'experiments.e', op: 'remove', before: { key: 'e', status: 'running' } },
  ]);
  expect(summarize(diff(a, b))).toEqual([
    '+ widgets.pop: {"id":"pop","props":{}}',
    'widgets.bar.enabled: true -> false',
    '- experiments.e',
  ]);
});

it('finds no change in equal documents', () => {
  expect(diff({ a: [1, 2], b: { c: null } }, { a: [1, 2], b: { c: null } })).toEqual([]);
});

it('compares own keys only: a key named like an Object.prototype member is added and removed like any other', () => {
  expect(diff({ props: { constructor: 'x' } }, { props: {} })).toEqual([
    { path: 'props.constructor', op: 'remove', before: 'x' },
  ]);
  expect(diff({ props: {} }, { props: { toString: 'y' } })).toEqual([
    { path: 'props.toString', op: 'add', after: 'y' },
  ]);
});
