// An origin a site does not allow: refused with a message the page can read, counted, listed in the errors report.
import { describe, expect, it } from 'vitest';
import { ORIGIN, admin, post, s, useServer } from './test-server.js';

useServer();

const envelope = () => ({
  id: '0190a5d6-0000-7000-8000-000000000001',
  name: 'page_view',
  ts: Date.now(),
  anonymousId: 'a1',
  sessionId: 's1',
  seq: 1,
  page: { url: 'https://x.test/', path: '/', referrer: '', title: '' },
  context: { locale: 'en', screen: '1x1', utm: {}, experiments: {} },
  props: {},
});

describe('refused origins', () => {
  it('tells the page which origin to allow and where, and lists it with its count and last time', async () => {
    const evil = 'http://new-shop.test:8080';
    const before = Date.now();
    const r = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: evil } });
    expect(r.status).toBe(403);
    // readable by the page, so the SDK can print it: CORS on the refusal only, the document is not sent
    expect(r.headers.get('access-control-allow-origin')).toBe(evil);
    const body = (await r.json()) as { error: string; message: string };
    expect(body).toMatchObject({ error: 'origin_not_allowed' });
    expect(body.message).toContain(`origin ${evil} is not allowed for site "shop"`);
    expect(body.message).toContain('allowed origins');
    expect(body).not.toHaveProperty('widgets');
    // a beacon (text/plain, no preflight) from the same origin is refused and counted too
    const beacon = await post(
      '/v1/events',
      JSON.stringify({ site: 'shop', sentAt: Date.now(), events: [envelope()] }),
      { origin: evil, 'content-type': 'text/plain' },
    );
    expect(beacon.status).toBe(403);
    // an allowed origin is not counted
    expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: ORIGIN } })).status).toBe(200);

    const report = (await admin.get('/sites/shop/reports/errors')).body;
    expect(report.refusedOrigins).toHaveLength(1);
    expect(report.refusedOrigins[0]).toMatchObject({ origin: evil, count: 2 });
    expect(report.refusedOrigins[0].lastSeen).toBeGreaterThanOrEqual(before);
    // other sites do not see it; a period that ended before it does not list it
    expect((await admin.get('/sites/demo/reports/errors')).body.refusedOrigins).toEqual([]);
    const past = (await admin.get(`/sites/shop/reports/errors?from=0&to=${before - 1}`)).body;
    expect(past.refusedOrigins).toEqual([]);
    // kept in the store: written on close at the latest, and by then read back from it
    await s.refused.flush();
    expect(JSON.parse((await s.store.getMeta('refused_origins:shop'))!)).toMatchObject([{ origin: evil, count: 2 }]);
  });

  it('drops an origin from the report once the site allows it, until its next refusal', async () => {
    const late = 'http://late-shop.test';
    expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: late } })).status).toBe(403);
    const listed = (await admin.get('/sites/shop/reports/errors')).body.refusedOrigins as { origin: string }[];
    expect(listed.map((r) => r.origin)).toContain(late);
    const site = (await admin.get('/sites/shop')).body.site as { allowedOrigins: string[] };
    expect((await admin.patch('/sites/shop', { allowedOrigins: [...site.allowedOrigins, late] })).status).toBe(200);
    const after = (await admin.get('/sites/shop/reports/errors')).body.refusedOrigins as { origin: string }[];
    expect(after.map((r) => r.origin)).not.toContain(late);
    expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: late } })).status).toBe(200);
    // taken away again: not listed at once with its old count, but from its next refusal, counted from there
    expect((await admin.patch('/sites/shop', { allowedOrigins: site.allowedOrigins })).status).toBe(200);
    const removed = (await admin.get('/sites/shop/reports/errors')).body.refusedOrigins as { origin: string }[];
    expect(removed.map((r) => r.origin)).not.toContain(late);
    expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: late } })).status).toBe(403);
    const again = (await admin.get('/sites/shop/reports/errors')).body.refusedOrigins as {
      origin: string;
      count: number;
    }[];
    expect(again.find((r) => r.origin === late)).toMatchObject({ count: 1 });
    // the same match as CORS: an origin typed in other case is kept as the browser sends it, and `*` allows every one
    const listedAfter = async (allowedOrigins: string[]) => {
      expect((await admin.patch('/sites/shop', { allowedOrigins })).status).toBe(200);
      const rows = (await admin.get('/sites/shop/reports/errors')).body.refusedOrigins as { origin: string }[];
      return rows.map((r) => r.origin);
    };
    expect(await listedAfter([...site.allowedOrigins, 'HTTP://Late-Shop.TEST/'])).not.toContain(late);
    expect(await listedAfter(['*'])).toEqual([]);
    expect(await listedAfter(site.allowedOrigins)).not.toContain(late);
    expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: late } })).status).toBe(403);
    expect(await listedAfter(site.allowedOrigins)).toContain(late);
  });
});
