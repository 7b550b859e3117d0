// Caps on what one client can hold open or ask for: config streams, config GETs, admin calls; Retry-After readable.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../server.js';
import { adminClient, envelope } from '../testing.js';

const ORIGIN = 'http://shop.test:8080';
let s: RunningServer | undefined;
const aborts: AbortController[] = [];
afterEach(async () => {
  for (const a of aborts.splice(0)) a.abort();
  await s?.close();
  s = undefined;
});

async function start(over: Partial<ServerOptions> = {}) {
  s = await startServer({
    port: 0,
    host: '127.0.0.1',
    data: ':memory:',
    adminToken: 'test-token',
    log: () => {},
    ...over,
  });
  const admin = adminClient(s.url, 'test-token');
  expect((await admin.post('/sites', { id: 'shop', allowedOrigins: [ORIGIN] })).status).toBe(201);
  return { s, admin };
}

/** Opens a config stream and waits for its headers; the caller's abort closes it. */
async function openStream(url: string): Promise<Response> {
  const a = new AbortController();
  aborts.push(a);
  const res = await fetch(`${url}/v1/config/shop/stream`, { signal: a.signal });
  if (res.status !== 200) return res;
  // Read the first event so the stream is really open on the server.
  await res.body!.getReader().read();
  (res as Response & { abort?: () => void }).abort = () => a.abort();
  return res;
}
const abortOf = (r: Response) => (r as Response & { abort: () => void }).abort;

describe('config streams', () => {
  it('caps open streams per client address with 429 and Retry-After, and frees a slot when one closes', async () => {
    const { s } = await start({ streams: { perAddress: 2, total: 100 } });
    const [a, b] = [await openStream(s.url), await openStream(s.url)];
    expect([a.status, b.status]).toEqual([200, 200]);
    const refused = await openStream(s.url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({
      error: 'too_many_streams',
      message: expect.stringContaining('per client address'),
    });
    abortOf(a)();
    await expect.poll(() => s.hub.count('shop')).toBe(1);
    expect((await openStream(s.url)).status).toBe(200);
  });

  it('caps open streams in all', async () => {
    const { s } = await start({ streams: { perAddress: 10, total: 2 } });
    expect((await openStream(s.url)).status).toBe(200);
    expect((await openStream(s.url)).status).toBe(200);
    const refused = await openStream(s.url);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: 'too_many_streams',
      message: expect.stringContaining('2 open config streams'),
    });
  });

  it('does not leak a slot for a stream refused by origin or for an unknown site', async () => {
    const { s } = await start({ streams: { perAddress: 1, total: 1 } });
    expect((await fetch(`${s.url}/v1/config/shop/stream`, { headers: { origin: 'http://evil.test' } })).status).toBe(
      403,
    );
    expect((await fetch(`${s.url}/v1/config/nope/stream`)).status).toBe(404);
    expect((await openStream(s.url)).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits config GETs per client address with 429 and Retry-After', async () => {
    // A token every 100 s: however slow the machine, none comes back during the test.
    const { s } = await start({ rateLimit: { config: { rate: 0.01, burst: 3 } } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${s.url}/v1/config/shop`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const r = await fetch(`${s.url}/v1/config/shop`);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(90);
    expect(await r.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('limits the admin API per client address, before the token is checked', async () => {
    const { s } = await start({ rateLimit: { admin: { rate: 0.01, burst: 3 } } }); // start() made one admin call
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await fetch(`${s.url}/v1/admin/sites`, { headers: { authorization: 'Bearer wrong' } })).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });
});

describe('Retry-After across origins', () => {
  it('is exposed to the page on /v1/events answers and config answers', async () => {
    const { s } = await start({ rateLimit: { perAddress: { rate: 0.01, burst: 1 } } });
    const post = () =>
      fetch(`${s.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ site: 'shop', sentAt: Date.now(), events: [envelope('page_view', {})] }),
      });
    const ok = await post();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const cfg = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: ORIGIN } });
    // and the mark that the document passed the config schema at publish (the browser skips its validator for it)
    expect(cfg.headers.get('access-control-expose-headers')).toBe('Retry-After, Nudge-Config-Checked');
    expect(cfg.headers.get('nudge-config-checked')).toBe('1');
  });
});
