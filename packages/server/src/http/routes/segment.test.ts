// Segment's tracking API on a real server: write keys, mapping, issues by path, a message sent again stored once.
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentEventId } from '../../ingest/segment.js';
import { envelope, uuidv7 } from '../../testing.js';
import { admin, post, s, useServer } from './test-server.js';

useServer();

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
    // A bad purchase from the browser: /v1/events and Segment count invalid props together, each event once.
    const badPurchase = envelope('purchase', { transaction_id: 'T', currency: 'usd', value: 'ten', items: [] });
    const events = await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [badPurchase] });
    expect(await events.json()).toMatchObject({ accepted: 1, rejected: [{ storedAs: 'nudge_error' }] });
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
    expect(after.invalidProps).toBe(2); // the /v1/events purchase above and seg-bad-1 (sent twice, stored once)
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

  it('answers 503 with Retry-After when the events cannot be stored; the retry is stored once', async () => {
    const m = { type: 'track', event: 'Product Viewed', messageId: uuidv7(), anonymousId: 'v503', properties: {} };
    const store = s.store as { append: typeof s.store.append };
    const append = store.append;
    store.append = () => Promise.reject(new Error('the event store cannot be reached'));
    try {
      const r = await post('/v1/batch', { batch: [m] }, auth);
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(await r.json()).toMatchObject({ error: 'not_stored' });
    } finally {
      store.append = append;
    }
    await send(m);
    await send(m);
    expect(await count(m.messageId)).toBe(1);
  });

  it('counts a refused message once per scoped messageId', async () => {
    const before = (await admin.get('/sites/segdup/stats')).body.rejected as number;
    const bad = { type: 'alias', messageId: 'bad-1', anonymousId: 'va' };
    for (let i = 0; i < 2; i++)
      expect((await post('/v1/batch', { batch: [bad, { ...bad, anonymousId: 'vb' }] }, auth)).status).toBe(400);
    expect((await admin.get('/sites/segdup/stats')).body.rejected).toBe(before + 2);
  });
});
