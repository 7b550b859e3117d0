// The HTTP contract on a real listening server with an in-memory store: admin API, config service, collector, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';
import { segmentEventId } from './ingest/segment.js';
import { adminClient, envelope, uuidv7 } from './testing.js';

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
const ORIGIN = 'http://shop.test:8080';

beforeAll(async () => {
  s = await startServer({
    port: 0,
    data: ':memory:',
    adminToken: 'test-token',
    seedDemo: true,
    log: () => {},
    heartbeatMs: 200,
    rateLimit: { perAddress: { rate: 1000, burst: 1000 } },
  });
  admin = adminClient(s.url, 'test-token');
  expect((await admin.post('/sites', { id: 'shop', name: 'Shop', allowedOrigins: [ORIGIN] })).status).toBe(201);
});
afterAll(() => s.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('admin auth', () => {
  it('rejects a missing or wrong token with a JSON 401', async () => {
    const none = await fetch(`${s.url}/v1/admin/sites`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'missing_token' });
    const bad = await fetch(`${s.url}/v1/admin/sites`, { headers: { authorization: 'Bearer nope' } });
    expect(await bad.json()).toMatchObject({ error: 'invalid_token' });
  });
});

describe('sites', () => {
  it('lists, updates origins and refuses bad ones with paths', async () => {
    const list = await admin.get('/sites');
    expect(list.body.sites.map((x: { id: string }) => x.id)).toEqual(['demo', 'shop']);
    const bad = await admin.patch('/sites/shop', { allowedOrigins: ['javascript:alert(1)'] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'allowedOrigins.0', message: expect.any(String) }]);
    expect((await admin.post('/sites', { id: 'shop' })).status).toBe(409);
    expect((await admin.post('/sites', { id: 'bad id!' })).body.issues[0].path).toBe('id');
  });

  it('issues write keys shown once and stores only a prefix', async () => {
    const k = await admin.post('/sites/shop/write-keys');
    expect(k.status).toBe(201);
    expect(k.body.key).toMatch(/^wk_/);
    const list = await admin.get('/sites/shop/write-keys');
    expect(list.body.writeKeys).toEqual([{ prefix: k.body.key.slice(0, 10), createdAt: expect.any(Number) }]);
    expect(JSON.stringify(list.body)).not.toContain(k.body.key);
  });
});

describe('config publish, history, diff, rollback', () => {
  const doc = (color: string) => ({
    schema: 1,
    site: 'shop',
    version: 99,
    widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }],
    experiments: [],
  });

  it('publishes with increasing versions, rejects bad configs with field paths and keeps the last good one', async () => {
    const a = await admin.post('/sites/shop/config', { config: doc('red'), message: 'red bar' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ version: 2, author: 'tester', action: { type: 'publish', note: 'red bar' } });
    const bad = await admin.post('/sites/shop/config', {
      config: { ...doc('red'), widgets: [{ id: 'bar', type: 'buy-bar', props: { price: 'cheap' } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['widgets.0.props.price']);
    const cur = await fetch(`${s.url}/v1/config/shop`).then((r) => r.json());
    expect(cur).toMatchObject({ version: 2, widgets: [{ props: { color: 'red' } }] });
    const b = await admin.post('/sites/shop/config', { config: doc('blue') });
    expect(b.body.version).toBe(3);
    expect(b.body.changes).toEqual([{ path: ['widgets', 'bar', 'props', 'color'], before: 'red', after: 'blue' }]);
    // a console widget edit is recorded as that action, with the author's note
    const off = await admin.post('/sites/shop/config', {
      config: doc('blue'),
      action: { type: 'widget', widget: 'bar', action: 'off' },
      message: 'too loud',
    });
    expect(off.body).toMatchObject({
      version: 4,
      action: { type: 'widget', widget: 'bar', action: 'off', note: 'too loud' },
    });
    const badAction = await admin.post('/sites/shop/config', { config: doc('blue'), action: { type: 'widget' } });
    expect(badAction.status).toBe(400);
    expect(badAction.body.issues.map((i: { path: string }) => i.path)).toEqual(['action.widget', 'action.action']);
    const stale = await admin.post('/sites/shop/config', { config: doc('green'), baseVersion: 2 });
    expect(stale.status).toBe(409);
  });

  it('refuses a config for another site', async () => {
    const r = await admin.post('/sites/shop/config', { config: { ...doc('red'), site: 'demo' } });
    expect(r.status).toBe(400);
    expect(r.body.issues[0].path).toBe('site');
  });

  it('shows history with who/when/what, diffs versions and rolls back as a new version', async () => {
    const h = await admin.get('/sites/shop/config/history');
    expect(h.body.history.map((x: { version: number }) => x.version)).toEqual([4, 3, 2, 1]);
    expect(h.body.history.at(-1).action).toEqual({ type: 'create' });
    expect(h.body.history[0]).toMatchObject({
      author: 'tester',
      createdAt: expect.any(Number),
      changes: expect.any(Array),
    });
    const d = await admin.get('/sites/shop/config/diff?from=2&to=3');
    expect(d.body.changes).toContainEqual({
      path: 'widgets.bar.props.color',
      op: 'change',
      before: 'red',
      after: 'blue',
    });
    const rb = await admin.post('/sites/shop/config/rollback', { version: 2 });
    expect(rb.body).toMatchObject({
      version: 5,
      action: { type: 'rollback', to: 2 },
      config: { widgets: [{ props: { color: 'red' } }] },
    });
    expect((await admin.post('/sites/shop/config/rollback', { version: 42 })).status).toBe(404);
  });
});

describe('experiment controls', () => {
  it('pause, traffic, weights, stop with winner and start are each a publish', async () => {
    const v0 = (await admin.get('/sites/demo/config')).body.version as number;
    const steps: [string, unknown, (c: any) => unknown][] = [
      ['pause', {}, (e) => e.status],
      ['traffic', { traffic: 0.5 }, (e) => e.traffic],
      ['weights', { weights: { red: 3, blue: 1 } }, (e) => e.variants.map((v: { weight: number }) => v.weight)],
      ['stop', { winner: 'blue' }, (e) => [e.status, e.winner]],
      ['start', {}, (e) => [e.status, e.winner]],
    ];
    const expected = ['paused', 0.5, [3, 1], ['stopped', 'blue'], ['running', undefined]];
    for (const [i, [action, body, pick]] of steps.entries()) {
      const r = await admin.post(`/sites/demo/experiments/buy-bar-color/${action}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.version).toBe(v0 + i + 1);
      expect(pick(r.body.config.experiments.find((e: { key: string }) => e.key === 'buy-bar-color'))).toEqual(
        expected[i],
      );
    }
    const h = await admin.get('/sites/demo/config/history');
    const exp = { type: 'experiment', experiment: 'buy-bar-color' };
    expect(h.body.history.slice(0, 5).map((x: { action: unknown }) => x.action)).toEqual([
      { ...exp, action: 'start' },
      { ...exp, action: 'stop', args: { winner: 'blue' } },
      { ...exp, action: 'weights', args: { weights: { red: 3, blue: 1 } } },
      { ...exp, action: 'traffic', args: { traffic: 0.5 } },
      { ...exp, action: 'pause' },
    ]);
  });

  it('reports bad actions with paths', async () => {
    expect((await admin.post('/sites/demo/experiments/buy-bar-color/traffic', { traffic: 2 })).body.issues).toEqual([
      { path: 'traffic', message: expect.any(String) },
    ]);
    expect(
      (await admin.post('/sites/demo/experiments/buy-bar-color/stop', { winner: 'green' })).body.issues[0].path,
    ).toMatch(/winner$/);
    expect((await admin.post('/sites/demo/experiments/nope/pause')).status).toBe(400);
    expect((await admin.post('/sites/demo/experiments/buy-bar-color/explode')).body.issues[0].path).toBe('action');
  });
});

describe('GET /v1/config/:site', () => {
  it('serves ETag, short cache with stale-while-revalidate, 304 on If-None-Match', async () => {
    const r = await fetch(`${s.url}/v1/config/shop`);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(r.headers.get('cache-control')).toMatch(/max-age=\d+.*stale-while-revalidate=\d+/);
    const again = await fetch(`${s.url}/v1/config/shop`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${s.url}/v1/config/nope`)).status).toBe(404);
  });

  it('allows only the site origins', async () => {
    const ok = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const no = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: 'http://evil.test' } });
    expect(no.status).toBe(403);
    expect(await no.json()).toMatchObject({ error: 'origin_not_allowed' });
  });
});

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
    expect((await admin.post('/sites', { id: 'conv', allowedOrigins: [] })).status).toBe(201);
    const pub = await admin.post('/sites/conv/config', {
      config: {
        schema: 1,
        site: 'conv',
        version: 1,
        widgets: [],
        experiments: [
          {
            key: 'x',
            status: 'running',
            traffic: 1,
            variants: [
              { key: 'control', weight: 1 },
              { key: 'b', weight: 1 },
            ],
          },
        ],
      },
    });
    expect(pub.status).toBe(200);
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

describe('experiment report: sampled web vitals', () => {
  it('returns the raw samples and the page views they stand for, p75 unweighted', async () => {
    expect((await admin.post('/sites', { id: 'vit', allowedOrigins: [] })).status).toBe(201);
    expect(
      (
        await admin.post('/sites/vit/config', {
          config: {
            schema: 1,
            site: 'vit',
            version: 1,
            widgets: [],
            experiments: [
              {
                key: 'x',
                status: 'running',
                traffic: 1,
                variants: [
                  { key: 'control', weight: 1 },
                  { key: 'b', weight: 1 },
                ],
              },
            ],
          },
        })
      ).status,
    ).toBe(200);
    const vital = (variant: string, lcp: number, sample_rate?: number) =>
      envelope(
        'web_vitals',
        { lcp, ...(sample_rate ? { sample_rate } : {}) },
        { anonymousId: `vit-${variant}-${lcp}`, experiments: { x: variant } },
      );
    const events = [vital('b', 1000, 0.25), vital('b', 2000, 0.25), vital('control', 1500)];
    expect((await post('/v1/events', { site: 'vit', sentAt: Date.now(), events })).status).toBe(200);
    const rep = await admin.get('/sites/vit/reports/experiments/x');
    expect(rep.body.vitals).toEqual([
      { variant: 'b', samples: 2, pageViews: 8, sampleRate: 0.25, lcp: 1750, inp: null, cls: null },
      { variant: 'control', samples: 1, pageViews: 1, sampleRate: 1, lcp: 1500, inp: null, cls: null },
    ]);
  });
});

describe('POST /v1/batch (Segment)', () => {
  it('keeps the valid messages of a batch and names the bad ones; all bad is a 400', async () => {
    const key = (await admin.post('/sites/shop/write-keys')).body.key as string;
    const auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
    const ok = {
      type: 'track',
      event: 'Product Viewed',
      messageId: 'seg-ok-1',
      anonymousId: 'sa',
      properties: { product_id: 'p1', price: 5 },
    };
    const bad = {
      type: 'track',
      event: 'Order Completed',
      messageId: 'seg-bad-1',
      anonymousId: 'sa',
      timestamp: '2026-11-20T10:00:00Z',
      properties: { order_id: 'O1', revenue: 'lots' },
    };
    const mixed = await post('/v1/batch', { batch: [ok, bad] }, auth);
    expect(mixed.status).toBe(200);
    expect(await mixed.json()).toMatchObject({
      success: true,
      accepted: 2,
      issues: [{ path: 'batch.1.properties.value', storedAs: 'nudge_error' }],
    });
    const allBad = await post(
      '/v1/batch',
      {
        batch: [
          { ...ok, messageId: undefined },
          { type: 'alias', messageId: 'x' },
        ],
      },
      auth,
    );
    expect(allBad.status).toBe(400);
    expect(((await allBad.json()) as any).issues.map((i: { path: string }) => i.path)).toEqual([
      'batch.0.messageId',
      'batch.1.type',
      'batch.1.userId',
    ]);
    const rows = (await s.store.flush(), await s.store.tail('shop', 500));
    expect(
      rows.filter((e) => e.id === segmentEventId('seg-bad-1', bad)).map((e) => [e.name, e.source, e.props]),
    ).toEqual([
      [
        'nudge_error',
        'segment',
        expect.objectContaining({
          event: 'purchase',
          code: 'invalid_props',
          path: 'value',
          original_props: expect.objectContaining({ order_id: 'O1', revenue: 'lots' }),
        }),
      ],
    ]);
    const rejectedBefore = (await admin.get('/sites/shop/stats')).body.rejected as number;
    const onlyBad = await post('/v1/batch', { batch: [bad] }, auth);
    expect(onlyBad.status).toBe(200); // stored as a nudge_error, deduped by messageId
    const after = (await admin.get('/sites/shop/stats')).body;
    expect(after.rejected).toBe(rejectedBefore); // kept as a nudge_error row, so not rejected
    expect(after.invalidProps).toBe(2); // the events batch above and seg-bad-1, once
    expect(
      (await (await s.store.flush(), s.store.tail('shop', 500))).filter(
        (e) => e.id === segmentEventId('seg-bad-1', bad),
      ),
    ).toHaveLength(1);
    const single = await post('/v1/track', { event: 'Signed Up', messageId: 'seg-one', userId: 'u1' }, auth);
    expect(single.status).toBe(200);
    expect((await post('/v1/batch', { batch: [ok] })).status).toBe(401);
  });
});

describe('POST /v1/batch: a message sent again is stored once, timestamp or not', () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'segdup', allowedOrigins: [] })).status).toBe(201);
    const key = (await admin.post('/sites/segdup/write-keys')).body.key as string;
    auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  });
  const rows = async () => (await s.store.flush(), await s.store.tail('segdup', 500));
  const count = async (messageId: string) => (await rows()).filter((e) => JSON.parse(e.id)[0] === messageId).length;
  const send = async (...batch: unknown[]) => {
    const r = await post('/v1/batch', { batch }, auth);
    expect(r.status).toBe(200);
  };

  it('dedupes on messageId without a timestamp, across requests, restarts of the flush, and a concurrent copy', async () => {
    const m = {
      type: 'track',
      event: 'Product Viewed',
      messageId: 'no-ts-1',
      anonymousId: 'va',
      properties: { product_id: 'p1' },
    };
    // each copy written before the next arrives (copies in one write are deduped anyway), at a later time
    await send(m);
    await s.store.flush();
    await new Promise((r) => setTimeout(r, 5));
    await send(m);
    await s.store.flush();
    await Promise.all([send(m, { ...m, messageId: 'no-ts-2' }), send({ ...m, messageId: 'no-ts-2' })]);
    expect([await count('no-ts-1'), await count('no-ts-2')]).toEqual([1, 1]);
    // the first arrival time is kept as the event time
    const [first] = (await rows()).filter((e) => JSON.parse(e.id)[0] === 'no-ts-1');
    expect(first!.idMs).toBe(first!.ts);
    // a UUIDv7 messageId and a timestamped one dedupe as before
    const v7 = { ...m, messageId: uuidv7() };
    const timed = { ...m, messageId: 'ts-1', timestamp: '2026-11-20T10:00:00Z' };
    await send(v7, timed);
    await s.store.flush();
    await send(v7, timed);
    expect([await count(v7.messageId), await count('ts-1')]).toEqual([1, 1]);
  });

  it('scopes the messageId to the anonymousId/userId it was sent with', async () => {
    const base = { type: 'track', event: 'Signed Up', messageId: '42' };
    await send({ ...base, anonymousId: 'one' }, { ...base, anonymousId: 'two' }, { ...base, userId: 'u-42' });
    await s.store.flush();
    // a userId-only message resent after its user was linked to a browser visitor is still the same message
    await send({ type: 'identify', messageId: 'id-1', anonymousId: 'browser-42', userId: 'u-42' });
    await send({ ...base, userId: 'u-42' });
    const mine = (await rows()).filter((e) => JSON.parse(e.id)[0] === '42');
    expect(mine.map((e) => e.anonymousId).sort()).toEqual(['one', 'two', 'user:u-42']);
  });

  it('counts a refused message once per scoped messageId', async () => {
    const before = (await admin.get('/sites/segdup/stats')).body.rejected as number;
    const bad = { type: 'alias', messageId: 'bad-1', anonymousId: 'va' };
    for (let i = 0; i < 2; i++)
      expect((await post('/v1/batch', { batch: [bad, { ...bad, anonymousId: 'vb' }] }, auth)).status).toBe(400);
    expect((await admin.get('/sites/segdup/stats')).body.rejected).toBe(before + 2);
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

describe('SSE /v1/config/:site/stream', () => {
  it('sends the document on connect, every publish (time printed), and heartbeats', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/v1/config/shop/stream`, { headers: { origin: ORIGIN }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const reader = res.body!.getReader();
    let buf = '';
    const next = async (event: string) => {
      for (;;) {
        const i = buf.indexOf('\n\n');
        if (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          if (ev === event)
            return block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += new TextDecoder().decode(value);
      }
    };
    const first = JSON.parse(await next('config'));
    const t0 = performance.now();
    const pub = await admin.post('/sites/shop/config', {
      config: { ...first, widgets: [{ id: 'bar', type: 'buy-bar', props: { color: 'teal' } }] },
    });
    const pushed = JSON.parse(await next('config'));
    const ms = performance.now() - t0;
    console.log(`SSE publish -> open stream: ${ms.toFixed(1)} ms`);
    expect(pushed.version).toBe(pub.body.version);
    expect(Number(await next('heartbeat'))).toBeGreaterThan(0);
    ctrl.abort();
  });
});

describe('console', () => {
  it('explains when the console is not built', async () => {
    const t = await startServer({
      port: 0,
      data: ':memory:',
      adminToken: 't',
      consoleDir: '/nonexistent',
      log: () => {},
    });
    try {
      const r = await fetch(`${t.url}/console/`);
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('pnpm build');
    } finally {
      await t.close();
    }
  });
});

describe('reports over HTTP', () => {
  it('experiment results with lift vs control and a sample-ratio-mismatch flag', async () => {
    await admin.post('/sites', { id: 'rep', allowedOrigins: [] });
    const pub = await admin.post('/sites/rep/config', {
      config: {
        schema: 1,
        site: 'rep',
        version: 1,
        widgets: [],
        experiments: [
          {
            key: 'x',
            status: 'running',
            traffic: 1,
            variants: [
              { key: 'control', weight: 1 },
              { key: 'b', weight: 1 },
            ],
          },
        ],
      },
    });
    expect(pub.status).toBe(200);
    // 300 control visitors (30 buy), 150 in b (30 buy): b converts twice as well, and the 2:1 split is a mismatch.
    // Event times before 2000 are refused as a broken clock, so the fixture starts in 2025.
    const T0 = Date.UTC(2025, 0, 1);
    const events = [];
    for (let i = 0; i < 450; i++) {
      const variant = i < 300 ? 'control' : 'b';
      const anonymousId = `r${i}`;
      events.push(envelope('experiment_exposure', { experiment: 'x', variant }, { anonymousId, ts: T0 + i }));
      if ((variant === 'control' && i % 10 === 0) || (variant === 'b' && i % 5 === 0))
        events.push(
          envelope(
            'purchase',
            { transaction_id: `t${i}`, currency: 'USD', value: 10, items: [] },
            { anonymousId, ts: T0 + i + 1 },
          ),
        );
    }
    for (let i = 0; i < events.length; i += 400)
      expect(
        (await post('/v1/events', { site: 'rep', sentAt: Date.now(), events: events.slice(i, i + 400) })).status,
      ).toBe(200);
    const r = await admin.get('/sites/rep/reports/experiments/x');
    expect(r.status).toBe(200);
    expect(r.body.variants.map((v: any) => [v.variant, v.exposed, v.steps.purchase, v.revenue])).toEqual([
      ['control', 300, 30, 300],
      ['b', 150, 30, 300],
    ]);
    const b = r.body.variants[1];
    expect(b.vsControl.steps.purchase.lift).toBeCloseTo(1, 10);
    // delta-method SE of the lift for the interval and the p-value alike (scipy: 0.035691900)
    expect(b.vsControl.steps.purchase.pValue).toBeCloseTo(0.0356919, 5);
    expect(b.vsControl.steps.purchase.significant).toBe(true);
    expect(b.conversion.purchase).toBeCloseTo(0.2, 10);
    expect(b.revenuePerVisitor).toBeCloseTo(2, 10);
    expect(b.averageOrderValue).toBe(10);
    expect(r.body.srm.mismatch).toBe(true);
    expect(r.body.srm.chiSquare).toBeCloseTo(50, 6); // (300-225)^2/225 + (150-225)^2/225
    const ranged = await admin.get(`/sites/rep/reports/experiments/x?from=${T0 + 300}&to=${T0 + 449}`);
    expect(ranged.body.variants.map((v: any) => v.exposed)).toEqual([0, 150]);
    expect((await admin.get('/sites/rep/reports/experiments/nope')).status).toBe(404);
    expect((await admin.get('/sites/rep/reports/experiments/x?from=yesterday')).body.issues[0].path).toBe('from');
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const r = await admin.get('/sites/rep/reports/experiments/x?from=2026-11-22&to=2026-11-21');
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ path: 'from', message: 'must not be later than to' }]);
    expect((await admin.get('/sites/rep/reports/errors?from=2000&to=1000')).status).toBe(400);
    expect((await admin.get('/sites/rep/reports/experiments/x?tz=Mars/Olympus')).body.issues[0].path).toBe('tz');
  });

  const siteWith = async (id: string, variants: { key: string; weight: number }[]) => {
    await admin.post('/sites', { id, allowedOrigins: [] });
    const pub = await admin.post(`/sites/${id}/config`, {
      config: {
        schema: 1,
        site: id,
        version: 1,
        widgets: [],
        experiments: [{ key: 'x', status: 'running', traffic: 1, variants }],
      },
    });
    expect(pub.status).toBe(200);
  };
  const send = async (site: string, events: unknown[]) => {
    for (let i = 0; i < events.length; i += 400)
      expect((await post('/v1/events', { site, sentAt: Date.now(), events: events.slice(i, i + 400) })).status).toBe(
        200,
      );
  };
  const exposures = (prefix: string, counts: Record<string, number>, ts: number, props: Record<string, unknown> = {}) =>
    Object.entries(counts).flatMap(([variant, n]) =>
      Array.from({ length: n }, (_, i) =>
        envelope(
          'experiment_exposure',
          { experiment: 'x', variant, ...props },
          { anonymousId: `${prefix}-${variant}-${i}`, ts: ts + i },
        ),
      ),
    );

  it('SRM: visitors in a weight-0 variant are a mismatch, and the sentence data lines up with every variant', async () => {
    await siteWith('srm0', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 0 },
      { key: 't2', weight: 1 },
    ]);
    await send('srm0', exposures('z', { ctl: 100, t1: 40, t2: 100 }, Date.now() - 5000));
    const r = await admin.get('/sites/srm0/reports/experiments/x');
    expect(r.body.srm).toMatchObject({
      mismatch: true,
      pValue: 0,
      variants: ['ctl', 't1', 't2'],
      observed: [100, 40, 100],
      expected: [120, 0, 120],
      unexpected: [1],
    });
  });

  it('Bonferroni counts only the treatments someone saw: a switched-off third arm costs the others nothing', async () => {
    await siteWith('bonf', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 1 },
      { key: 'off', weight: 0 },
    ]);
    await send('bonf', exposures('b', { ctl: 50, t1: 50 }, Date.now() - 5000));
    expect((await admin.get('/sites/bonf/reports/experiments/x')).body.method).toMatchObject({
      comparisons: 1,
      level: 0.95,
    });
    await siteWith('bonf3', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 1 },
      { key: 't2', weight: 1 },
    ]);
    await send('bonf3', exposures('c', { ctl: 50, t1: 50, t2: 50 }, Date.now() - 5000));
    expect((await admin.get('/sites/bonf3/reports/experiments/x')).body.method).toMatchObject({
      comparisons: 2,
      level: 0.975,
    });
  });

  it('SRM expects the weights in force when each visitor was first exposed', async () => {
    await siteWith('srmw', [
      { key: 'a', weight: 0.5 },
      { key: 'b', weight: 0.5 },
    ]);
    await send('srmw', exposures('w', { a: 200, b: 200 }, Date.now() - 5000));
    expect((await admin.post('/sites/srmw/experiments/x/weights', { weights: { a: 0.9, b: 0.1 } })).status).toBe(200);
    const same = await admin.get('/sites/srmw/reports/experiments/x');
    expect(same.body.srm).toMatchObject({ mismatch: false, mixed: true, expected: [200, 200] });
    // 90 new visitors at the new weights, all in a: expected 200 + 81 / 200 + 9; scipy.stats.chisquare([290, 200], [281, 209]) p = 0.4110
    await new Promise((r) => setTimeout(r, 5));
    await send('srmw', exposures('w2', { a: 90 }, Date.now()));
    const later = await admin.get('/sites/srmw/reports/experiments/x');
    expect(later.body.srm.expected[0]).toBeCloseTo(281, 6);
    expect(later.body.srm.pValue).toBeCloseTo(0.4110311908900758, 6);
  });

  it('does not attribute purchases made after the experiment stopped', async () => {
    await siteWith('stop', [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ]);
    const t = Date.now() - 5000;
    await send('stop', [
      envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'buyer', ts: t }),
      envelope(
        'purchase',
        { transaction_id: 'T1', currency: 'USD', value: 20, items: [] },
        { anonymousId: 'buyer', ts: t + 10, experiments: { x: 'b' } },
      ),
    ]);
    expect((await admin.post('/sites/stop/experiments/x/stop', { winner: 'a' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    await send('stop', [
      envelope(
        'purchase',
        { transaction_id: 'T2', currency: 'USD', value: 500, items: [] },
        { anonymousId: 'buyer', ts: Date.now() },
      ),
    ]);
    const r = await admin.get('/sites/stop/reports/experiments/x');
    const b = r.body.variants.find((v: any) => v.variant === 'b');
    expect([b.steps.purchase, b.orders, b.revenue]).toEqual([1, 1, 20]);
    expect(r.body.stoppedAt).toBeGreaterThan(t);
    expect(r.body.startedAt).toBeLessThan(r.body.stoppedAt);
  });

  it('says how much of the traffic is simulated, and can leave it out', async () => {
    await siteWith('sim', [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ]);
    const t = Date.now() - 5000;
    await send('sim', [
      ...exposures('real', { a: 3, b: 3 }, t),
      ...exposures('bot', { a: 2, b: 4 }, t, { simulated: true }),
      envelope(
        'purchase',
        { transaction_id: 'S1', currency: 'USD', value: 10, items: [], simulated: true },
        { anonymousId: 'bot-b-0', ts: t + 100 },
      ),
      envelope(
        'purchase',
        { transaction_id: 'R1', currency: 'USD', value: 10, items: [] },
        { anonymousId: 'real-b-0', ts: t + 100 },
      ),
      envelope(
        'web_vitals',
        { lcp: 900, simulated: true },
        { anonymousId: 'bot-b-0', ts: t + 50, experiments: { x: 'b' } },
      ),
      envelope('web_vitals', { lcp: 1200 }, { anonymousId: 'real-b-0', ts: t + 50, experiments: { x: 'b' } }),
    ]);
    const all = await admin.get('/sites/sim/reports/experiments/x');
    expect(all.body.simulated).toEqual({ exposed: 6, orders: 1, excluded: false });
    expect(
      all.body.variants.map((v: any) => [v.variant, v.exposed, v.simulated.exposed, v.orders, v.simulated.orders]),
    ).toEqual([
      ['a', 5, 2, 0, 0],
      ['b', 7, 4, 2, 1],
    ]);
    const real = await admin.get('/sites/sim/reports/experiments/x?simulated=exclude');
    expect(real.body.simulated).toEqual({ exposed: 0, orders: 0, excluded: true });
    expect(real.body.variants.map((v: any) => [v.variant, v.exposed, v.orders])).toEqual([
      ['a', 3, 0],
      ['b', 3, 1],
    ]);
    expect(all.body.vitals.map((v: any) => [v.variant, v.samples])).toEqual([['b', 2]]);
    expect(real.body.vitals.map((v: any) => [v.variant, v.samples, v.lcp])).toEqual([['b', 1, 1200]]);
  });

  it('widget and referral reports', async () => {
    const events = [
      envelope(
        'view_promotion',
        { promotion_id: 'stock', creative_slot: 'stock-banner', state: 'low', stock: 3, source: 'erp' },
        { anonymousId: 'w1' },
      ),
      envelope('select_promotion', { promotion_id: 'pop', creative_slot: 'coupon-popup' }, { anonymousId: 'w1' }),
      envelope('share', { method: 'copy', code: 'FRIEND1' }, { anonymousId: 'owner' }),
      envelope('page_view', {}, { anonymousId: 'f1', referral: 'FRIEND1' }),
      envelope(
        'purchase',
        { transaction_id: 'p1', currency: 'USD', value: 5, items: [] },
        { anonymousId: 'f1', ts: Date.now() + 10 },
      ),
    ];
    expect((await post('/v1/events', { site: 'rep', sentAt: Date.now(), events })).status).toBe(200);
    const w = await admin.get('/sites/rep/reports/widgets');
    expect(w.body.widgets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ widget: 'pop', claims: 1 }),
        expect.objectContaining({ widget: 'stock', shows: 1 }),
      ]),
    );
    expect(w.body.stockClaims).toEqual([
      { widget: 'stock', shows: 1, figures: { state: 'low', stock: 3, source: 'erp' } },
    ]);
    const ref = await admin.get('/sites/rep/reports/referrals');
    expect(ref.body.codes).toEqual([
      { code: 'FRIEND1', landings: 1, firstPurchases: 1, rewardsOwed: { inviter: 1, friend: 1 } },
    ]);
  });

  it('a referrer who shares through the referral card and opens their own link is a self-referral', async () => {
    const t = Date.now();
    // exactly what <nudge-referral-card> sends: GA4 share (method, content_type, item_id) and select_promotion
    const card = { promotion_id: 'refer-a-friend', creative_slot: 'referral-card' };
    const events = [
      envelope(
        'share',
        { method: 'copy', content_type: 'referral', item_id: 'CARD7', ...card },
        { anonymousId: 'sharer', ts: t },
      ),
      envelope('select_promotion', { ...card, item_id: 'CARD8' }, { anonymousId: 'sharer2', ts: t }),
      envelope('page_view', {}, { anonymousId: 'sharer', referral: 'CARD7', ts: t + 1 }),
      envelope(
        'purchase',
        { transaction_id: 'own-1', currency: 'USD', value: 5, items: [] },
        { anonymousId: 'sharer', referral: 'CARD7', ts: t + 2 },
      ),
      envelope('page_view', {}, { anonymousId: 'sharer2', referral: 'CARD8', ts: t + 1 }),
      envelope('page_view', {}, { anonymousId: 'friend7', referral: 'CARD7', ts: t + 3 }),
    ];
    expect((await post('/v1/events', { site: 'rep', sentAt: Date.now(), events })).status).toBe(200);
    const ref = await admin.get('/sites/rep/reports/referrals');
    expect(ref.body.codes.filter((c: { code: string }) => c.code.startsWith('CARD'))).toEqual([
      { code: 'CARD7', landings: 1, firstPurchases: 0, rewardsOwed: { inviter: 0, friend: 0 } },
    ]);
  });
});

describe('backpressure', () => {
  it('answers 503 with Retry-After instead of acknowledging while the write backlog is full', async () => {
    const { createApp } = await import('./app.js');
    const { DuckDBStore } = await import('./store/duckdb-store.js');
    const { seedDemo } = await import('./seed-demo.js');
    const store = new DuckDBStore(':memory:');
    await store.init();
    const n = createApp({ store, adminTokenHash: 'x' });
    await seedDemo(n);
    store.pending = () => 1_000_000;
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

describe('GET /v1/admin/sites/:site/reports/errors', () => {
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'errs', allowedOrigins: [] })).status).toBe(201);
  });

  it('needs the admin token and refuses a bad range or limit with the field', async () => {
    expect((await fetch(`${s.url}/v1/admin/sites/errs/reports/errors`)).status).toBe(401);
    const bad = await admin.get('/sites/errs/reports/errors?from=yesterday&to=2026-11-22');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_range', issues: [{ path: 'from', message: expect.any(String) }] });
    const limit = await admin.get('/sites/errs/reports/errors?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.issues).toEqual([{ path: 'limit', message: expect.any(String) }]);
    expect((await admin.get('/sites/nope/reports/errors')).status).toBe(404);
  });

  it('groups a purchase sent without transaction_id, the moment the collector acknowledged it', async () => {
    const t = Date.now();
    const purchase = (anonymousId: string, ts: number) =>
      envelope('purchase', { currency: 'USD', value: 30, items: [] }, { anonymousId, ts });
    const events = [
      purchase('v1', t),
      purchase('v1', t + 1),
      purchase('v2', t + 2),
      envelope(
        'nudge_error',
        { source: 'widget', widget_id: 'stock', widget_type: 'stock-banner', message: 'feed said -1' },
        { anonymousId: 'v3', ts: t + 3 },
      ),
      envelope('add_to_cart', { currency: 'USD', value: 3, items: [] }, { anonymousId: 'v4', ts: t + 4 }),
    ];
    expect((await post('/v1/events', { site: 'errs', sentAt: Date.now(), events })).status).toBe(200);
    const r = await admin.get(`/sites/errs/reports/errors?from=${t - 1000}&to=${t + 1000}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ range: { from: t - 1000, to: t + 1000 }, total: 4, totalGroups: 2 });
    expect(r.body.groups).toEqual([
      {
        code: 'invalid_props',
        source: null,
        event: 'purchase',
        path: 'transaction_id',
        widget: null,
        widgetType: null,
        count: 3,
        visitors: 2,
        firstSeen: t,
        lastSeen: t + 2,
        example: { message: expect.any(String) },
      },
      {
        code: null,
        source: 'widget',
        event: null,
        path: null,
        widget: 'stock',
        widgetType: null,
        count: 1,
        visitors: 1,
        firstSeen: t + 3,
        lastSeen: t + 3,
        example: { message: 'feed said -1' },
      },
    ]);
    const one = await admin.get(`/sites/errs/reports/errors?from=${t - 1000}&to=${t + 1000}&limit=1`);
    expect(one.body).toMatchObject({ total: 4, totalGroups: 2, groups: [{ event: 'purchase' }] });
    const before = await admin.get(`/sites/errs/reports/errors?to=${t - 1}`);
    expect(before.body).toMatchObject({ total: 0, totalGroups: 0, groups: [] });
  });

  it("names each widget's type as stored at ingest from the config then in force; one removed since keeps it", async () => {
    const cfg = (widgets: unknown[]) => ({ config: { schema: 1, site: 'errs', version: 1, widgets, experiments: [] } });
    const pop = { id: 'pop', type: 'coupon-popup', props: { code: 'HI10', amount: 10, currency: 'USD' } };
    const bar = { id: 'bar', type: 'buy-bar', props: {} };
    expect((await admin.post('/sites/errs/config', cfg([pop, bar]))).status).toBe(200);
    const t = Date.now() + 10_000;
    const failed = (widget_id: string, i: number) =>
      envelope('nudge_error', { source: 'widget', widget_id, message: 'x' }, { anonymousId: 'w', ts: t + i });
    const send = async (events: unknown[]) =>
      expect((await post('/v1/events', { site: 'errs', sentAt: Date.now(), events })).status).toBe(200);
    await send([failed('pop', 0), failed('bar', 1), failed('ghost', 2)]);
    expect((await admin.post('/sites/errs/config', cfg([bar]))).status).toBe(200); // pop removed since
    await send([failed('pop', 3)]);
    await s.store.flush();
    const rows = (await s.store.tail('errs', 100)).filter((e) => e.ts >= t);
    expect(rows.map((e) => [e.widget, e.widgetType]).sort()).toEqual([
      ['bar', 'buy-bar'],
      ['ghost', null],
      ['pop', null],
      ['pop', 'coupon-popup'],
    ]);
    const r = await admin.get(`/sites/errs/reports/errors?from=${t}&to=${t + 10}`);
    expect(
      r.body.groups.map((g: { widget: string; widgetType: string | null }) => [g.widget, g.widgetType]).sort(),
    ).toEqual([
      ['bar', 'buy-bar'],
      ['ghost', null],
      ['pop', 'coupon-popup'],
    ]);
  });
});
