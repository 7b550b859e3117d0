// Console URLs: each view's path, read back to the same view; odd paths fall back to the site or nothing.
import { expect, it } from 'vitest';
import { parseRoute, routePath } from './route.js';

it('writes and reads back every view', () => {
  for (const r of [
    { site: 'demo', tab: 'widgets' as const },
    { site: 'demo', tab: 'history' as const },
    { site: 'demo', tab: 'people' as const },
    { site: 'my shop', tab: 'results' as const, experiment: 'a/b test' },
  ])
    expect(parseRoute(routePath(r))).toEqual(r);
  expect(routePath({ site: 'demo', tab: 'results', experiment: 'buy-bar-color' })).toBe(
    '/console/sites/demo/experiments/buy-bar-color/results',
  );
});

it('falls back on paths it does not know', () => {
  expect(parseRoute('/console/')).toEqual({});
  expect(parseRoute('/console/sites/demo/nope')).toEqual({ site: 'demo' });
  expect(parseRoute('/console/sites/%E0%A4%A/widgets')).toEqual({ site: '%E0%A4%A', tab: 'widgets' });
  expect(parseRoute('/console/other')).toEqual({});
});
