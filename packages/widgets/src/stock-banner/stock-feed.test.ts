// Stock feed polling: ETag revalidation, back-off, hidden tabs, and clear errors for bad documents.
import { describe, expect, it } from 'vitest';
import { fakeTimers } from './fake-timers.test-helper.js';
import type { StockFacts } from './stock-state.js';
import { MAX_BACKOFF_MS, parseStockFeed, StockFeed } from './stock-feed.js';

const doc = {
  stock: { remaining: 3, sold: 12, soldWindowHours: 24, asOf: '2026-11-21T12:00:00Z', source: 'erp' },
  saleEndsAt: '2026-11-22T00:00:00Z',
};

describe('parseStockFeed', () => {
  it('reads the ProductContext shape', () => {
    expect(parseStockFeed(doc)).toEqual({
      ok: true,
      facts: {
        remaining: 3,
        sold: 12,
        soldWindowHours: 24,
        asOf: '2026-11-21T12:00:00Z',
        source: 'erp',
        endsAt: '2026-11-22T00:00:00Z',
        availability: undefined,
      },
    });
    expect(parseStockFeed({ stock: { remaining: 1, asOf: 'x' } })).toMatchObject({
      ok: true,
      facts: { source: 'feed' },
    });
  });
  it('names the bad field', () => {
    expect(parseStockFeed([])).toEqual({ ok: false, error: 'feed: expected a JSON object' });
    expect(parseStockFeed({ stock: 3 })).toEqual({ ok: false, error: 'feed.stock: expected an object' });
    expect(parseStockFeed({ stock: { remaining: '3' } })).toEqual({
      ok: false,
      error: 'feed.stock.remaining: expected a number',
    });
    expect(parseStockFeed({ stock: { asOf: 5 } })).toEqual({ ok: false, error: 'feed.stock.asOf: expected a string' });
    expect(parseStockFeed({ saleEndsAt: 5 })).toEqual({ ok: false, error: 'feed.saleEndsAt: expected a string' });
  });
});

interface Call {
  url: string;
  headers: Record<string, string>;
}
function server(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> });
    const r = responses.shift();
    if (!r) throw new TypeError('network down');
    return r();
  }) as unknown as typeof fetch;
  return { f, calls };
}
const json = (body: unknown, etag?: string) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: etag ? { etag } : {} });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('StockFeed', () => {
  it('polls at the interval, revalidates with If-None-Match and keeps the figures on 304', async () => {
    const t = fakeTimers();
    const s = server([
      json(doc, '"v1"'),
      () => new Response(null, { status: 304 }),
      json({ ...doc, stock: { ...doc.stock, remaining: 2 } }, '"v2"'),
    ]);
    const data: StockFacts[] = [];
    const errors: string[] = [];
    const feed = new StockFeed({
      url: '/stock/sku-1',
      intervalMs: 30_000,
      fetch: s.f,
      timers: t,
      onData: (d) => data.push(d),
      onError: (e) => errors.push(e),
    });
    feed.start();
    await settle();
    expect(data.map((d) => d.remaining)).toEqual([3]);
    expect(s.calls[0]!.headers['if-none-match']).toBeUndefined();
    t.advance(30_000);
    await settle();
    expect(s.calls[1]!.headers['if-none-match']).toBe('"v1"');
    expect(data).toHaveLength(1);
    t.advance(30_000);
    await settle();
    expect(data.map((d) => d.remaining)).toEqual([3, 2]);
    expect(errors).toEqual([]);
    feed.stop();
    t.advance(300_000);
    await settle();
    expect(s.calls).toHaveLength(3);
    expect(t.pending()).toBe(0);
  });

  it('reports errors with the URL, backs off exponentially up to a cap, and recovers', async () => {
    const t = fakeTimers();
    const s = server([() => new Response('oops', { status: 500 }), json({ stock: 'x' })]);
    const errors: string[] = [];
    const data: StockFacts[] = [];
    const feed = new StockFeed({
      url: '/f',
      intervalMs: 60_000,
      fetch: s.f,
      timers: t,
      onData: (d) => data.push(d),
      onError: (e) => errors.push(e),
    });
    feed.start();
    await settle();
    expect(errors).toEqual(['stock feed /f: feed answered HTTP 500']);
    t.advance(119_999);
    await settle();
    expect(s.calls).toHaveLength(1);
    t.advance(1);
    await settle();
    expect(errors[1]).toBe('stock feed /f: feed.stock: expected an object');
    // Network errors from here on: 240 s, then 480 s, then the 600 s cap.
    t.advance(240_000);
    await settle();
    t.advance(480_000);
    await settle();
    expect(s.calls).toHaveLength(4);
    t.advance(MAX_BACKOFF_MS - 1);
    await settle();
    expect(s.calls).toHaveLength(4);
    t.advance(1);
    await settle();
    expect(s.calls).toHaveLength(5);
    expect(data).toEqual([]);
    feed.stop();
  });

  it('skips polls while the tab is hidden and polls at once when asked', async () => {
    const t = fakeTimers();
    let hidden = true;
    const s = server([json(doc, '"a"')]);
    const data: StockFacts[] = [];
    const feed = new StockFeed({
      url: '/f',
      intervalMs: 60_000,
      fetch: s.f,
      timers: t,
      isHidden: () => hidden,
      onData: (d) => data.push(d),
      onError: () => {},
    });
    feed.start();
    await settle();
    t.advance(180_000);
    await settle();
    expect(s.calls).toHaveLength(0);
    hidden = false;
    feed.pollNow();
    await settle();
    expect(data).toHaveLength(1);
    feed.stop();
  });

  it('aborts a request that hangs and counts it as an error', async () => {
    const t = fakeTimers();
    const errors: string[] = [];
    const hang = ((_u: string, init: RequestInit) =>
      new Promise((_r, reject) => {
        init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof fetch;
    const feed = new StockFeed({
      url: '/f',
      intervalMs: 60_000,
      timeoutMs: 5_000,
      fetch: hang,
      timers: t,
      onData: () => {},
      onError: (e) => errors.push(e),
    });
    feed.start();
    t.advance(5_000);
    await settle();
    expect(errors).toEqual(['stock feed /f: aborted']);
    feed.stop();
  });
});
