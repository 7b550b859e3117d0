// Config service: every publish and rollback is stamped with a publish time that only ever increases.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigRecord, Store } from '../store/store.js';
import { InProcessBus } from './bus.js';
import { ConfigService } from './service.js';

/** The five store methods the service uses, in memory (the DuckDB store has its own tests). */
function memoryStore(records: ConfigRecord[] = []) {
  const store = {
    listSites: async () =>
      [...new Set(records.map((r) => r.site))].map((id) => ({ id, name: id, allowedOrigins: [], createdAt: 0 })),
    insertConfig: async (rec: ConfigRecord) =>
      !records.some((r) => r.site === rec.site && r.version === rec.version) && !!records.push(rec),
    getConfig: async (site: string, version: number) => records.find((r) => r.site === site && r.version === version),
    latestConfig: async (site: string) =>
      records.filter((r) => r.site === site).sort((a, b) => b.version - a.version)[0],
    configHistory: async (site: string) => records.filter((r) => r.site === site).sort((a, b) => b.version - a.version),
  };
  return store as unknown as Store;
}

const doc = (color: string) => ({
  schema: 1,
  site: 'shop',
  version: 1,
  widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }],
  experiments: [],
});
const meta = { author: 'tester' };

afterEach(() => vi.useRealTimers());

describe('ConfigService history', () => {
  it('reads the store once per version in force, and again once a newer one is (here or announced)', async () => {
    const store = memoryStore();
    const reads = vi.spyOn(store, 'configHistory');
    const bus = new InProcessBus();
    const svc = new ConfigService(store, bus);
    const other = new ConfigService(store, bus);
    await svc.publish('shop', doc('red'), meta);
    expect((await svc.history('shop')).map((r) => r.version)).toEqual([1]);
    expect((await svc.history('shop')).map((r) => r.version)).toEqual([1]);
    expect(reads).toHaveBeenCalledTimes(1);
    await svc.publish('shop', doc('blue'), meta);
    expect((await svc.history('shop')).map((r) => r.version)).toEqual([2, 1]);
    expect(reads).toHaveBeenCalledTimes(2);
    await other.publish('shop', doc('green'), meta);
    await vi.waitFor(() => expect(svc.get('shop')?.version).toBe(3));
    expect((await svc.history('shop')).map((r) => r.version)).toEqual([3, 2, 1]);
    expect(reads).toHaveBeenCalledTimes(3);
  });
});

describe('ConfigService publish time', () => {
  it('stamps publish, update and rollback with publishedAt, in the document served and pushed, increasing', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 21, 12) });
    const hub = new InProcessBus();
    const svc = new ConfigService(memoryStore(), hub);
    const pushed: NudgeConfig[] = [];
    hub.subscribe('shop', (version) => pushed.push({ ...svc.config('shop')!, version }));

    const a = await svc.publish('shop', { ...doc('red'), publishedAt: 1 }, meta); // a client's stamp is overwritten
    expect(a.ok && a.record.doc).toMatchObject({ version: 1, publishedAt: Date.UTC(2026, 10, 21, 12) });
    vi.advanceTimersByTime(60_000);
    const b = await svc.update('shop', (c) => ({ ...c, currency: 'USD' }), meta);
    vi.advanceTimersByTime(60_000);
    const r = await svc.rollback('shop', 1, meta);
    expect(r.ok && r.record.action).toEqual({ type: 'rollback', to: 1 });

    const stamps = pushed.map((d) => [d.version, d.publishedAt]);
    const t0 = Date.UTC(2026, 10, 21, 12);
    expect(stamps).toEqual([
      [1, t0],
      [2, t0 + 60_000],
      [3, t0 + 120_000],
    ]);
    expect(svc.config('shop')?.publishedAt).toBe(t0 + 120_000);
    // The history's time is the document's, and its summary does not list the stamp.
    expect(b.ok && b.record.createdAt).toBe(t0 + 60_000);
    expect(b.ok && b.record.changes).toEqual([{ path: ['currency'], after: 'USD' }]);
    expect(r.ok && r.record.changes).toEqual([{ path: ['currency'], before: 'USD' }]);
  });

  it('never stamps earlier than the document in force, even when the clock steps back or a store is reloaded', async () => {
    const t0 = Date.UTC(2026, 10, 21, 12);
    vi.useFakeTimers({ now: t0 });
    const records: ConfigRecord[] = [];
    const first = new ConfigService(memoryStore(records), new InProcessBus());
    await first.publish('shop', doc('red'), meta);
    vi.setSystemTime(t0 - 3_600_000); // NTP stepped the clock back an hour
    const b = await first.publish('shop', doc('blue'), meta);
    expect(b.ok && b.record.doc.publishedAt).toBe(t0 + 1);

    const restarted = new ConfigService(memoryStore(records), new InProcessBus());
    await restarted.load();
    const c = await restarted.publish('shop', doc('green'), meta);
    expect(c.ok && c.record.doc).toMatchObject({ version: 3, publishedAt: t0 + 2 });
  });

  it('a fresh store restarts versions at 1 but stamps a later time than the old store did', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 20, 12) });
    const old = new ConfigService(memoryStore(), new InProcessBus());
    for (const color of ['red', 'blue', 'green']) await old.publish('shop', doc(color), meta);
    const yesterday = old.config('shop')!;
    vi.setSystemTime(Date.UTC(2026, 10, 21, 12));
    const fresh = new ConfigService(memoryStore(), new InProcessBus());
    await fresh.publish('shop', doc('red'), meta);
    const today = fresh.config('shop')!;
    expect(today.version).toBeLessThan(yesterday.version);
    expect(today.publishedAt!).toBeGreaterThan(yesterday.publishedAt!);
  });
});

describe('ConfigService versions are the store’s', () => {
  it('a publish that lost its version to another process is built again on the newer one, unless it named a base', async () => {
    const records: ConfigRecord[] = [];
    const store = memoryStore(records);
    const svc = new ConfigService(store, new InProcessBus());
    await svc.publish('shop', doc('red'), meta);
    // Another process takes version 2 between this one's read and its insert.
    const insert = store.insertConfig.bind(store);
    let raced = false;
    store.insertConfig = async (rec) => {
      if (!raced) {
        raced = true;
        await insert({ ...rec, doc: { ...rec.doc, widgets: [] }, author: 'other' });
      }
      return insert(rec);
    };
    const r = await svc.publish('shop', doc('blue'), meta);
    expect(r.ok && r.record.version).toBe(3);
    expect(records.map((x) => [x.version, x.author])).toEqual([
      [1, 'tester'],
      [2, 'other'],
      [3, 'tester'],
    ]);
    raced = false;
    const refused = await svc.publish('shop', doc('green'), { ...meta, baseVersion: 3 });
    expect(refused).toMatchObject({ ok: false, status: 409, error: 'version_conflict' });
    // the other process's version 4, and nothing of this one
    expect(records.map((x) => [x.version, x.author]).slice(3)).toEqual([[4, 'other']]);
  });

  it('a process serves what another published once the bus announces it', async () => {
    const store = memoryStore();
    const bus = new InProcessBus();
    const a = new ConfigService(store, bus);
    const b = new ConfigService(store, bus);
    await a.publish('shop', doc('red'), meta);
    await expect.poll(() => b.get('shop')?.version).toBe(1);
    expect(b.config('shop')?.widgets[0]?.props).toEqual({ color: 'red' });
    expect((await b.at('shop', 1))?.etag).toBe(a.get('shop')?.etag);
  });

  it('publishes on one site in this process all succeed in turn, however many arrive at once', async () => {
    const records: ConfigRecord[] = [];
    const svc = new ConfigService(memoryStore(records), new InProcessBus());
    await svc.publish('shop', doc('red'), meta);
    const colors = Array.from({ length: 20 }, (_, i) => `#1000${String(i).padStart(2, '0')}`);
    const results = await Promise.all([
      ...colors.map((color) => svc.publish('shop', doc(color), meta)),
      svc.update('shop', (c) => ({ ...c, currency: 'EUR' }), meta),
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(records.map((r) => r.version)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });
});

describe('ConfigService answers', () => {
  it('a published document shaped like a failure is checked as a config, not returned as the answer', async () => {
    const svc = new ConfigService(memoryStore(), new InProcessBus());
    const forged = { ok: false, status: 409, error: 'version_conflict', issues: [{ path: 'x', message: 'forged' }] };
    const r = await svc.publish('shop', forged, meta);
    expect(r).toMatchObject({ ok: false, status: 400, error: 'invalid_config' });
    expect(!r.ok && r.issues.some((i) => i.message === 'forged')).toBe(false);
    await expect(svc.publish('shop', { ...forged, issues: 'not a list' }, meta)).resolves.toMatchObject({
      ok: false,
      status: 400,
      error: 'invalid_config',
    });
  });
});
