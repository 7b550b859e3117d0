import { expect, it } from 'vitest';
import { diff, historyChanges, wireChange } from './diff.js';

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

it("diffs by path, matching experiments and widgets by key/id; history leaves out the server's stamps", () => {
  expect(diff(a, b)).toEqual([
    { path: ['version'], before: 1, after: 2 },
    { path: ['publishedAt'], before: 1, after: 2 },
    { path: ['widgets', 'pop'], after: { id: 'pop', props: {} } },
    { path: ['widgets', 'bar', 'enabled'], before: true, after: false },
    { path: ['experiments', 'e'], before: { key: 'e', status: 'running' } },
  ]);
  expect(historyChanges(a, b)).toEqual(diff(a, b).slice(2));
});

it('answers the diff endpoint in its old shape: dot-joined paths and an op', () => {
  expect(diff(a, b).slice(2).map(wireChange)).toEqual([
    { path: 'widgets.pop', op: 'add', after: { id: 'pop', props: {} } },
    { path: 'widgets.bar.enabled', op: 'change', before: true, after: false },
    { path: 'experiments.e', op: 'remove', before: { key: 'e', status: 'running' } },
  ]);
  expect(diff(1, 2).map(wireChange)).toEqual([{ path: '(document)', op: 'change', before: 1, after: 2 }]);
});

it('finds no change in equal documents', () => {
  expect(diff({ a: [1, 2], b: { c: null } }, { a: [1, 2], b: { c: null } })).toEqual([]);
});

it('keeps a key with a dot in it as one path element', () => {
  expect(diff({ props: { 'a.b': 1 } }, { props: { 'a.b': 2 } })).toEqual([
    { path: ['props', 'a.b'], before: 1, after: 2 },
  ]);
});

it('compares own keys only: a key named like an Object.prototype member is added and removed like any other', () => {
  expect(diff({ props: { constructor: 'x' } }, { props: {} })).toEqual([
    { path: ['props', 'constructor'], before: 'x' },
  ]);
  expect(diff({ props: {} }, { props: { toString: 'y' } })).toEqual([{ path: ['props', 'toString'], after: 'y' }]);
});
