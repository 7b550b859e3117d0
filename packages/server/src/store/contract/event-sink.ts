// Contract cases for an EventSink: an append resolves once stored, rows survive a restart, and bad rows are set aside.
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../records.js';
import { row, startedStores, type StoreFactory } from './fixtures.js';

export function eventSinkContract(factory: StoreFactory): void {
  describe('EventSink', () => {
    const start = startedStores(factory);

    it('queues appended rows until a flush writes them', async () => {
      const { store } = await start();
      store.append([row('q', 'page_view', 1, 'a'), row('q', 'page_view', 2, 'a')]);
      // two rows are no backlog: the collector keeps acknowledging
      expect(store.full()).toBe(false);
      await store.flush();
      expect(store.pending()).toBe(0);
      expect(await store.countEvents('q')).toBe(2);
      expect(await store.countEvents('other')).toBe(0);
    });

    it('resolves an append once its rows are stored (group commit), and refuses appends once closed', async () => {
      const { store } = await start();
      const stored = store.append([row('w', 'page_view', 1, 'a'), row('w', 'page_view', 2, 'b')]);
      expect(stored).toBeInstanceOf(Promise);
      await stored;
      // resolved means written: nothing of it is still queued, without anyone calling flush()
      expect(store.pending()).toBe(0);
      expect(await store.countEvents('w')).toBe(2);
      await store.close();
      await expect((async () => store.append([row('w', 'page_view', 3, 'a')]))()).rejects.toThrow();
    });

    it('stores a row once per (site, id), within a batch and across flushes', async () => {
      const { store } = await start();
      const a = row('d', 'page_view', 1, 'a');
      store.append([a, { ...a }, { ...a, site: 'd2' }]);
      await store.flush();
      store.append([{ ...a }]);
      await store.flush();
      expect([await store.countEvents('d'), await store.countEvents('d2')]).toEqual([1, 1]);
    });

    it('answers reads with rows appended a moment ago, without an explicit flush', async () => {
      const { store } = await start();
      store.append([row('r', 'page_view', 1, 'a')]);
      expect(await store.countEvents('r')).toBe(1);
      store.append([row('r', 'page_view', 2, 'a')]);
      expect((await store.tail('r', 10)).length).toBe(2);
    });

    it('gives rows back as they were appended: objects, arrays and the widget type', async () => {
      const { store } = await start();
      const r = row('t', 'select_promotion', 5, 'a', {
        userId: 'u1',
        url: 'https://shop.example/p/1',
        path: '/p/1',
        experiments: { bar: 'red', 'key with "quotes"': 'b' },
        forced: ['bar'],
        props: { promotion_id: 'pop', items: [{ item_id: 'SKU', price: 9.5 }], nested: { deep: [null, true] } },
        context: { locale: 'en', utm: { source: 'x' } },
        widget: 'pop',
        widgetType: 'coupon-popup',
        value: null,
        source: 'segment',
      });
      store.append([r]);
      await store.flush();
      expect(await store.tail('t', 1)).toEqual([r]);
    });

    it('keeps acknowledged rows across a restart, flushed or not', async () => {
      const { store, reopen } = await start();
      store.append([row('k', 'page_view', 1, 'a')]);
      await store.flush();
      store.append([row('k', 'page_view', 2, 'a'), row('k', 'page_view', 3, 'b')]);
      await store.close();
      const again = await reopen();
      expect(await again.countEvents('k')).toBe(3);
      expect(again.pending()).toBe(0);
    });

    it('sets aside rows no backend can hold and writes the rest, now and later', async () => {
      const { store } = await start();
      const bad: Partial<EventRow>[] = [
        { ts: 1e19 },
        { idMs: NaN },
        { seq: 3_000_000_000 },
        { name: (() => 'x') as unknown as string },
        { value: Infinity },
      ];
      store.append([row('p', 'page_view', 1, 'a'), ...bad.map((b, i) => row('p', 'page_view', 2 + i, 'a', b))]);
      store.append([row('p', 'page_view', 10, 'a')]);
      await store.flush();
      expect(store.pending()).toBe(0);
      expect(await store.countEvents('p')).toBe(2);
      expect(await store.countQuarantined('p')).toBe(bad.length);
      expect(await store.countQuarantined('other')).toBe(0);
      store.append([row('p', 'page_view', 11, 'a')]);
      await store.flush();
      expect(await store.countEvents('p')).toBe(3);
    });

    it('finds the browser visitor a user id was last seen with, queued rows included', async () => {
      const { store } = await start();
      store.append([
        row('u', 'identify', 1, 'anon-1', { userId: 'user "1", [x]' }),
        row('u', 'identify', 2, 'anon-2', { userId: 'u2' }),
        row('u', 'identify', 3, 'anon-3', { userId: 'u2' }),
        row('u', 'purchase', 4, 'user:u4', { userId: 'u4' }), // a server-side id, not a browser
      ]);
      await store.flush();
      store.append([row('u', 'identify', 5, 'anon-5', { userId: 'u5' })]);
      const m = await store.visitorsForUsers('u', ['user "1", [x]', 'u2', 'u4', 'u5', 'nobody']);
      expect(Object.fromEntries(m)).toEqual({ 'user "1", [x]': 'anon-1', u2: 'anon-3', u5: 'anon-5' });
    });

    it('answers a ping while open and refuses one once closed', async () => {
      const { store, reopen } = await start();
      store.append([row('g', 'page_view', 1, 'a')]);
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
      const again = await reopen();
      await expect(again.ping()).resolves.toBeUndefined();
      expect(await again.countEvents('g')).toBe(1);
    });

    it('tails the newest received first, at most the limit', async () => {
      const { store } = await start();
      store.append([1, 2, 3].map((t) => row('l', 'page_view', t, 'a')));
      expect((await store.tail('l', 2)).map((e) => e.ts)).toEqual([3, 2]);
    });
  });
}
