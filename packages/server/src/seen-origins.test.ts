// Where a site's tag was seen: the latest time per origin, written at most once per interval, merged across servers.
import { expect, it, vi } from 'vitest';
import { requestOrigin, SeenOrigins } from './seen-origins.js';

const memoryMeta = () => {
  const meta = new Map<string, string>();
  const store = {
    writes: 0,
    getMeta: (k: string) => Promise.resolve(meta.get(k)),
    setMeta: (k: string, v: string) => {
      store.writes++;
      meta.set(k, v);
      return Promise.resolve();
    },
  };
  return store;
};

it('keeps the latest time per origin, lists what is not written yet, and writes once per interval', async () => {
  vi.useFakeTimers();
  try {
    const store = memoryMeta();
    const seen = new SeenOrigins(store, 60_000);
    for (let i = 0; i < 1000; i++) seen.note('shop', 'https://shop.example', 1000 + i);
    seen.note('shop', 'https://www.shop.example', 500);
    seen.note('other', 'https://other.example', 7);
    expect(await seen.list('shop')).toEqual([
      { origin: 'https://shop.example', lastSeen: 1999 },
      { origin: 'https://www.shop.example', lastSeen: 500 },
    ]);
    expect(store.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(store.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.writes).toBe(2); // one per site with news
    // another server sharing the store adds its own times; an older time never replaces a newer one
    const other = new SeenOrigins(store, 60_000);
    other.note('shop', 'https://shop.example', 1500);
    other.note('shop', 'https://m.shop.example', 3000);
    await other.flush();
    expect(await new SeenOrigins(store).list('shop')).toEqual([
      { origin: 'https://m.shop.example', lastSeen: 3000 },
      { origin: 'https://shop.example', lastSeen: 1999 },
      { origin: 'https://www.shop.example', lastSeen: 500 },
    ]);
  } finally {
    vi.useRealTimers();
  }
});

it('takes the page origin from Origin, else from the Referer', () => {
  const h = (o: Record<string, string>) => (n: string) => o[n];
  expect(requestOrigin(h({ origin: 'https://a.example' }))).toBe('https://a.example');
  expect(requestOrigin(h({ referer: 'https://b.example/p?q=1' }))).toBe('https://b.example');
  expect(requestOrigin(h({ origin: 'null', referer: 'not a url' }))).toBeUndefined();
  expect(requestOrigin(h({}))).toBeUndefined();
});

it('a failed write does not stop later ones', async () => {
  const store = memoryMeta();
  const seen = new SeenOrigins(store, 60_000);
  const setMeta = store.setMeta;
  store.setMeta = () => Promise.reject(new Error('store down'));
  seen.note('shop', 'https://shop.example', 1000);
  await expect(seen.flush()).rejects.toThrow('store down');
  store.setMeta = setMeta;
  seen.note('shop', 'https://www.shop.example', 2000);
  await seen.flush();
  expect(await new SeenOrigins(store).list('shop')).toEqual([{ origin: 'https://www.shop.example', lastSeen: 2000 }]);
});
