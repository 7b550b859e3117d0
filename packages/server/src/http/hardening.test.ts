// Hostile input found by the security audit: each case once took the collector, the store or a report down.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { adminClient, envelope } from '../testing.js';

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
let writeKey: string;

beforeAll(async () => {
  s = await startServer({
    port: 0,
    host: '127.0.0.1',
    data: ':memory:',
    adminToken: 'test-token',
    log: () => {},
    rateLimit: { perAddress: { rate: 1000, burst: 1000 } },
  });
  admin = adminClient(s.url, 'test-token');
  expect((await admin.post('/sites', { id: 'h', allowedOrigins: [] })).status).toBe(201);
  writeKey = (await admin.post('/sites/h/write-keys')).body.key;
});
afterAll(() => s.close());

const json = async (r: Response) => (await r.json()) as any;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const events = (site: string, list: unknown[], extra: Record<string, unknown> = {}) =>
  post('/v1/events', { site, sentAt: Date.now(), events: list, ...extra });
const segment = (batch: unknown[]) =>
  post('/v1/batch', { batch }, { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` });

/** The store still writes: a fresh event is counted by /stats (which flushes first), and /stats answers 200. */
async function storeStillWrites(): Promise<void> {
  const before = (await admin.get('/sites/h/stats')).body.events as number;
  expect((await events('h', [envelope('page_view', {})])).status).toBe(200);
  const after = await admin.get('/sites/h/stats');
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ events: before + 1, quarantined: 0 });
  expect(s.store.pending()).toBe(0);
}

describe('event times, seq and counts the columns cannot hold', () => {
  it.each([
    ['ts 1e300', { ts: 1e300 }, 'events.0.ts'],
    ['ts 1e19', { ts: 1e19 }, 'events.0.ts'],
    ['ts -1e19', { ts: -1e19 }, 'events.0.ts'],
    ['ts before 2000', { ts: Date.UTC(1999, 11, 31) }, 'events.0.ts'],
    ['ts two days ahead', { ts: Date.now() + 2 * 86_400_000 }, 'events.0.ts'],
    ['seq 3e9', { seq: 3_000_000_000 }, 'events.0.seq'],
  ])('refuses %s with 400 naming the field', async (_, over, path) => {
    const r = await events('h', [{ ...envelope('page_view', {}), ...over }]);
    expect(r.status).toBe(400);
    expect((await json(r)).issues.map((i: { path: string }) => i.path)).toContain(path);
    await storeStillWrites();
  });

  it('keeps the good events of a batch with one bad time', async () => {
    const r = await events('h', [envelope('page_view', {}), { ...envelope('page_view', {}), ts: 1e19 }]);
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ accepted: 1, rejected: [{ index: 1, issues: [{ path: 'events.1.ts' }] }] });
    await storeStillWrites();
  });

  it.each([1e300, -1e300, 1e19])('refuses sentAt %s (its skew shift would push times out of range)', async (sentAt) => {
    const r = await post('/v1/events', { site: 'h', sentAt, events: [envelope('page_view', {})] });
    expect(r.status).toBe(400);
    expect((await json(r)).issues.map((i: { path: string }) => i.path)).toContain('sentAt');
    await storeStillWrites();
  });

  it('refuses an event the skew correction would move out of range, and shifts a fine one', async () => {
    // The client clock runs 30 years behind: its events are moved forward by the skew, a far-past one stays refused.
    const skew = 30 * 365 * 86_400_000;
    const ok = envelope('page_view', {}, { ts: Date.now() - skew });
    const r = await post('/v1/events', {
      site: 'h',
      sentAt: Date.now() - skew,
      events: [ok, { ...envelope('page_view', {}), ts: 0 }],
    });
    expect(await json(r)).toMatchObject({ accepted: 1, rejected: [{ index: 1, issues: [{ path: 'events.1.ts' }] }] });
    const tail = await admin.get('/sites/h/events/tail?limit=1');
    expect(Math.abs(tail.body.events[0].ts - Date.now())).toBeLessThan(60_000);
  });

  it.each([2 ** 70, 1e308, 2 ** 31])('refuses dropped %s with 400 naming it', async (dropped) => {
    const r = await events('h', [envelope('page_view', {})], { dropped });
    expect(r.status).toBe(400);
    expect((await json(r)).issues.map((i: { path: string }) => i.path)).toEqual(['dropped']);
  });
});

describe('event names that are Object.prototype members', () => {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

  it.each(names)('stores an event named %s with the good events of its batch', async (name) => {
    const r = await events('h', [envelope('page_view', {}), { ...envelope('page_view', {}), name }]);
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ accepted: 2, rejected: [] });
    await storeStillWrites();
  });

  it.each(names)('stores a Segment track named %s as that name', async (name) => {
    const r = await segment([{ type: 'track', event: name, anonymousId: 'a1', messageId: `m-${name}` }]);
    expect(r.status).toBe(200);
    await storeStillWrites();
    const tail = await admin.get('/sites/h/events/tail?limit=20');
    expect(tail.body.events.map((e: { name: string }) => e.name)).toContain(name);
  });

  it('refuses a Segment event name longer than 64 characters, naming the field', async () => {
    const r = await segment([{ type: 'track', event: 'x'.repeat(400_000), anonymousId: 'a1', messageId: 'm-long' }]);
    expect(r.status).toBe(400);
    expect((await json(r)).issues).toEqual([{ path: 'batch.0.event', message: expect.stringContaining('64') }]);
  });

  it.each([
    ['1e19', '+318857-01-01T00:00:00Z'],
    ['1990', '1990-01-01T00:00:00Z'],
  ])('refuses a Segment timestamp in %s', async (_, timestamp) => {
    const r = await segment([
      { type: 'track', event: 'x', anonymousId: 'a1', messageId: `m-t-${timestamp}`, timestamp },
    ]);
    expect(r.status).toBe(400);
    expect((await json(r)).issues.map((i: { path: string }) => i.path)).toEqual(['batch.0.timestamp']);
  });
});

describe('props nested deeper than anyone needs', () => {
  // Built as text: JSON.stringify itself overflows the stack on such a value.
  const deep = (n: number) => `${'{"a":'.repeat(n)}{}${'}'.repeat(n)}`;
  const PROPS = '__props__';

  it('refuses an event whose props nest 8,000 deep with 400 naming props', async () => {
    const body = JSON.stringify({ site: 'h', sentAt: Date.now(), events: [envelope('page_view', {})] }).replace(
      '"props":{}',
      `"props":${deep(8000)}`,
    );
    const r = await post('/v1/events', body);
    expect(r.status).toBe(400);
    // Named down to where it got too deep, as config paths are.
    expect((await json(r)).issues).toEqual([
      { path: `events.0.props${'.a'.repeat(32)}`, message: expect.stringContaining('levels deep') },
    ]);
    await storeStillWrites();
  });

  it('refuses a Segment message whose properties nest 8,000 deep', async () => {
    const body = JSON.stringify({
      batch: [{ type: 'track', event: 'x', anonymousId: 'a1', messageId: 'm-deep', properties: PROPS }],
    }).replace(`"${PROPS}"`, deep(8000));
    const r = await post('/v1/batch', body, {
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    });
    expect(r.status).toBe(400);
    expect((await json(r)).issues.map((i: { path: string }) => i.path)).toEqual([
      `batch.0.properties${'.a'.repeat(32)}`,
    ]);
  });
});

describe('numbers the admin API passes to DuckDB', () => {
  it.each([
    ['/sites/h/config/diff?to=99999999999999999999', 'to'],
    ['/sites/h/config/diff?to=1&from=99999999999999999999', 'from'],
    ['/sites/h/config/versions/99999999999999999999', 'version'],
    ['/sites/h/reports/widgets?from=99999999999999999999999', 'from'],
    ['/sites/h/reports/referrals?to=99999999999999999999999', 'to'],
    ['/sites/h/reports/errors?from=1e400', 'from'],
  ])('GET %s is a 400 naming %s', async (path, field) => {
    const r = await admin.get(path);
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { path: string }) => i.path)).toEqual([field]);
  });

  it.each([1e308, -1, 1.5, 2 ** 31])('rollback to version %s is a 400 naming version', async (version) => {
    const r = await admin.post('/sites/h/config/rollback', { version });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ path: 'version', message: expect.any(String) }]);
  });

  it('still diffs and reads real versions', async () => {
    expect((await admin.get('/sites/h/config/diff?to=1')).status).toBe(200);
    expect((await admin.get('/sites/h/config/diff?from=0&to=1')).status).toBe(200);
    expect((await admin.get('/sites/h/config/versions/1')).status).toBe(200);
    expect((await admin.get('/sites/h/config/versions/2')).status).toBe(404);
  });
});

describe('config documents nested beyond reason', () => {
  const deepAudience = () => {
    let audience: Record<string, unknown> = { segment: 'new' };
    for (let i = 0; i < 3000; i++) audience = { not: audience };
    return {
      schema: 1,
      site: 'h',
      version: 1,
      widgets: [{ id: 'w', type: 'buy-bar', audience, props: {} }],
      experiments: [],
    };
  };

  it('validate and publish answer 400-style issues with a path, not a 500', async () => {
    const v = await admin.post('/sites/h/config/validate', { config: deepAudience() });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      ok: false,
      issues: [
        {
          path: expect.stringMatching(/^widgets\.0\.audience(\.not)+$/),
          message: expect.stringContaining('levels deep'),
        },
      ],
    });
    const p = await admin.post('/sites/h/config', { config: deepAudience() });
    expect(p.status).toBe(400);
  });
});

describe('smaller holes', () => {
  it('counts copies of one event id in a batch once in accepted', async () => {
    const e = envelope('page_view', {});
    const before = (await admin.get('/sites/h/stats')).body.events as number;
    const r = await events('h', [e, e, e]);
    expect(await json(r)).toMatchObject({ accepted: 1 });
    expect((await admin.get('/sites/h/stats')).body.events).toBe(before + 1);
    const seg = await segment(
      [1, 2, 3].map(() => ({
        type: 'track',
        event: 'x',
        anonymousId: 'a1',
        messageId: 'm-dup',
        timestamp: new Date().toISOString(),
      })),
    );
    expect(await json(seg)).toMatchObject({ accepted: 1 });
  });

  it('answers config/validate for an unknown site with 404', async () => {
    const r = await admin.post('/sites/nosuch/config/validate', { config: {} });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'unknown_site' });
  });

  it('caps a site name at 200 characters, on create and on update', async () => {
    const created = await admin.post('/sites', { id: 'long', name: 'x'.repeat(400_000) });
    expect(created.status).toBe(400);
    expect(created.body.issues).toEqual([{ path: 'name', message: expect.stringContaining('200') }]);
    const patched = await admin.patch('/sites/h', { name: 'x'.repeat(201) });
    expect(patched.status).toBe(400);
    expect(patched.body.issues).toEqual([{ path: 'name', message: expect.stringContaining('200') }]);
    expect((await admin.patch('/sites/h', { name: 'x'.repeat(200) })).status).toBe(200);
  });

  it.each([
    'Bearer test-token extra',
    'Basic test-token',
    'Bearer test-token\tx',
    'Bearertest-token',
    'Token test-token',
  ])('refuses Authorization %j', async (authorization) => {
    const r = await fetch(`${s.url}/v1/admin/sites`, { headers: { authorization } });
    expect(r.status).toBe(401);
  });

  it('accepts the exact form, any case of the scheme', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER'])
      expect(
        (await fetch(`${s.url}/v1/admin/sites`, { headers: { authorization: `${scheme} test-token` } })).status,
      ).toBe(200);
  });

  it('serves the console with a strict script policy, no framing (the preview: same origin only) and nosniff', async () => {
    for (const path of ['/console/', '/console/preview.html']) {
      const r = await fetch(`${s.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain(path.endsWith('preview.html') ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(`${s.url}/v1/config/h`)).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the built console’s scripts and source maps with nosniff too', async () => {
    const consoleDir = mkdtempSync(join(tmpdir(), 'nudge-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(consoleDir, 'assets', 'app-1234.js'), 'export {};');
    writeFileSync(join(consoleDir, 'assets', 'app-1234.js.map'), '{}');
    const t = await startServer({
      port: 0,
      host: '127.0.0.1',
      data: ':memory:',
      adminToken: 't',
      consoleDir,
      log: () => {},
    });
    try {
      for (const path of ['/console/assets/app-1234.js', '/console/assets/app-1234.js.map', '/console/']) {
        const r = await fetch(`${t.url}${path}`);
        expect(r.status, path).toBe(200);
        expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      }
    } finally {
      await t.close();
    }
  });
});

describe('variant keys named like Object.prototype members', () => {
  it('sets the weights sent and leaves a variant called constructor alone when none is sent for it', async () => {
    const config = {
      schema: 1,
      site: 'h',
      version: 1,
      widgets: [],
      experiments: [
        {
          key: 'proto',
          status: 'running',
          traffic: 1,
          variants: [
            { key: 'control', weight: 1 },
            { key: 'constructor', weight: 1 },
          ],
        },
      ],
    };
    expect((await admin.post('/sites/h/config', { config })).status).toBe(200);
    const r = await admin.post('/sites/h/experiments/proto/weights', { weights: { control: 3 } });
    expect(r.status).toBe(200);
    expect(r.body.config.experiments[0].variants).toEqual([
      { key: 'control', weight: 3 },
      { key: 'constructor', weight: 1 },
    ]);
  });
});
