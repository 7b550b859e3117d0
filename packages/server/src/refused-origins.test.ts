import { describe, expect, it } from 'vitest';
import { MAX_ORIGINS_PER_SITE, RefusedOrigins } from './refused-origins.js';

/** A meta table as a store keeps it, shared by the servers given it. */
const meta = () => {
  const m = new Map<string, string>();
  return {
    m,
    getMeta: async (k: string) => m.get(k),
    setMeta: async (k: string, v: string) => void m.set(k, v),
  };
};

describe('RefusedOrigins', () => {
  it('counts refusals per site and origin with the last time, newest first, before and after a write', async () => {
    const store = meta();
    const r = new RefusedOrigins(store);
    r.note('a', 'https://shop.example', 1000);
    r.note('a', 'https://shop.example', 3000);
    r.note('a', 'https://other.example', 2000);
    r.note('b', 'https://shop.example', 5000);
    const want = [
      { origin: 'https://shop.example', count: 2, lastSeen: 3000 },
      { origin: 'https://other.example', count: 1, lastSeen: 2000 },
    ];
    expect(await r.list('a')).toEqual(want);
    await r.flush();
    expect(JSON.parse(store.m.get('refused_origins:a')!)).toEqual(want);
    expect(await r.list('a')).toEqual(want);
    expect(await r.list('b')).toEqual([{ origin: 'https://shop.example', count: 1, lastSeen: 5000 }]);
    expect(await r.list('c')).toEqual([]);
  });

  it('a failed write does not stop later ones', async () => {
    const store = meta();
    const r = new RefusedOrigins(store);
    const setMeta = store.setMeta;
    store.setMeta = () => Promise.reject(new Error('store down'));
    r.note('a', 'https://shop.example', 1000);
    await expect(r.flush()).rejects.toThrow('store down');
    store.setMeta = setMeta;
    r.note('a', 'https://other.example', 2000);
    await r.flush();
    expect(JSON.parse(store.m.get('refused_origins:a')!)).toEqual([
      { origin: 'https://other.example', count: 1, lastSeen: 2000 },
    ]);
  });

  it('keeps at most MAX_ORIGINS_PER_SITE origins, the ones refused last, however many a client invents', async () => {
    const store = meta();
    const r = new RefusedOrigins(store);
    for (let i = 0; i < 1000; i++) {
      r.note('a', `https://x${i}.example`, i);
      if (i % 100 === 99) await r.flush();
    }
    const list = await r.list('a');
    expect(list).toHaveLength(MAX_ORIGINS_PER_SITE);
    expect(list[0]!.origin).toBe('https://x999.example');
    expect(list.at(-1)!.origin).toBe(`https://x${1000 - MAX_ORIGINS_PER_SITE}.example`);
    expect(store.m.get('refused_origins:a')!.length).toBeLessThan(2000);
    r.note('a', `https://${'y'.repeat(5000)}.example`, 2000);
    expect((await r.list('a'))[0]!.origin).toHaveLength(200);
  });

  it('adds to what another server sharing the store wrote, rather than overwriting it', async () => {
    const store = meta();
    const one = new RefusedOrigins(store);
    const two = new RefusedOrigins(store);
    one.note('a', 'https://shop.example', 1000);
    two.note('a', 'https://shop.example', 2000);
    two.note('a', 'https://shop.example', 2500);
    await one.flush();
    await two.flush();
    expect(await one.list('a')).toEqual([{ origin: 'https://shop.example', count: 3, lastSeen: 2500 }]);
  });

  it('reads a damaged stored list as empty', async () => {
    const store = meta();
    store.m.set('refused_origins:a', '{not json');
    const r = new RefusedOrigins(store);
    expect(await r.list('a')).toEqual([]);
    r.note('a', 'https://shop.example', 1);
    await r.flush();
    expect(await r.list('a')).toEqual([{ origin: 'https://shop.example', count: 1, lastSeen: 1 }]);
  });
});
