// Contract cases for a ControlStore: sites, write keys, config versions with their conflict, counters, retry keys.
import { describe, expect, it } from 'vitest';
import { config, startedStores, type StoreFactory } from './fixtures.js';

export function controlStoreContract(factory: StoreFactory): void {
  describe('ControlStore', () => {
    const start = startedStores(factory);

    it('keeps meta values, replacing on set', async () => {
      const { store } = await start();
      expect(await store.getMeta('k')).toBeUndefined();
      await store.setMeta('k', 'a');
      await store.setMeta('k', 'b');
      expect(await store.getMeta('k')).toBe('b');
    });

    it('creates, finds, lists and updates sites', async () => {
      const { store } = await start();
      await store.createSite({ id: 'b', name: 'B', allowedOrigins: ['https://b.example'], createdAt: 2 });
      await store.createSite({ id: 'a', name: 'A', allowedOrigins: [], createdAt: 1 });
      expect(await store.getSite('nope')).toBeUndefined();
      await store.updateSite('b', { name: 'Bee', allowedOrigins: ['https://b.example', 'http://localhost:*'] });
      await store.updateSite('a', { name: 'Ay' });
      expect(await store.listSites()).toEqual([
        { id: 'a', name: 'Ay', allowedOrigins: [], createdAt: 1 },
        { id: 'b', name: 'Bee', allowedOrigins: ['https://b.example', 'http://localhost:*'], createdAt: 2 },
      ]);
      expect(await store.getSite('b')).toMatchObject({ name: 'Bee' });
    });

    it('adds, lists, finds and deletes write keys', async () => {
      const { store } = await start();
      await store.addWriteKey({ site: 's', prefix: 'wk_1', hash: 'h1', createdAt: 1 });
      await store.addWriteKey({ site: 's', prefix: 'wk_2', hash: 'h2', createdAt: 2 });
      await store.addWriteKey({ site: 't', prefix: 'wk_3', hash: 'h3', createdAt: 3 });
      expect((await store.listWriteKeys('s')).map((k) => k.prefix)).toEqual(['wk_1', 'wk_2']);
      expect(await store.findWriteKey('h3')).toEqual({ site: 't', prefix: 'wk_3', hash: 'h3', createdAt: 3 });
      expect(await store.findWriteKey('nope')).toBeUndefined();
      expect(await store.deleteWriteKey('s', 'wk_1')).toBe(true);
      expect(await store.deleteWriteKey('s', 'wk_1')).toBe(false);
      expect(await store.deleteWriteKey('s', 'wk_3')).toBe(false); // another site's key
      expect(await store.findWriteKey('h1')).toBeUndefined();
      expect((await store.listWriteKeys('t')).length).toBe(1);
    });

    it('stores config versions as they were given, the latest and the history newest first', async () => {
      const { store } = await start();
      expect(await store.latestConfig('s')).toBeUndefined();
      const v1 = config('s', 1);
      const v2 = config('s', 2, {
        action: { type: 'experiment', experiment: 'bar', action: 'stop', args: { winner: 'red' } },
        changes: [{ path: ['experiments', 'bar', 'status'], before: 'running', after: 'stopped' }, { path: ['x'] }],
      });
      expect(await store.insertConfig(v1)).toBe(true);
      expect(await store.insertConfig(v2)).toBe(true);
      expect(await store.insertConfig(config('t', 1))).toBe(true);
      expect(await store.getConfig('s', 1)).toEqual(v1);
      expect(await store.getConfig('s', 3)).toBeUndefined();
      expect(await store.latestConfig('s')).toEqual(v2);
      expect(await store.configHistory('s')).toEqual([v2, v1]);
    });

    it('refuses a version the site already has, writing nothing, also when two arrive at once', async () => {
      const { store } = await start();
      const first = config('s', 1);
      expect(await store.insertConfig(first)).toBe(true);
      expect(await store.insertConfig(config('s', 1, { author: 'bob' }))).toBe(false);
      const both = await Promise.all([
        store.insertConfig(config('s', 2, { author: 'ann' })),
        store.insertConfig(config('s', 2, { author: 'bob' })),
      ]);
      expect(both.sort()).toEqual([false, true]);
      const history = await store.configHistory('s');
      expect(history.map((r) => r.version)).toEqual([2, 1]);
      expect(history[1]).toEqual(first);
    });

    it('counts a report once per key, only the growth of a larger one, keyless ones every time', async () => {
      const { store, reopen } = await start();
      expect(await store.countOnce('x', 'dropped', [{ keys: ['e1', 'e2'], n: 3 }])).toBe(3);
      expect(await store.countOnce('x', 'dropped', [{ keys: ['e1', 'e2'], n: 3 }])).toBe(0);
      expect(await store.countOnce('x', 'dropped', [{ keys: ['e2', 'e3'], n: 5 }])).toBe(2);
      expect(
        await store.countOnce('x', 'dropped', [
          { keys: [], n: 1 },
          { keys: [], n: 1 },
        ]),
      ).toBe(2);
      expect(await store.countOnce('y', 'dropped', [{ keys: ['e1'], n: 3 }])).toBe(3);
      const both = await Promise.all([
        store.countOnce('x', 'refused', [{ keys: ['r1'], n: 1 }]),
        store.countOnce('x', 'refused', [{ keys: ['r1'], n: 1 }]),
      ]);
      expect(both.sort()).toEqual([0, 1]);
      expect([await store.counter('x', 'dropped'), await store.counter('x', 'refused')]).toEqual([7, 1]);
      expect(await store.counter('x', 'nothing')).toBe(0);
      await store.close();
      const again = await reopen();
      expect(await again.countOnce('x', 'dropped', [{ keys: ['e3'], n: 5 }])).toBe(0);
      expect(await again.counter('x', 'dropped')).toBe(7);
    });

    it('remembers when each key was first seen, per site and kind', async () => {
      const { store } = await start();
      expect(Object.fromEntries(await store.firstSeen('x', 'm', ['a', 'b', 'a'], 100))).toEqual({ a: 100, b: 100 });
      expect(Object.fromEntries(await store.firstSeen('x', 'm', ['b', 'c'], 200))).toEqual({ b: 100, c: 200 });
      expect(Object.fromEntries(await store.firstSeen('x', 'other', ['b'], 300))).toEqual({ b: 300 });
      expect(Object.fromEntries(await store.firstSeen('y', 'm', ['b'], 400))).toEqual({ b: 400 });
      expect((await store.firstSeen('x', 'm', [], 500)).size).toBe(0);
    });
  });
}
