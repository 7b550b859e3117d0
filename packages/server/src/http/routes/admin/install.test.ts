// GET /v1/admin/sites/:site/install over HTTP: an allowed origin's config and event requests mark the tag seen there;
// a refused origin, or a Referer naming one, does not.
import { expect, it } from 'vitest';
import { envelope } from '../../../testing.js';
import { ORIGIN, admin, post, s, useServer } from '../test-server.js';

useServer();

it('lists each allowed origin with whether the tag was seen there, from config and event requests', async () => {
  const before = await admin.get('/sites/shop/install');
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({
    site: 'shop',
    origins: [{ origin: ORIGIN, lastSeen: null, recent: false }],
    alsoSeen: [],
  });
  const t0 = Date.now();
  expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: ORIGIN } })).status).toBe(200);
  // refused: not where the tag runs for this site
  expect((await fetch(`${s.url}/v1/config/shop`, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
  // no Origin, a Referer the site does not allow: not recorded either
  await fetch(`${s.url}/v1/config/shop`, { headers: { referer: 'https://evil.example/page' } });
  const seen = (await admin.get('/sites/shop/install')).body;
  expect(seen.origins).toEqual([{ origin: ORIGIN, lastSeen: expect.any(Number), recent: true }]);
  expect(seen.origins[0].lastSeen).toBeGreaterThanOrEqual(t0);
  expect(seen.alsoSeen).toEqual([]);

  // an event batch from a second allowed origin (a page's Referer, as a same-origin GET has no Origin) is seen too
  const www = 'http://www.shop.test:8080';
  expect((await admin.patch('/sites/shop', { allowedOrigins: [ORIGIN, www] })).status).toBe(200);
  const batch = { site: 'shop', sentAt: Date.now(), events: [envelope('page_view', {})] };
  expect((await post('/v1/events', batch, { origin: www })).status).toBe(200);
  await fetch(`${s.url}/v1/config/shop`, { headers: { referer: `${www}/products/1` } });
  const both = (await admin.get('/sites/shop/install')).body;
  expect(both.origins.map((o: { origin: string; recent: boolean }) => [o.origin, o.recent])).toEqual([
    [ORIGIN, true],
    [www, true],
  ]);
  // an origin removed from the list since is still listed where the tag ran
  expect((await admin.patch('/sites/shop', { allowedOrigins: [ORIGIN] })).status).toBe(200);
  const after = (await admin.get('/sites/shop/install')).body;
  expect(after.alsoSeen).toEqual([{ origin: www, lastSeen: expect.any(Number), recent: true }]);
  expect((await admin.get('/sites/nope/install')).status).toBe(404);
});

it('counts an event batch as the tag seen only when it stored an event: an empty one is not the tag', async () => {
  const m = 'http://m.shop.test:8080';
  expect((await admin.patch('/sites/shop', { allowedOrigins: [ORIGIN, m] })).status).toBe(200);
  const at = async () =>
    ((await admin.get('/sites/shop/install')).body.origins as { origin: string; recent: boolean }[]).find(
      (o) => o.origin === m,
    );
  expect((await post('/v1/events', { site: 'shop', sentAt: Date.now(), events: [] }, { origin: m })).status).toBe(200);
  expect(await at()).toMatchObject({ lastSeen: null, recent: false });
  const batch = { site: 'shop', sentAt: Date.now(), events: [envelope('page_view', {})] };
  expect((await post('/v1/events', batch, { origin: m })).status).toBe(200);
  expect(await at()).toMatchObject({ recent: true });
});
