import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type NudgeStorage } from './storage/storage.js';
import { batchSchema, type Batch } from './track/schema.js';
import type { SendRequest, SendResult } from './track/transport.js';
import { createTracker, type TrackerOptions } from './tracker.js';
import { uuidv7Time } from './identity/uuid.js';
// loaded by the tracker on demand; imported here so fake timers do not race the module loader
import './track/ownership.js';

/** A scripted collector: answers each request with the next status (then 200) and records accepted batches. */
function collector(statuses: (number | 'network' | [number, string])[] = []) {
  const received: Batch[] = [];
  const attempts: Batch[] = [];
  const send = vi.fn(async ({ url, body }: SendRequest): Promise<SendResult> => {
    expect(url).toBe('https://c.example/v1/events');
    const batch = JSON.parse(body) as Batch;
    attempts.push(batch);
    const next = statuses.shift() ?? 200;
    if (next === 'network') throw new TypeError('Failed to fetch');
    const [status, retryAfter] = Array.isArray(next) ? next : [next, null];
    if (status < 300) received.push(batch);
    return { status, retryAfter };
  });
  const ids = () => received.flatMap((b) => b.events.map((e) => e.id));
  return { send, received, attempts, ids };
}

const base = (o: Partial<TrackerOptions> = {}): TrackerOptions => ({
  site: 'shop1',
  endpoint: 'https://c.example/',
  flushInterval: 100,
  ...o,
});
const purchase = {
  transaction_id: 'T1',
  currency: 'USD',
  value: 30,
  items: [{ item_id: 'SKU', price: 30, quantity: 1 }],
};

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 21, 12) });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('createTracker in Node (no DOM)', () => {
  it('sends envelopes that match the wire contract, with UUIDv7 ids and seq per visitor', async () => {
    const c = collector();
    const t = createTracker(
      base({ send: c.send, storage: memoryStorage(), context: () => ({ experiments: { hero: 'b' } }) }),
    );
    t.page();
    t.track('purchase', purchase);
    t.track('my_custom', { any: { nested: [1] } });
    await t.flush();
    expect(c.received).toHaveLength(1);
    const batch = batchSchema.parse(c.received[0]);
    expect(batch.site).toBe('shop1');
    expect(batch.dropped).toBeUndefined();
    expect(batch.events.map((e) => [e.name, e.seq])).toEqual([
      ['page_view', 1],
      ['purchase', 2],
      ['my_custom', 3],
    ]);
    const [a, b] = batch.events;
    expect(a!.anonymousId).toBe(b!.anonymousId);
    expect(a!.sessionId).toBe(b!.sessionId);
    expect(uuidv7Time(a!.id)).toBe(Date.now());
    expect(b!.props).toEqual(purchase);
    expect(b!.context).toEqual({ locale: expect.any(String), screen: '', utm: {}, experiments: { hero: 'b' } });
    expect(b!.page).toEqual({ url: '', path: '', referrer: '', title: '' });
  });

  it('batches by count and by time', async () => {
    const c = collector();
    const t = createTracker(base({ send: c.send, storage: memoryStorage(), batchSize: 3, flushInterval: 5000 }));
    for (let i = 0; i < 7; i++) t.track('e', { i });
    await vi.advanceTimersByTimeAsync(10);
    // a full batch starts a send at once, and the sender drains the backlog behind it
    expect(c.received.map((b) => b.events.length)).toEqual([3, 3, 1]);
    t.track('e', { i: 7 });
    await vi.advanceTimersByTimeAsync(4000);
    expect(c.received).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.received.map((b) => b.events.length)).toEqual([3, 3, 1, 1]);
  });

  it('copies props at track time (later mutation by the page does not change the event)', async () => {
    const c = collector();
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    const props = { n: 1 };
    t.track('e', props);
    props.n = 2;
    await t.flush();
    expect(c.received[0]!.events[0]!.props).toEqual({ n: 1 });
  });

  it('rejects invalid props of a known event as nudge_error with the field path, without throwing', async () => {
    const c = collector();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    expect(() => t.track('purchase', { ...purchase, items: [{ price: 'free' }] } as never)).not.toThrow();
    t.track('e', { self: globalThis } as never); // not JSON: cycles
    await t.flush();
    const [bad, cyclic] = c.received[0]!.events;
    expect(bad).toMatchObject({
      name: 'nudge_error',
      props: { event: 'purchase', path: 'items.0.price', code: 'invalid_props' },
    });
    expect(cyclic).toMatchObject({ name: 'nudge_error', props: { event: 'e' } });
    expect(warn).toHaveBeenCalledWith('[nudge]', expect.stringContaining('items.0.price'));
    warn.mockRestore();
  });

  it('never lets an exception escape: throwing transport, context provider and storage', async () => {
    const broken: NudgeStorage = {
      get: () => {
        throw new Error('x');
      },
      set: () => {
        throw new Error('x');
      },
      remove: () => {
        throw new Error('x');
      },
      keys: () => {
        throw new Error('x');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker(
      base({
        storage: broken,
        send: () => {
          throw new Error('boom');
        },
        context: () => {
          throw new Error('ctx');
        },
      }),
    );
    expect(() => {
      t.track('e');
      t.identify('u1');
      t.reset();
      t.setConsent('granted');
    }).not.toThrow();
    await expect(t.flush()).resolves.toBeUndefined();
    warn.mockRestore();
  });

  it('retries 5xx and network errors with backoff and honours Retry-After, delivering each event once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // longest jitter: retries at +1 s, then +2 s
    const c = collector(['network', 503, [429, '30']]);
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    t.track('a');
    t.track('b');
    await vi.advanceTimersByTimeAsync(100); // 1st: network error, retry in 0.5-1 s
    expect(c.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000); // 2nd: 503, retry in 1-2 s
    expect(c.attempts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000); // 3rd: 429 Retry-After 30 s
    expect(c.attempts).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(c.attempts).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1500);
    expect(c.received).toHaveLength(1);
    expect(c.ids()).toHaveLength(2);
    expect(new Set(c.attempts.flatMap((b) => b.events.map((e) => e.id)))).toEqual(new Set(c.ids()));
  });

  it('drops a batch the collector refuses with 4xx, and reports the count in the next batch', async () => {
    const c = collector([400]);
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    t.track('a');
    t.track('b');
    await t.flush();
    t.track('c');
    await t.flush();
    expect(c.received).toHaveLength(1);
    expect(c.received[0]).toMatchObject({ dropped: 2 });
    expect(c.received[0]!.events.map((e) => e.name)).toEqual(['c']);
    t.track('d');
    await t.flush();
    expect(c.received[1]!.dropped).toBeUndefined();
  });

  it('caps the queue by events and by bytes, dropping the oldest and counting them', async () => {
    const c = collector(Array(10).fill('network'));
    const t = createTracker(base({ send: c.send, storage: memoryStorage(), maxEvents: 5, flushInterval: 60_000 }));
    for (let i = 0; i < 8; i++) t.track('e', { i });
    const c3 = collector();
    // hand both queues to a healthy collector
    (c.send as unknown as { mockImplementation: (f: unknown) => void }).mockImplementation(c3.send);
    await t.flush();
    expect(c3.received[0]!.events.map((e) => e.props.i)).toEqual([3, 4, 5, 6, 7]);
    expect(c3.received[0]!.dropped).toBe(3);
  });

  it('a page left while a request reporting drops is in flight reports them once: the beacon and the handed-off queue leave them to it', async () => {
    const win = new EventTarget();
    vi.stubGlobal('window', win);
    vi.stubGlobal(
      'document',
      Object.assign(new EventTarget(), { readyState: 'complete', visibilityState: 'visible', referrer: '', title: '' }),
    );
    const beacons: Batch[] = [];
    vi.stubGlobal('navigator', {
      language: 'en',
      sendBeacon: (_url: string, body: string) => beacons.push(JSON.parse(body)) > 0,
    });
    const c = collector([400]);
    let land!: () => void;
    const store = memoryStorage();
    const t = createTracker(base({ send: c.send, storage: store, webVitals: false, flushInterval: 60_000 }));
    t.track('refused');
    await t.flush(); // 400: one event dropped, to be reported by the next request; the collector answered just now
    (c.send as unknown as { mockImplementationOnce: (f: unknown) => void }).mockImplementationOnce(
      async ({ body }: SendRequest) => {
        c.attempts.push(JSON.parse(body));
        await new Promise<void>((r) => {
          land = r;
        });
        c.received.push(JSON.parse(body));
        return { status: 200 };
      },
    );
    t.track('flying');
    const flushed = t.flush();
    await vi.waitFor(() => expect(c.attempts.at(-1)?.events.map((e) => e.name)).toEqual(['flying']));
    t.track('queued');
    win.dispatchEvent(new Event('pagehide'));
    expect(c.attempts.at(-1)!.dropped).toBe(1);
    expect(beacons.map((b) => [b.events.map((e) => e.name), b.dropped])).toEqual([[['queued'], undefined]]);
    // Nothing is left for another tab to report again.
    expect(store.keys().filter((k) => store.get(k)?.includes('"d":1'))).toEqual([]);
    land();
    await flushed;
    t.track('later');
    await t.flush();
    expect(c.received.at(-1)!.events.map((e) => e.name)).toEqual(['later']);
    expect(c.received.at(-1)!.dropped).toBeUndefined();
  });

  it('byte cap keeps the newest that fit', async () => {
    const c = collector();
    const t = createTracker(
      base({ send: c.send, storage: memoryStorage(), maxBytes: 3000, flushInterval: 60_000, consent: 'required' }),
    );
    for (let i = 0; i < 8; i++) t.track('e', { pad: 'x'.repeat(400), i });
    t.setConsent('granted');
    await t.flush();
    const sent = c.received.flatMap((b) => b.events.map((e) => e.props.i));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(8);
    expect(sent.at(-1)).toBe(7);
    expect(c.received[0]!.dropped).toBe(8 - sent.length);
  });
});

describe('consent', () => {
  it('with consent required nothing is stored or sent until granted, then everything is', async () => {
    const c = collector();
    const store = memoryStorage();
    const t = createTracker(base({ send: c.send, storage: store, consent: 'required' }));
    t.track('a');
    t.identify('user-1');
    await vi.advanceTimersByTimeAsync(5000);
    await t.flush();
    expect(c.send).not.toHaveBeenCalled();
    expect(store.keys()).toEqual([]);
    t.setConsent('granted');
    await t.flush();
    expect(c.received[0]!.events.map((e) => e.name)).toEqual(['a', 'identify']);
    expect(c.received[0]!.events[1]!.userId).toBe('user-1');
    expect(store.keys()).toContain('nudge_id');
  });

  it('denied drops the queue and removes what was stored', async () => {
    const c = collector(['network']);
    const store = memoryStorage();
    const t = createTracker(base({ send: c.send, storage: store }));
    t.track('a');
    await vi.advanceTimersByTimeAsync(200);
    expect(store.keys().length).toBeGreaterThan(0);
    t.setConsent('denied');
    expect(store.keys()).toEqual([]);
    t.track('b');
    await t.flush();
    expect(c.received).toEqual([]);
  });

  it('consent withdrawn while a request is in flight: nothing is written afterwards', async () => {
    const store = memoryStorage();
    let answer!: (r: SendResult) => void;
    const t = createTracker(base({ storage: store, send: () => new Promise<SendResult>((r) => (answer = r)) }));
    t.track('a');
    const flushed = t.flush();
    await vi.advanceTimersByTimeAsync(0);
    t.setConsent('denied');
    answer({ status: 200 });
    await flushed;
    expect(store.keys()).toEqual([]);
  });

  it.each([
    ['Global Privacy Control', { globalPrivacyControl: true }],
    ['Do Not Track', { doNotTrack: '1' }],
  ])('%s means denied unless respectGPC is false', async (_, nav) => {
    vi.stubGlobal('navigator', { language: 'en-US', ...nav });
    const c = collector();
    const store = memoryStorage();
    const t = createTracker(base({ send: c.send, storage: store }));
    t.track('a');
    await t.flush();
    expect(c.send).not.toHaveBeenCalled();
    expect(store.keys()).toEqual([]);
    const t2 = createTracker(base({ send: c.send, storage: store, respectGPC: false }));
    t2.track('a');
    await t2.flush();
    expect(c.received).toHaveLength(1);
    expect(c.received[0]!.events[0]!.context.locale).toBe('en-US');
  });
});

describe('identity', () => {
  it('keeps anonymousId and seq across trackers on one storage (page loads), new session after 30 idle minutes', async () => {
    const c = collector();
    const store = memoryStorage();
    const t1 = createTracker(base({ send: c.send, storage: store }));
    t1.track('a');
    await t1.flush();
    vi.advanceTimersByTime(31 * 60_000);
    const t2 = createTracker(base({ send: c.send, storage: store }));
    t2.track('b');
    await t2.flush();
    const [a, b] = c.received.map((r) => r.events[0]!);
    expect(b!.anonymousId).toBe(a!.anonymousId);
    expect(b!.seq).toBe(a!.seq + 1);
    expect(b!.sessionId).not.toBe(a!.sessionId);
  });

  it('identify attaches userId; reset starts a new visitor', async () => {
    const c = collector();
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    t.track('a');
    t.identify('u1', { plan: 'gold' });
    t.track('b');
    t.reset();
    t.track('c');
    await t.flush();
    const [a, id, b, after] = c.received[0]!.events;
    expect(a!.userId).toBeUndefined();
    expect(id).toMatchObject({ name: 'identify', userId: 'u1', props: { plan: 'gold' } });
    expect(b!.userId).toBe('u1');
    expect(after!.userId).toBeUndefined();
    expect(after!.anonymousId).not.toBe(a!.anonymousId);
    expect(after!.seq).toBe(1);
  });

  it('visitor() gives the anonymousId events will carry (created on first call, seq untouched) and the attribution', async () => {
    vi.stubGlobal('location', {
      search: '?utm_source=mail&ref=ANNA',
      href: 'https://shop.example/?utm_source=mail&ref=ANNA',
      pathname: '/',
    });
    const c = collector();
    const store = memoryStorage();
    const t = createTracker(base({ send: c.send, storage: store }));
    const v = t.visitor();
    expect(v).toEqual({
      anonymousId: expect.any(String),
      userId: undefined,
      consent: 'granted',
      utm: { source: 'mail' },
      referral: 'ANNA',
    });
    expect(t.visitor().anonymousId).toBe(v.anonymousId);
    // another tracker on the same storage (the next page) sees the same visitor
    expect(createTracker(base({ send: c.send, storage: store })).visitor().anonymousId).toBe(v.anonymousId);
    t.identify('u7');
    t.track('a');
    await t.flush();
    expect(c.received[0]!.events.map((e) => [e.name, e.anonymousId, e.seq])).toEqual([
      ['identify', v.anonymousId, 1],
      ['a', v.anonymousId, 2],
    ]);
    expect(t.visitor().userId).toBe('u7');
  });

  it('visitor() creates nothing without consent', () => {
    const store = memoryStorage();
    const t = createTracker(base({ send: collector().send, storage: store, consent: 'required' }));
    expect(t.visitor()).toMatchObject({ anonymousId: undefined, consent: 'pending' });
    expect(store.keys()).toEqual([]);
    t.setConsent('granted');
    expect(t.visitor().anonymousId).toEqual(expect.any(String));
    t.setConsent('denied');
    expect(t.visitor()).toMatchObject({ anonymousId: undefined, consent: 'denied' });
  });
});

describe('persistence and ownership (lease rule, used where Web Locks are missing)', () => {
  it('a queue left by a closed tab is adopted by exactly one of two new tabs and sent once', async () => {
    const store = memoryStorage();
    let closed = false; // a closed tab writes nothing more (its timers died with it)
    const down = collector(Array(100).fill(503));
    const old = createTracker(
      base({ send: down.send, storage: { ...store, set: (k, v) => closed || store.set(k, v) } }),
    );
    for (let i = 0; i < 5; i++) old.track('e', { i });
    await vi.advanceTimersByTimeAsync(200);
    expect(store.keys().filter((k) => k.startsWith('nudge_q.'))).toHaveLength(1);
    // the old tab is gone (its lease lapses); two tabs open at once on the same storage
    closed = true;
    down.send.mockImplementation(async () => {
      throw new Error('old tab is closed');
    });
    vi.advanceTimersByTime(4 * 60_000);
    const up = collector();
    const b = createTracker(base({ send: up.send, storage: store }));
    const c = createTracker(base({ send: up.send, storage: store }));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([b.flush(), c.flush()]);
    const ids = up.ids();
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(store.keys().filter((k) => k.startsWith('nudge_q.'))).toEqual([]);
  });

  it('does not adopt the queue of a tab whose lease is alive', async () => {
    const store = memoryStorage();
    const down = collector(Array(100).fill(503));
    const live = createTracker(base({ send: down.send, storage: store }));
    live.track('e');
    await vi.advanceTimersByTimeAsync(200);
    const up = collector();
    const other = createTracker(base({ send: up.send, storage: store }));
    await vi.advanceTimersByTimeAsync(500);
    await other.flush();
    expect(up.ids()).toEqual([]);
  });

  it('survives a full storage quota: nothing throws and every event is still sent', async () => {
    const mem = memoryStorage();
    const full: NudgeStorage = { ...mem, set: (k, v) => (k.startsWith('nudge_q.') ? false : mem.set(k, v)) };
    const c = collector(['network']);
    const t = createTracker(base({ send: c.send, storage: full }));
    for (let i = 0; i < 30; i++) t.track('e', { i });
    await vi.advanceTimersByTimeAsync(5000);
    await t.flush();
    expect(c.ids()).toHaveLength(30);
  });
});

describe('whatever the page passes, every envelope sent matches the wire contract', () => {
  it('bad names, non-object props, odd user ids and unusual values', async () => {
    const c = collector();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker(base({ send: c.send, storage: memoryStorage() }));
    const anyT = t as unknown as { track(n: unknown, p?: unknown): void; identify(u: unknown): void };
    anyT.track('', {});
    anyT.track('x'.repeat(65));
    anyT.track(42);
    anyT.track('custom', [1, 2]);
    anyT.track('custom', 'text');
    anyT.track('custom', { big: 10n });
    anyT.track('custom', { when: new Date(0), nothing: undefined, fn: () => 1 });
    anyT.identify('u'.repeat(500));
    anyT.track('after_long_id');
    anyT.identify('');
    anyT.identify({ id: 1 });
    anyT.identify(undefined);
    anyT.track('after_empty_id');
    await t.flush();
    const events = c.received.flatMap((b) => b.events);
    expect(events).toHaveLength(13);
    for (const b of c.received) expect(batchSchema.safeParse(b).error?.issues ?? []).toEqual([]);
    expect(events.slice(0, 6).map((e) => [e.name, e.props.code])).toEqual([
      ['nudge_error', 'invalid_name'],
      ['nudge_error', 'invalid_name'],
      ['nudge_error', 'invalid_name'],
      ['nudge_error', 'invalid_props'],
      ['nudge_error', 'invalid_props'],
      ['nudge_error', undefined],
    ]);
    expect(events[6]!.props).toEqual({ when: '1970-01-01T00:00:00.000Z' });
    expect(events[8]!.userId).toHaveLength(200);
    // A bad id is a nudge_error naming the field; the visitor keeps the id they had.
    expect(events.slice(9, 12).map((e) => [e.name, e.props.path, e.props.event])).toEqual(
      Array(3).fill(['nudge_error', 'userId', 'identify']),
    );
    expect(events[12]).toMatchObject({ name: 'after_empty_id', userId: 'u'.repeat(200) });
    warn.mockRestore();
  });
});

describe('Retry-After across page loads', () => {
  it('a queue adopted by the next page waits for the time the server asked for', async () => {
    const store = memoryStorage();
    let closed = false;
    const busy = collector([[429, '600']]);
    const old = createTracker(
      base({ send: busy.send, storage: { ...store, set: (k, v) => closed || store.set(k, v) } }),
    );
    old.track('e');
    await vi.advanceTimersByTimeAsync(200); // 429, come back in 10 minutes
    closed = true;
    busy.send.mockImplementation(async () => {
      throw new Error('old tab is closed');
    });
    vi.advanceTimersByTime(4 * 60_000); // the old page's lease lapses
    const up = collector();
    createTracker(base({ send: up.send, storage: store })); // the next page load
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(up.send).not.toHaveBeenCalled(); // 9 minutes after the 429
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(up.ids()).toHaveLength(1);
  });
});
