// POST /v1/events on a real server: batches, CORS, counting once, invalid props kept as nudge_error, limits.
import { beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server.js';
import { adminClient, envelope } from '../../testing.js';
import { ORIGIN, admin, post, s, siteWithExperiment, useServer } from './test-server.js';

useServer();

describe('POST /v1/events', () => {
  it('accepts a JSON batch and a text/plain beacon, counting duplicates once', async () => {
    const e = envelope('view_item', { items: [{ item_id: 'p1' }] }, { anonymousId: 'dup-visitor' });
    const r = await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [e, e] }, { origin: ORIGIN });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await r.json()).toEqual({ accepted: 1, rejected: [] }); // two copies of one event are one row
    const beacon = await post('/v1/events', JSON.stringify({ site: 'shop', sentAt: Date.now(), events: [e] }), {
      'content-type': 'text/plain;charset=UTF-8',
    });
    expect(beacon.status).toBe(200);
    await s.store.flush();
    const tail = await admin.get('/sites/shop/events/tail?limit=10');
    expect(tail.body.events.filter((x: { id: string }) => x.id === e.id)).toHaveLength(1);
  });

  it('keeps good events of a batch with a bad one and names the bad fields', async () => {
    const good = envelope('add_to_cart', { items: [] }, { anonymousId: 'partial' });
    const badProps = envelope('purchase', { transaction_id: 'T', currency: 'usd', value: 'ten', items: [] });
    const badEnvelope = { ...envelope('page_view', {}), seq: -1 };
    const r = await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [good, badProps, badEnvelope] });
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body.accepted).toBe(2); // the good one and badProps as a nudge_error
    expect(body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2]);
    expect(body.rejected[0]).toMatchObject({
      id: badProps.id,
      storedAs: 'nudge_error',
      issues: [{ path: 'events.1.props.currency' }],
    });
    expect(body.rejected[1].issues[0].path).toBe('events.2.seq');
    expect(body.rejected[1].storedAs).toBeUndefined();
    await s.store.flush();
    const tail = await admin.get('/sites/shop/events/tail?limit=5');
    expect(tail.body.events.map((x: { id: string }) => x.id)).toContain(good.id);
    const allBad = await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [badEnvelope] });
    expect(allBad.status).toBe(400);
    expect(await allBad.json()).toMatchObject({
      error: 'invalid_events',
      accepted: 0,
      issues: [{ path: 'events.0.seq' }],
    });
    await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [], dropped: 3 });
    // badEnvelope was refused twice under one id: counted once; badProps is a stored row, not a rejected one
    expect((await admin.get('/sites/shop/stats')).body).toMatchObject({
      rejected: 1,
      invalidProps: 1,
      clientDropped: 3,
    });
  });

  it('answers bad input with 4xx JSON and keeps serving', async () => {
    const cases: [RequestInit & { path?: string }, number, string][] = [
      [{ body: '{not json' }, 400, 'invalid_json'],
      [{ body: JSON.stringify({ site: 'shop', events: 'x' }) }, 400, 'invalid_batch'],
      [{ body: JSON.stringify({ site: 42, events: [] }) }, 400, 'invalid_batch'],
      [{ body: JSON.stringify({ site: 'ghost', sentAt: 1, events: [] }) }, 404, 'unknown_site'],
      [{ body: 'x'.repeat(600 * 1024) }, 413, 'body_too_large'],
      [{ body: '{}', headers: { 'content-type': 'application/xml' } }, 415, 'unsupported_media_type'],
      [
        {
          body: JSON.stringify({ site: 'shop', sentAt: 1, events: [] }),
          headers: { 'content-type': 'application/json', origin: 'http://evil.test' },
        },
        403,
        'origin_not_allowed',
      ],
    ];
    for (const [init, status, error] of cases) {
      const r = await fetch(`${s.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...init,
      });
      expect(r.status, error).toBe(status);
      expect(await r.json()).toMatchObject({ error });
    }
    expect((await fetch(`${s.url}/v1/config/shop`)).status).toBe(200);
  });

  it('lets an allowed page read its errors (CORS on 4xx too)', async () => {
    const bad = await post('/v1/events', '{oops', { origin: ORIGIN });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const big = await post('/v1/events', 'x'.repeat(600 * 1024), { origin: ORIGIN });
    expect(big.status).toBe(413);
    expect(big.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const evil = await post('/v1/events', '{oops', { origin: 'http://evil.test' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the preflight for allowed origins only', async () => {
    const ok = await fetch(`${s.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
    const no = await fetch(`${s.url}/v1/events`, { method: 'OPTIONS', headers: { origin: 'http://evil.test' } });
    expect(no.status).toBe(403);
  });

  it("allows the headers a page's fetch asks for (a wrapper's tracing header), and a config refresh's If-None-Match", async () => {
    const asked = { origin: ORIGIN, 'access-control-request-method': 'POST' };
    const traced = await fetch(`${s.url}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        ...asked,
        'access-control-request-headers': 'content-type, X-Datadog-Trace-Id, traceparent, bad header',
      },
    });
    expect(traced.status).toBe(204);
    expect(traced.headers.get('access-control-allow-headers')).toBe('content-type, x-datadog-trace-id, traceparent');
    expect(traced.headers.get('access-control-allow-credentials')).toBeNull();
    const site = 'shop'; // ORIGIN is one of its allowed origins
    const refresh = await fetch(`${s.url}/v1/config/${site}`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect([refresh.status, refresh.headers.get('access-control-allow-headers')]).toEqual([
      204,
      'content-type, if-none-match',
    ]);
    const elsewhere = await fetch(`${s.url}/v1/config/${site}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' },
    });
    expect(elsewhere.status).toBe(403);
  });
});

describe('a batch sent again is counted once', () => {
  // The tracker resends the very same batch (same ids, same dropped) when the answer was lost.
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'resend', allowedOrigins: [] })).status).toBe(201);
  });
  const stats = async () =>
    (await admin.get('/sites/resend/stats')).body as {
      events: number;
      invalidProps: number;
      rejected: number;
      clientDropped: number;
    };
  const batch = (events: unknown[], dropped?: number) => ({
    site: 'resend',
    sentAt: Date.now(),
    events,
    ...(dropped ? { dropped } : {}),
  });

  it('counts dropped and rejected once per batch and per event id, and genuinely new batches in full', async () => {
    const good = envelope('page_view', {}, { anonymousId: 'r1' });
    const badProps = envelope('purchase', { currency: 'USD', value: 1, items: [] }, { anonymousId: 'r1' }); // no transaction_id
    const badSeq = { ...envelope('page_view', {}, { anonymousId: 'r1' }), seq: -1 };
    const first = batch([good, badProps, badSeq], 4);
    expect((await post('/v1/events', first)).status).toBe(200);
    expect(await stats()).toMatchObject({ events: 2, invalidProps: 1, rejected: 1, clientDropped: 4 });
    // the answer was lost: the same batch twice more, once while the other is in flight
    const again = await Promise.all([
      post('/v1/events', { ...first, sentAt: Date.now() }),
      post('/v1/events', { ...first, sentAt: Date.now() }),
    ]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(await stats()).toMatchObject({ events: 2, invalidProps: 1, rejected: 1, clientDropped: 4 });
    // resent after the client dropped 2 more: only those 2 are new
    expect((await post('/v1/events', batch([good, badProps, badSeq], 6))).status).toBe(200);
    expect(await stats()).toMatchObject({ rejected: 1, clientDropped: 6 });
    // a different batch with the same numbers is counted in full
    const other = batch(
      [
        envelope('page_view', {}, { anonymousId: 'r2' }),
        { ...envelope('page_view', {}, { anonymousId: 'r2' }), seq: -1 },
      ],
      4,
    );
    expect((await post('/v1/events', other)).status).toBe(200);
    expect(await stats()).toMatchObject({ events: 3, invalidProps: 1, rejected: 2, clientDropped: 10 });
  });

  it('cannot recognise a refused event without a usable id, nor a drop report without events: those count each time', async () => {
    const before = await stats();
    const noId = { ...envelope('page_view', {}, { anonymousId: 'r3' }), id: 'not-a-uuid' };
    for (let i = 0; i < 2; i++) {
      expect((await post('/v1/events', batch([noId]))).status).toBe(400);
      expect((await post('/v1/events', batch([], 1))).status).toBe(200);
    }
    expect(await stats()).toMatchObject({ rejected: before.rejected + 2, clientDropped: before.clientDropped + 2 });
  });
});

describe('events with invalid props are stored as nudge_error', () => {
  // Production trackers no longer check props, so the server is where a bad purchase must be caught and kept.
  const stored = async (site: string) => {
    await s.store.flush();
    return s.store.tail(site, 500);
  };
  const noTxn = (anonymousId: string, extra: Record<string, unknown> = {}) =>
    envelope(
      'purchase',
      { currency: 'USD', value: 50, items: [{ item_id: 'p1', price: 50 }], ...extra },
      { anonymousId, experiments: { x: 'b' }, referral: 'R9' },
    );

  beforeAll(async () => {
    await siteWithExperiment('conv');
  });

  it("cuts a nudge_error's message over 500 characters and stores it with its own code (no invalid_props)", async () => {
    await siteWithExperiment('longmsg');
    const long = 'widgets.0.props.position: expected one of top, bottom; '.repeat(20);
    const e = envelope('nudge_error', { message: long, path: 'widgets.0.props.position', code: 'invalid_config' });
    const r = await post('/v1/events', { site: 'longmsg', sentAt: Date.now(), events: [e] });
    expect(await r.json()).toEqual({ accepted: 1, rejected: [] });
    const row = (await stored('longmsg')).find((x) => x.id === e.id)!;
    expect(row.props).toEqual({
      message: long.slice(0, 500),
      message_length: long.length,
      path: 'widgets.0.props.position',
      code: 'invalid_config',
    });
  });

  it('keeps the good event and stores the bad purchase as a nudge_error in the visitor timeline; a resend adds nothing', async () => {
    const good = envelope(
      'view_item',
      { currency: 'USD', value: 50, items: [{ item_id: 'p1' }] },
      { anonymousId: 'v1' },
    );
    const bad = noTxn('v1');
    const batch = { site: 'conv', sentAt: Date.now(), events: [good, bad] };
    const r = await post('/v1/events', batch);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      accepted: 2,
      rejected: [
        {
          index: 1,
          id: bad.id,
          storedAs: 'nudge_error',
          issues: [{ path: 'events.1.props.transaction_id', message: expect.stringContaining('expected string') }],
        },
      ],
    });
    const rows = await stored('conv');
    expect(rows.find((e) => e.id === good.id)?.name).toBe('view_item');
    const err = rows.find((e) => e.id === bad.id)!;
    expect(err).toMatchObject({
      name: 'nudge_error',
      ts: bad.ts,
      anonymousId: 'v1',
      sessionId: bad.sessionId,
      seq: bad.seq,
      path: bad.page.path,
      url: bad.page.url,
      refCode: 'R9',
      value: null,
      transactionId: null,
      widget: null,
      source: 'web',
    });
    expect(err.context).toEqual(bad.context);
    expect(err.experiments).toEqual({ x: 'b' });
    expect(err.props).toEqual({
      message: expect.stringContaining('expected string'),
      path: 'transaction_id',
      event: 'purchase',
      code: 'invalid_props',
      original_props: bad.props,
    });

    const before = (await admin.get('/sites/conv/stats')).body;
    // disjoint: the converted purchase is one of the stored events, not a rejected one
    expect(before).toMatchObject({ events: 2, invalidProps: 1, rejected: 0 });
    expect((await post('/v1/events', batch)).status).toBe(200);
    expect((await admin.get('/sites/conv/stats')).body.events).toBe(2); // deduped by id, the nudge_error too
    expect((await stored('conv')).filter((e) => e.id === bad.id)).toHaveLength(1);
  });

  it('answers 200 and stores rows when every event has bad props; a bad envelope alone is still a 400', async () => {
    const a = noTxn('v2');
    const b = envelope('add_to_cart', { items: [{ item_id: 'p1', price: 'free' }] }, { anonymousId: 'v2' });
    const r = await post('/v1/events', { site: 'conv', sentAt: Date.now(), events: [a, b] });
    expect(r.status).toBe(200);
    const body = (await r.json()) as any;
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((x: any) => [x.index, x.storedAs, x.issues[0].path])).toEqual([
      [0, 'nudge_error', 'events.0.props.transaction_id'],
      [1, 'nudge_error', 'events.1.props.items.0.price'],
    ]);
    const rows = await stored('conv');
    expect(
      rows
        .filter((e) => e.id === a.id || e.id === b.id)
        .map((e) => [e.name, e.props.event, e.props.path])
        .sort(),
    ).toEqual([
      ['nudge_error', 'add_to_cart', 'items.0.price'],
      ['nudge_error', 'purchase', 'transaction_id'],
    ]);
    // the console's live tail lists them like any other event
    const tail = await admin.get('/sites/conv/events/tail?limit=50');
    expect(tail.body.events.find((e: { id: string }) => e.id === a.id)).toMatchObject({
      name: 'nudge_error',
      props: { event: 'purchase', code: 'invalid_props' },
    });

    const envelopeOnly = { ...envelope('page_view', {}, { anonymousId: 'v2' }), sessionId: '' };
    const refused = await post('/v1/events', { site: 'conv', sentAt: Date.now(), events: [envelopeOnly] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: 'invalid_events',
      accepted: 0,
      rejected: [{ index: 0, issues: [{ path: 'events.0.sessionId' }] }],
    });
    expect((await stored('conv')).some((e) => e.id === envelopeOnly.id)).toBe(false);
  });

  it('a converted purchase is not a purchase in the experiment report', async () => {
    const t = Date.now();
    const events = [
      envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'v3', ts: t }),
      { ...noTxn('v3'), ts: t + 1 },
      envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'v4', ts: t }),
      envelope(
        'purchase',
        { transaction_id: 'T4', currency: 'USD', value: 20, items: [] },
        { anonymousId: 'v4', ts: t + 1 },
      ),
    ];
    expect((await post('/v1/events', { site: 'conv', sentAt: Date.now(), events })).status).toBe(200);
    const rep = await admin.get('/sites/conv/reports/experiments/x');
    const b = rep.body.variants.find((v: { variant: string }) => v.variant === 'b');
    expect([b.exposed, b.steps.purchase, b.revenue]).toEqual([2, 1, 20]);
  });
});

describe('rate limiting', () => {
  it('limits ingest per client address with 429 and Retry-After', async () => {
    const t = await startServer({
      port: 0,
      data: ':memory:',
      adminToken: 't',
      seedDemo: true,
      log: () => {},
      rateLimit: { perAddress: { rate: 0.01, burst: 3 } },
    }); // no token comes back during the test, however slow
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${t.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [] }),
        });
        codes.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(90);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('rate limiting per site', () => {
  it('limits one site without touching another', async () => {
    const t = await startServer({
      port: 0,
      data: ':memory:',
      adminToken: 't',
      seedDemo: true,
      log: () => {},
      rateLimit: { perSite: { rate: 0.01, burst: 2 }, perAddress: { rate: 1000, burst: 1000 } },
    });
    try {
      await adminClient(t.url, 't').post('/sites', { id: 'other' });
      const send = (site: string) =>
        fetch(`${t.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ site, sentAt: Date.now(), events: [] }),
        }).then((r) => r.status);
      expect([await send('demo'), await send('demo'), await send('demo'), await send('other')]).toEqual([
        200, 200, 429, 200,
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('backpressure', () => {
  it('answers 503 with Retry-After instead of acknowledging while the write backlog is full', async () => {
    const { createApp } = await import('../../app.js');
    const { DuckDBStore } = await import('../../store/duckdb/duckdb-store.js');
    const { seedDemo } = await import('../../seed-demo.js');
    const store = new DuckDBStore(':memory:');
    await store.init();
    const n = createApp({ store, adminTokenHash: 'x' });
    await seedDemo(n);
    store.full = () => true;
    const r = await n.app.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [envelope('page_view', {})] }),
    });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(await r.json()).toMatchObject({ error: 'overloaded' });
    await store.close();
  });
});
