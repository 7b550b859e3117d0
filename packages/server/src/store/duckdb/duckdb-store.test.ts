// Report SQL on small hand-made fixtures, where every count can be worked out by reading the rows.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEN_KEEP_MS } from './control.js';
import { DuckDBStore } from './duckdb-store.js';
import { row } from '../contract/fixtures.js';
import type { EventRow } from '../store.js';

/** A started store on `path` (default: in memory). */
async function opened(path = ':memory:'): Promise<DuckDBStore> {
  const s = new DuckDBStore(path);
  await s.init();
  return s;
}
/** A database file in a new temp folder, for tests that stop the store and start another on it. */
function tempDb(prefix: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: join(dir, 'nudge.duckdb') };
}

/** An event row (the contract kit's, so both build rows alike). */
const ev = row;
const expose = (anon: string, variant: string, ts: number, forced = false) =>
  ev('s1', 'experiment_exposure', ts, anon, { expKey: 'bar', expVariant: variant, expForced: forced });

const store = new DuckDBStore(':memory:');
const all = { from: 0, to: 10_000_000_000_000 };

beforeAll(async () => {
  await store.init();
  store.append([
    // a: control, views before exposure (not counted), then the whole funnel and two orders
    ev('s1', 'view_item', 5, 'a'),
    expose('a', 'control', 10),
    ev('s1', 'view_item', 11, 'a'),
    ev('s1', 'view_item', 12, 'a'),
    ev('s1', 'add_to_cart', 13, 'a'),
    ev('s1', 'begin_checkout', 14, 'a'),
    ev('s1', 'purchase', 15, 'a', { value: 40, transactionId: 'T1' }),
    ev('s1', 'purchase', 16, 'a', { value: 40, transactionId: 'T1' }), // same order reported twice
    ev('s1', 'purchase', 17, 'a', { value: 60, transactionId: 'T2' }),
    // b: control, views only
    expose('b', 'control', 20),
    ev('s1', 'view_item', 21, 'b'),
    // c: red, buys once; exposed twice (second exposure ignored)
    expose('c', 'red', 30),
    expose('c', 'red', 31),
    ev('s1', 'view_item', 32, 'c'),
    ev('s1', 'add_to_cart', 33, 'c'),
    ev('s1', 'begin_checkout', 34, 'c'),
    ev('s1', 'purchase', 35, 'c', { value: 100, transactionId: 'T3' }),
    // d: forced into red: left out entirely
    expose('d', 'red', 40, true),
    ev('s1', 'purchase', 41, 'd', { value: 999, transactionId: 'T4' }),
    // e: another site
    ev('s2', 'experiment_exposure', 50, 'e', { expKey: 'bar', expVariant: 'red' }),
  ]);
  const dup = ev('s1', 'view_item', 60, 'z');
  store.append([dup, { ...dup }]);
  await store.flush();
  store.append([{ ...dup }]);
  await store.flush();
});
afterAll(() => store.close());

describe('DuckDBStore', () => {
  it('deduplicates events by id within and across flushes', async () => {
    expect(await store.countEvents('s1')).toBe(20);
    expect(store.pending()).toBe(0);
  });

  it('counts the funnel after exposure per variant, without forced exposures', async () => {
    const rows = await store.funnel('s1', 'bar', all);
    expect(rows).toEqual([
      {
        variant: 'control',
        exposed: 2,
        steps: { view_item: 2, add_to_cart: 1, begin_checkout: 1, purchase: 1 },
        orders: 2,
        revenue: 100,
        revenueSq: 10_000,
        simulated: { exposed: 0, orders: 0 },
      },
      {
        variant: 'red',
        exposed: 1,
        steps: { view_item: 1, add_to_cart: 1, begin_checkout: 1, purchase: 1 },
        orders: 1,
        revenue: 100,
        revenueSq: 10_000,
        simulated: { exposed: 0, orders: 0 },
      },
    ]);
  });

  it('honours the time range', async () => {
    const rows = await store.funnel('s1', 'bar', { from: 0, to: 25 });
    expect(rows.map((r) => [r.variant, r.exposed, r.steps.purchase])).toEqual([['control', 2, 1]]);
  });

  it('reports conversions per exposure day', async () => {
    const pts = await store.conversionOverTime('s1', 'bar', all);
    expect(pts).toEqual([
      { variant: 'control', day: '1970-01-01', exposed: 2, converted: 1 },
      { variant: 'red', day: '1970-01-01', exposed: 1, converted: 1 },
    ]);
  });

  it("counts conversions on the exposure day, in the report's time zone", async () => {
    const s2 = await opened();
    const t = Date.parse('2026-11-22T03:00:00Z'); // 19:00 on the 21st in Los Angeles
    s2.append([
      ev('tz', 'experiment_exposure', t, 'v1', { expKey: 'bar', expVariant: 'red' }),
      ev('tz', 'purchase', t + 86_400_000, 'v1', { value: 5, transactionId: 'T' }), // bought the next day
    ]);
    const la = await s2.conversionOverTime('tz', 'bar', all, { timeZone: 'America/Los_Angeles' });
    expect(la).toEqual([{ variant: 'red', day: '2026-11-21', exposed: 1, converted: 1 }]);
    expect((await s2.conversionOverTime('tz', 'bar', all))[0]?.day).toBe('2026-11-22');
    expect(await s2.exposurePeriods('tz', 'bar', all, [t - 1, t + 1])).toEqual([
      { variant: 'red', period: 1, visitors: 1 },
    ]);
    await s2.close();
  });

  it('finds the browser visitor a user id identified as', async () => {
    const s2 = await opened();
    s2.append([
      ev('u', 'identify', 1, 'anon-1', { userId: 'user "1", [x]' }),
      ev('u', 'identify', 2, 'anon-2', { userId: 'u2' }),
    ]);
    await s2.flush();
    s2.append([ev('u', 'identify', 3, 'anon-3', { userId: 'u3' })]); // still queued
    const m = await s2.visitorsForUsers('u', ['user "1", [x]', 'u2', 'u3', 'nobody']);
    expect(Object.fromEntries(m)).toEqual({ 'user "1", [x]': 'anon-1', u2: 'anon-2', u3: 'anon-3' });
    await s2.close();
  });

  it('tails the newest events first', async () => {
    const t = await store.tail('s1', 2);
    expect(t.map((e) => e.ts)).toEqual([60, 41]);
  });
});

describe('DuckDBStore funnel: view_item sent at page load, before the widget reached the screen', () => {
  const s = new DuckDBStore(':memory:');
  const on = (sessionId: string, path: string | null) => ({ sessionId, path });
  const exp = (anon: string, ts: number, where: Partial<EventRow>) =>
    ev('p', 'experiment_exposure', ts, anon, { expKey: 'bar', expVariant: 'red', ...where });
  beforeAll(async () => {
    await s.init();
    s.append([
      // a: the product page sends view_item at load; the buy bar is exposed after a scroll, same session and page
      ev('p', 'view_item', 1, 'a', on('sa', '/p/kettle')),
      exp('a', 5, on('sa', '/p/kettle')),
      ev('p', 'add_to_cart', 6, 'a', on('sa', '/p/kettle')),
      // b: viewed another product earlier in the session, exposed on this one: the earlier view does not count
      ev('p', 'view_item', 1, 'b', on('sb', '/p/mug')),
      exp('b', 5, on('sb', '/p/kettle')),
      // c: same page, but in an earlier session: does not count
      ev('p', 'view_item', 1, 'c', on('old', '/p/kettle')),
      exp('c', 5, on('sc', '/p/kettle')),
      // d: add_to_cart and purchase before exposure on the same page never count (only view_item may precede)
      ev('p', 'view_item', 1, 'd', on('sd', '/p/kettle')),
      ev('p', 'add_to_cart', 2, 'd', on('sd', '/p/kettle')),
      ev('p', 'purchase', 3, 'd', { ...on('sd', '/p/kettle'), value: 9, transactionId: 'TD' }),
      exp('d', 5, on('sd', '/p/kettle')),
      // e: no page recorded on either side (server-side sender): only after exposure counts
      ev('p', 'view_item', 1, 'e', on('se', null)),
      exp('e', 5, on('se', null)),
    ]);
    await s.flush();
  });
  afterAll(() => s.close());

  it("counts a view_item earlier in the same session on the exposure's page; every other step only at or after exposure", async () => {
    expect(await s.funnel('p', 'bar', all)).toEqual([
      {
        variant: 'red',
        exposed: 5,
        steps: { view_item: 2, add_to_cart: 1, begin_checkout: 0, purchase: 0 },
        orders: 0,
        revenue: 0,
        revenueSq: 0,
        simulated: { exposed: 0, orders: 0 },
      },
    ]);
  });
});

describe('DuckDBStore read-your-writes', () => {
  it('a tail read during a flush sees the events that flush has taken off the queue', async () => {
    const s = await opened();
    // more than 500 rows, so the flush yields to the event loop half way through its appends
    s.append(Array.from({ length: 1200 }, (_, i) => ev('t', 'page_view', 100 + i, `v${i}`)));
    const flushing = s.flush();
    await new Promise((ok) => setImmediate(ok));
    const first = await s.tail('t', 2000);
    const second = await s.tail('t', 2000);
    expect(first.length).toBe(1200);
    expect(second.map((e) => e.id)).toEqual(first.map((e) => e.id));
    await flushing;
    await s.close();
  });

  it('reports and counts include events appended a moment ago, without an explicit flush', async () => {
    const s = await opened();
    s.append([
      ev('r', 'experiment_exposure', 1, 'a', { expKey: 'bar', expVariant: 'red' }),
      ev('r', 'add_to_cart', 2, 'a'),
    ]);
    expect(await s.countEvents('r')).toBe(2);
    s.append([ev('r', 'begin_checkout', 3, 'a')]);
    expect((await s.funnel('r', 'bar', all))[0]?.steps.begin_checkout).toBe(1);
    await s.close();
  });
});

describe('DuckDBStore reports on vitals, widgets, referrals', () => {
  const s = new DuckDBStore(':memory:');
  beforeAll(async () => {
    await s.init();
    const exps = (v: string) => ({ bar: v });
    s.append([
      ...[1000, 2000, 3000, 4000].map((lcp, i) =>
        ev('w', 'web_vitals', i, `v${i}`, {
          experiments: exps('control'),
          props: { lcp, inp: 100 + i, cls: 0.01 * i },
        }),
      ),
      ev('w', 'web_vitals', 9, 'q', {
        experiments: exps('red'),
        forced: ['bar'],
        props: { lcp: 9999 },
      }),
      ev('w', 'web_vitals', 9, 'r', { experiments: exps('red'), props: { LCP: 500 } }),
      // sampled at 10%: three samples stand for 30 page views; mixed rates give no single rate; a bad rate counts as 1
      ...[800, 900, 1000].map((lcp, i) =>
        ev('w', 'web_vitals', i, `b${i}`, {
          experiments: exps('blue'),
          props: { lcp, sample_rate: 0.1 },
        }),
      ),
      ...[0.5, 0.25, 0, 7].map((rate, i) =>
        ev('w', 'web_vitals', i, `g${i}`, {
          experiments: exps('green'),
          props: { lcp: 100, sample_rate: rate },
        }),
      ),
      ev('w', 'view_promotion', 1, 'a', {
        widget: 'stock',
        widgetType: 'stock-banner',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 3,
          source: 'erp',
        },
      }),
      ev('w', 'view_promotion', 2, 'b', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 3,
          source: 'erp',
        },
      }),
      ev('w', 'view_promotion', 3, 'c', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 2,
          source: 'erp',
        },
      }),
      ev('w', 'view_promotion', 4, 'c', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 2,
          source: 'erp',
          update: true,
        },
      }),
      // the same figures read twice (asOf differs): one row, with when they were read
      ev('w', 'view_promotion', 5, 'd', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 5,
          source: 'erp',
          asOf: '2026-11-21T10:00:00.000Z',
        },
      }),
      ev('w', 'view_promotion', 6, 'e', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 5,
          source: 'erp',
          asOf: '2026-11-21T09:00:00.000Z',
        },
      }),
      ev('w', 'view_promotion', 7, 'f', {
        widget: 'stock',
        props: {
          promotion_id: 'stock',
          creative_slot: 'stock-banner',
          state: 'low',
          stock: 5,
          source: 'erp',
          asOf: '2026-11-21T09:30:00.000Z',
        },
      }),
      ev('w', 'view_promotion', 3, 'c', { widget: 'coupon' }),
      ev('w', 'select_promotion', 4, 'c', { widget: 'coupon', widgetType: 'coupon-popup' }),
      ev('w', 'nudge_dismiss', 4, 'a', { widget: 'coupon' }),
      // referrals: owner o shares code R1; f1 lands and buys, f2 lands only, o lands on own link and buys (self);
      // f2 and o typed the code in lower case: codes match case-insensitively
      ev('w', 'share', 1, 'o', {
        widget: 'ref',
        props: {
          method: 'copy',
          content_type: 'referral',
          item_id: 'R1',
          promotion_id: 'ref',
          creative_slot: 'referral-card',
        },
      }),
      ev('w', 'page_view', 10, 'f1', { refCode: 'R1' }),
      ev('w', 'purchase', 11, 'f1', { value: 10 }),
      ev('w', 'page_view', 10, 'f2', { refCode: 'r1' }),
      ev('w', 'page_view', 10, 'o', { refCode: 'r1' }),
      ev('w', 'purchase', 12, 'o', { value: 10 }),
      // f3 bought before landing: not a first purchase by a referred friend
      ev('w', 'purchase', 5, 'f3', { value: 10 }),
      ev('w', 'page_view', 20, 'f3', { refCode: 'R2' }),
      ev('w', 'purchase', 21, 'f3', { value: 10 }),
      // A9 ties with R2 (one friend, no first purchase) and sorts after R1, which brought more
      ev('w', 'page_view', 20, 'f9', { refCode: 'A9' }),
    ]);
    await s.flush();
  });
  afterAll(() => s.close());

  it('p75 web vitals per variant, forced excluded, with the page views sampled events stand for', async () => {
    const v = await s.vitals('w', 'bar', all);
    expect(v).toEqual([
      {
        variant: 'blue',
        samples: 3,
        pageViews: expect.closeTo(30, 9),
        sampleRate: 0.1,
        lcp: 950,
        inp: null,
        cls: null,
      },
      {
        variant: 'control',
        samples: 4,
        pageViews: 4,
        sampleRate: 1,
        lcp: 3250,
        inp: 102.25,
        cls: expect.closeTo(0.0225, 6),
      },
      { variant: 'green', samples: 4, pageViews: 8, sampleRate: null, lcp: 100, inp: null, cls: null },
      { variant: 'red', samples: 1, pageViews: 1, sampleRate: 1, lcp: 500, inp: null, cls: null },
    ]);
  });

  it('widget shows, claims, shares, dismissals and displayed claims', async () => {
    const w = await s.widgets('w', all);
    expect(w.widgets).toEqual([
      { widget: 'coupon', type: 'coupon-popup', shows: 1, claims: 1, shares: 0, dismissals: 1 },
      { widget: 'ref', type: null, shows: 0, claims: 0, shares: 1, dismissals: 0 },
      { widget: 'stock', type: 'stock-banner', shows: 6, claims: 0, shares: 0, dismissals: 0 },
    ]);
    expect(w.claims).toEqual([
      {
        widget: 'stock',
        claim: '{"state":"low","stock":5,"source":"erp"}',
        shows: 3,
        asOf: { first: '2026-11-21T09:00:00.000Z', last: '2026-11-21T10:00:00.000Z' },
      },
      { widget: 'stock', claim: '{"state":"low","stock":2,"source":"erp"}', shows: 2 },
      { widget: 'stock', claim: '{"state":"low","stock":3,"source":"erp"}', shows: 2 },
    ]);
  });

  it('referral landings and first purchases, self-referrals excluded, the codes that brought most friends first', async () => {
    expect(await s.referrals('w', all)).toEqual([
      { code: 'R1', landings: 2, firstPurchases: 1 },
      { code: 'A9', landings: 1, firstPurchases: 0 },
      { code: 'R2', landings: 1, firstPurchases: 0 },
    ]);
  });
});

describe('DuckDBStore shutdown', () => {
  it('saves acknowledged events to a file when the last flush fails, and reads them back on the next start', async () => {
    const { dir, path } = tempDb('nudge-spill-');
    const a = await opened(path);
    a.append([ev('x', 'page_view', 1, 'a'), ev('x', 'page_view', 2, 'b')]);
    // the disk is full: neither the events nor the quarantine can be written
    const events = (a as unknown as { events: { write: () => Promise<void>; quarantine: () => Promise<void> } }).events;
    events.write = events.quarantine = async () => {
      throw new Error('disk full');
    };
    await a.close();
    expect(readdirSync(dir).filter((f) => f.includes('unflushed'))).toHaveLength(1);
    const b = await opened(path);
    expect(await b.countEvents('x')).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('unflushed'))).toHaveLength(0);
    await b.close();
  });
});

describe('DuckDBStore.countOnce', () => {
  it('adds a report once per key, only the growth of a larger report, and keyless reports every time; kept across restarts', async () => {
    const { path } = tempDb('nudge-count-');
    const a = await opened(path);
    expect(await a.countOnce('x', 'client_dropped', [{ keys: ['e1', 'e2'], n: 3 }])).toBe(3);
    expect(await a.countOnce('x', 'client_dropped', [{ keys: ['e1', 'e2'], n: 3 }])).toBe(0); // the same batch again
    expect(await a.countOnce('x', 'client_dropped', [{ keys: ['e2', 'e3'], n: 5 }])).toBe(2); // resent after 2 more drops
    expect(await a.countOnce('x', 'client_dropped', [{ keys: ['e9'], n: 4 }])).toBe(4); // another batch
    expect(
      await a.countOnce('x', 'client_dropped', [
        { keys: [], n: 1 },
        { keys: [], n: 1 },
      ]),
    ).toBe(2);
    expect(await a.countOnce('y', 'client_dropped', [{ keys: ['e1'], n: 3 }])).toBe(3); // keys are per site
    // one key per refused event, repeated inside one call too
    expect(
      await a.countOnce('x', 'rejected', [
        { keys: ['e1'], n: 1 },
        { keys: ['e1'], n: 1 },
        { keys: ['r2'], n: 1 },
      ]),
    ).toBe(2);
    // concurrent copies of one report: one of them counts
    const both = await Promise.all([
      a.countOnce('x', 'rejected', [{ keys: ['r3'], n: 1 }]),
      a.countOnce('x', 'rejected', [{ keys: ['r3'], n: 1 }]),
    ]);
    expect(both.sort()).toEqual([0, 1]);
    expect([
      await a.counter('x', 'client_dropped'),
      await a.counter('x', 'rejected'),
      await a.counter('x', 'nothing'),
    ]).toEqual([11, 3, 0]);
    await a.close();
    const b = await opened(path);
    expect(await b.countOnce('x', 'client_dropped', [{ keys: ['e3'], n: 5 }])).toBe(0);
    expect(await b.counter('x', 'client_dropped')).toBe(11);
    await b.close();
  });

  it('forgets retry keys after SEEN_KEEP_MS, also while it runs: a copy that late counts again', async () => {
    const a = await opened();
    expect(await a.countOnce('x', 'rejected', [{ keys: ['late'], n: 1 }])).toBe(1);
    await a.pruneSeen(Date.now() + SEEN_KEEP_MS - 60_000);
    expect(await a.countOnce('x', 'rejected', [{ keys: ['late'], n: 1 }])).toBe(0);
    await a.pruneSeen(Date.now() + SEEN_KEEP_MS + 60_000);
    expect(await a.countOnce('x', 'rejected', [{ keys: ['late'], n: 1 }])).toBe(1);
    await a.close();
  });

  it("moves an older server's rejected total (which held invalid-props rows too) to refused, without those rows", async () => {
    const { path } = tempDb('nudge-migrate-');
    const a = await opened(path);
    const converted = {
      props: {
        code: 'invalid_props',
        event: 'purchase',
        path: 'value',
        message: 'm',
        original_props: {},
      },
    };
    a.append([
      ev('m', 'nudge_error', 1, 'a', converted),
      ev('m', 'nudge_error', 2, 'a', converted),
      ev('m', 'nudge_error', 3, 'a', { props: { code: 'invalid_props' } }),
    ]);
    await a.setMeta('rejected:m', '5');
    await a.setMeta('rejected:n', '1');
    // as an older server left the file: no migration recorded
    await a.execute('DROP TABLE schema_migrations');
    await a.close();
    const b = await opened(path);
    expect(await b.countInvalidProps('m')).toBe(2); // the tracker's own nudge_error (no original_props) is not one
    expect([await b.counter('m', 'refused'), await b.counter('n', 'refused'), await b.getMeta('rejected:m')]).toEqual([
      3,
      1,
      undefined,
    ]);
    await b.close();
  });

  it('firstSeen keeps the first time of each key', async () => {
    const st = await opened();
    expect(await st.firstSeen('x', 'm', ['a', 'b', 'a'], 100)).toEqual(
      new Map([
        ['a', 100],
        ['b', 100],
      ]),
    );
    expect(await st.firstSeen('x', 'm', ['b', 'c'], 200)).toEqual(
      new Map([
        ['b', 100],
        ['c', 200],
      ]),
    );
    expect(await st.firstSeen('y', 'm', ['b'], 300)).toEqual(new Map([['b', 300]]));
    await st.close();
  });
});

describe('DuckDBStore.errors', () => {
  const err = (ts: number, anon: string, props: Record<string, unknown>, extra: Partial<EventRow> = {}) =>
    ev('errs', 'nudge_error', ts, anon, { props, ...extra });
  // exactly what the collector stores for a purchase without transaction_id (ingest/validate.ts propsError)
  const badPurchase = (ts: number, anon: string, message: string) =>
    err(ts, anon, {
      message,
      path: 'transaction_id',
      event: 'purchase',
      code: 'invalid_props',
      original_props: { value: 30, currency: 'USD', items: [] },
    });

  beforeAll(async () => {
    store.append([
      badPurchase(100, 'a', 'first'),
      badPurchase(110, 'a', 'second'),
      badPurchase(120, 'b', 'latest'),
      err(105, 'c', { message: 'expected number', path: 'items.0.price', event: 'add_to_cart', code: 'invalid_props' }),
      err(
        130,
        'd',
        { source: 'widget', widget_id: 'stock', widget_type: 'stock-banner', message: 'bad feed https://a.example/1' },
        { widget: 'stock' },
      ),
      err(
        131,
        'd',
        {
          source: 'widget',
          widget_id: 'stock',
          widget_type: 'stock-banner',
          message: 'bad feed https://b.example/2.json',
        },
        { widget: 'stock' },
      ),
      // the widget's own report: promotion fields, no source; the same widget failing the same way (another feed
      // address), so the same group
      err(
        132,
        'd2',
        { promotion_id: 'stock', creative_slot: 'stock-banner', message: 'bad feed https://c.example/3' },
        { widget: 'stock', widgetType: 'stock-banner' },
      ),
      err(140, 'e', { source: 'mounting', message: 'Failed to fetch dynamically imported module' }),
      err(150, 'f', { code: 'invalid_config', path: 'widgets.0.props.amount', message: 'expected number' }),
      err(160, 'g', { code: 'invalid_name', event: 'Purchase!', message: 'not an event name' }),
      badPurchase(5000, 'h', 'outside the range'),
      ev('errs', 'purchase', 115, 'a', { value: 30, transactionId: 'T9' }),
      ev('errs2', 'nudge_error', 100, 'z', {
        props: {
          code: 'invalid_props',
          event: 'purchase',
          path: 'transaction_id',
          message: 'other site',
        },
      }),
    ]);
  });
  const range = { from: 0, to: 1000 };

  it('groups by what went wrong, most frequent first, with visitors, first/last seen and the latest message', async () => {
    const r = await store.errors('errs', range, 100);
    expect(r.total).toBe(10);
    expect(r.totalGroups).toBe(6);
    // equal counts (3 each): the most recently seen first
    expect(r.groups[1]).toEqual({
      code: 'invalid_props',
      source: null,
      event: 'purchase',
      path: 'transaction_id',
      widget: null,
      widgetType: null,
      kind: 'invalid_props',
      count: 3,
      counts: 'page_views',
      visitors: 2,
      pages: 0,
      firstSeen: 100,
      lastSeen: 120,
      example: { message: 'latest' },
    });
    expect(r.groups[0]).toEqual({
      code: null,
      source: 'widget',
      event: null,
      path: null,
      widget: 'stock',
      widgetType: 'stock-banner',
      kind: 'bad feed <url>',
      count: 3,
      counts: 'page_views',
      visitors: 2,
      pages: 0,
      firstSeen: 130,
      lastSeen: 132,
      example: { message: 'bad feed https://c.example/3' },
    });
    // equal counts: most recent first
    expect(r.groups.slice(2).map((g) => [g.code ?? g.source, g.event ?? g.path, g.count])).toEqual([
      ['invalid_name', 'Purchase!', 1],
      ['invalid_config', 'widgets.0.props.amount', 1],
      ['mounting', null, 1],
      ['invalid_props', 'add_to_cart', 1],
    ]);
  });

  it('honours the range and the site, and cuts the list but not the totals', async () => {
    const early = await store.errors('errs', { from: 0, to: 110 }, 100);
    expect(early.groups.map((g) => [g.event, g.count])).toEqual([
      ['purchase', 2],
      ['add_to_cart', 1],
    ]);
    const late = await store.errors('errs', { from: 1000, to: 6000 }, 100);
    expect(late).toEqual({
      total: 1,
      totalGroups: 1,
      groups: [expect.objectContaining({ event: 'purchase', count: 1, example: { message: 'outside the range' } })],
    });
    const cut = await store.errors('errs', range, 2);
    expect(cut.groups).toHaveLength(2);
    expect(cut).toMatchObject({ total: 10, totalGroups: 6 });
    expect(await store.errors('nobody', range, 100)).toEqual({ total: 0, totalGroups: 0, groups: [] });
  });
});
