// Two server instances on one Postgres: sites and publishes reach the other's caches and open streams, a version
// conflict is one 409, and both catch up after Postgres was down (also on a version whose notification was lost).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseName,
  postgresMissing,
  startPostgres,
  type PostgresEngine,
} from '../../../../../test/support/engines/postgres.js';
import { openStream } from '../../../../../test/support/config-stream.js';
import { InProcessBus } from '../../config/bus.js';
import { ConfigService } from '../../config/service.js';
import { seedDemo } from '../../seed-demo.js';
import { startServer, type RunningServer } from '../../server.js';
import { Sites } from '../../sites.js';
import { adminClient } from '../../testing.js';
import type { PostgresBus } from './bus.js';
import { PostgresControl } from './control.js';
import { postgresClient } from './sql.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

const TOKEN = 'nudge_admin_instances_test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const served = async (base: string, site: string) => {
  const r = await fetch(`${base}/v1/config/${site}`);
  return r.status === 200 ? ((await r.json()) as { version: number }).version : r.status;
};

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('two instances on one Postgres', { timeout: 30_000 }, () => {
  let pg: PostgresEngine;
  let url: string;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
    url = await pg.createDatabase(freshDatabaseName());
    const start = () =>
      startServer({
        port: 0,
        data: ':memory:',
        control: url,
        adminToken: TOKEN,
        seedDemo: true,
        consoleDir: '/nonexistent',
        log: () => {},
      });
    [a, b] = await Promise.all([start(), start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await pg?.stop();
  }, 30_000);

  it('seeds the demo site once when both start with --seed-demo at once', async () => {
    // the instance that lost the race serves the demo site once the winner's first version reaches it
    for (const s of [a, b]) await expect.poll(() => served(s.url, 'demo')).toBe(1);
    expect((await adminClient(b.url, TOKEN).get('/sites/demo/config/history')).body.history).toHaveLength(1);
    // the same race made certain: two seeders that both saw no demo site yet
    const db = await pg.createDatabase(freshDatabaseName());
    const controls = [new PostgresControl(db), new PostgresControl(db)];
    await Promise.all(controls.map((c) => c.init()));
    const apps = controls.map((c) => ({ sites: new Sites(c), configs: new ConfigService(c, new InProcessBus()) }));
    expect((await Promise.all(apps.map((n) => seedDemo(n)))).sort()).toEqual(['created', 'exists']);
    expect(await controls[0]!.configHistory('demo')).toHaveLength(1);
    await Promise.all(controls.map((c) => c.close()));
  });

  it('serves a site created on A from B, and its origins once changed on A', async () => {
    const created = await adminClient(a.url, TOKEN).post('/sites', { id: 'shop', allowedOrigins: ['https://a.test'] });
    expect(created.status).toBe(201);
    await expect.poll(() => served(b.url, 'shop')).toBe(1);
    await adminClient(a.url, TOKEN).patch('/sites/shop', { allowedOrigins: ['https://b.test'] });
    await expect
      .poll(async () => (await fetch(`${b.url}/v1/config/shop`, { headers: { origin: 'https://b.test' } })).status)
      .toBe(200);
  });

  it('answers one of two consoles creating the same site on A and B at once with 409 site_exists', async () => {
    const both = await Promise.all([a, b].map((s) => adminClient(s.url, TOKEN).post('/sites', { id: 'twin' })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error).toBe('site_exists');
  });

  it('pushes a publish on A to an open stream on B (latency printed)', async () => {
    const stream = await openStream(b.url, 'shop');
    let doc = await stream.next();
    const ms: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const pub = await adminClient(a.url, TOKEN).post('/sites/shop/config', {
        config: { ...doc, widgets: [{ id: 'bar', type: 'buy-bar', props: { color: i % 2 ? 'teal' : 'red' } }] },
      });
      expect(pub.status).toBe(200);
      doc = await stream.next();
      ms.push(performance.now() - t0);
      expect(doc.version).toBe(pub.body.version);
    }
    stream.close();
    ms.sort((x, y) => x - y);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(1);
    console.log(
      `publish on A -> open stream on B over Postgres, ${ms.length} publishes: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
    );
  });

  it('gives one of two consoles publishing on A and B at once the version, the other a 409', async () => {
    for (let round = 0; round < 5; round++) {
      // both in step first: the last round's winner may have been B, which A hears a moment later
      await expect
        .poll(async () => {
          const [x, y] = [await served(a.url, 'shop'), await served(b.url, 'shop')];
          return x === y ? x : -1;
        })
        .toBeGreaterThan(0);
      const { version, config: base } = (await adminClient(a.url, TOKEN).get('/sites/shop/config')).body;
      const publish = (s: RunningServer, color: string) =>
        adminClient(s.url, TOKEN, color).post('/sites/shop/config', {
          config: { ...base, widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }] },
          baseVersion: version,
        });
      const both = await Promise.all([publish(a, 'red'), publish(b, 'blue')]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)!.body.error).toBe('version_conflict');
      const history = (await adminClient(b.url, TOKEN).get('/sites/shop/config/history')).body;
      expect(history.history.map((h: { version: number }) => h.version).slice(0, 2)).toEqual([version + 1, version]);
    }
  });

  it('catches both instances up after Postgres was down, a lost notification included', async () => {
    const streams = [await openStream(a.url, 'shop'), await openStream(b.url, 'shop')];
    const now = (await streams[0]!.next()).version;
    expect((await streams[1]!.next()).version).toBe(now);
    // A version written with no notification, as if sent while both were disconnected: only catching up finds it.
    const direct = postgresClient(url);
    const [latest] = await direct.unsafe('SELECT * FROM configs WHERE site = $1 ORDER BY version DESC LIMIT 1', [
      'shop',
    ]);
    const doc = { ...JSON.parse(String(latest!.doc)), version: now + 1, publishedAt: Date.now() };
    await direct.unsafe('INSERT INTO configs VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      'shop',
      now + 1,
      JSON.stringify(doc),
      'restore',
      JSON.stringify({ type: 'publish' }),
      '[]',
      Date.now(),
    ]);
    await direct.end();
    await sleep(300);
    expect([await served(a.url, 'shop'), await served(b.url, 'shop')]).toEqual([now, now]);
    // down for 3 s, longer than the client's own re-listen waits
    process.kill(pg.pid, 'SIGINT');
    await sleep(3000);
    expect((await fetch(`${b.url}/readyz`)).status).toBe(503);
    // what needs the control store meanwhile is a retryable 503, not a 500
    const history = await fetch(`${b.url}/v1/admin/sites/shop/config/history`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect([history.status, history.headers.get('retry-after')]).toEqual([503, '5']);
    expect(await history.json()).toMatchObject({ error: 'store_unavailable' });
    const listened = [a, b].map((s) => (s.hub as PostgresBus).listens);
    await pg.restart();
    for (const s of streams) expect((await s.next()).version).toBe(now + 1);
    expect([a, b].map((s) => (s.hub as PostgresBus).listens - listened.shift()!)).toEqual([1, 1]);
    expect([await served(a.url, 'shop'), await served(b.url, 'shop')]).toEqual([now + 1, now + 1]);
    // and the bus works again: a publish on B reaches A's stream
    const pub = await adminClient(b.url, TOKEN).post('/sites/shop/config', { config: doc });
    expect(pub.status).toBe(200);
    expect((await streams[0]!.next()).version).toBe(now + 2);
    for (const s of streams) s.close();
  }, 30_000);
});
