// Two nudge-server processes on one Postgres and two ClickHouse shards behind haproxy, as `pnpm stack` runs them:
// retries to both instances count once, kill -9 of one loses no acknowledged event, a stopped shard gets 503 and the
// tracker's queue drains once it is back, and a publish on one instance reaches a stream open on the other.
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTracker, memoryStorage } from '@nudge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, envelope } from '../packages/server/src/testing.js';
import { openStream } from './support/config-stream.js';
import { clickHouseBinary, startClickHouse, type ClickHouseEngine } from './support/engines/clickhouse.js';
import { haproxyMissing, startHaproxy, type HaproxyEngine } from './support/engines/haproxy.js';
import { freshDatabaseName, postgresMissing, startPostgres, type PostgresEngine } from './support/engines/postgres.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const missing =
  postgresMissing() ??
  haproxyMissing() ??
  (clickHouseBinary() ? undefined : 'clickhouse-server not found: apt-get install -y clickhouse-server');
if (missing) console.warn(`skipped: ${missing}`);

const TOKEN = 'nudge_admin_instances_e2e';
const DB = 'nudge';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pg: PostgresEngine;
let ch: ClickHouseEngine;
let lb: HaproxyEngine;
const dirs: string[] = [];
const running: ChildProcess[] = [];
let control = '';
let a: ServerProcess;
let b: ServerProcess;
let aUrl = '';
let bUrl = '';

/** The shards' folder, made here so stopping them (timed) and removing it (timed) are told apart. */
function chDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-instances-ch-'));
  dirs.push(dir);
  return dir;
}

function instance(): ServerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-instance-'));
  dirs.push(dir);
  const p = startServerProcess(dir, { NUDGE_ADMIN_TOKEN: TOKEN }, [
    '--trust-proxy',
    '--control',
    control,
    '--events',
    ch.url,
  ]);
  running.push(p.child);
  return p;
}

/** Runs SQL on one shard's HTTP port; the text it answers. */
async function chQuery(shard: string, sql: string): Promise<string> {
  const r = await fetch(`${shard}/`, { method: 'POST', body: sql });
  const text = await r.text();
  if (!r.ok) throw new Error(`ClickHouse: ${text}`);
  return text;
}

/** Every stored id of `site` (copies folded: FINAL) and the physical rows, over both shards. */
async function stored(site: string): Promise<{ ids: string[]; rows: number }> {
  const ids: string[] = [];
  let rows = 0;
  for (const shard of ch.shards) {
    const text = await chQuery(shard, `SELECT id FROM ${DB}.events_local FINAL WHERE site = '${site}' FORMAT TSV`);
    ids.push(...text.split('\n').filter(Boolean));
    rows += Number(await chQuery(shard, `SELECT count() FROM ${DB}.events_local WHERE site = '${site}'`));
  }
  return { ids, rows };
}

const post = async (base: string, body: string) => {
  const r = await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await r.arrayBuffer();
  return r;
};

async function createSite(id: string): Promise<void> {
  const r = await adminClient(lb.url, TOKEN).post('/sites', { id, allowedOrigins: [] });
  expect(r.status).toBe(201);
  // the other instance hears of it over Postgres (nudge_site)
  for (const base of [aUrl, bUrl])
    await expect.poll(async () => (await fetch(`${base}/v1/config/${id}`)).status, { timeout: 10_000 }).toBe(200);
}

describe.skipIf(!!missing)('two instances on Postgres and two ClickHouse shards behind haproxy', () => {
  beforeAll(async () => {
    [pg, ch] = await Promise.all([
      startPostgres({ fsync: false }),
      startClickHouse({ shards: 2, database: DB, dataDir: chDir() }),
    ]);
    control = await pg.createDatabase(freshDatabaseName());
    // both at once, as a deploy starts them: migrations take an advisory lock, the demo site is seeded once
    [a, b] = [instance(), instance()];
    [aUrl, bUrl] = await Promise.all([a.url, b.url]);
    lb = await startHaproxy({ backends: [aUrl, bUrl], checkEveryMs: 200 });
  }, 120_000);

  afterAll(async () => {
    const t0 = performance.now();
    const took = (what: string) => console.log(`stop: ${what} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await lb?.stop();
    took('haproxy');
    await Promise.all(
      running.map((c) =>
        c.exitCode === null && c.signalCode === null
          ? new Promise((ok) => (c.once('exit', ok), c.kill('SIGKILL')))
          : undefined,
      ),
    );
    took('servers');
    await Promise.all([pg?.stop().then(() => took('postgres')), ch?.stop().then(() => took('clickhouse'))]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    took('folders removed');
  }, 120_000);

  it('counts events sent through the balancer to both instances once in the report, retries to each included', async () => {
    // the demo site's experiment (seeded by --seed-demo) reports per variant: 40 visitors, every second one buys
    const visitors = 40;
    const batches: string[] = [];
    for (let v = 0; v < visitors; v++) {
      const variant = v % 2 ? 'red' : 'blue';
      const over = { anonymousId: `once-${v}`, experiments: { 'buy-bar-color': variant } };
      const events = [
        envelope('experiment_exposure', { experiment: 'buy-bar-color', variant }, over),
        envelope('view_item', { currency: 'CNY', value: 128, items: [{ item_id: 'tea', price: 128 }] }, over),
        envelope('add_to_cart', { currency: 'CNY', value: 128, items: [{ item_id: 'tea', price: 128 }] }, over),
        ...(v % 4 < 2
          ? [
              envelope(
                'purchase',
                {
                  transaction_id: `T-once-${v}`,
                  currency: 'CNY',
                  value: 128,
                  items: [{ item_id: 'tea', price: 128, quantity: 1 }],
                },
                over,
              ),
            ]
          : []),
      ];
      batches.push(JSON.stringify({ site: 'demo', sentAt: Date.now(), events }));
    }
    const ids = batches.flatMap((body) => (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id));
    // through the balancer (round robin: both instances), then every batch again to A and to B, as retries would land
    for (const body of batches) expect((await post(lb.url, body)).status).toBe(200);
    for (const base of [aUrl, bUrl]) for (const body of batches) expect((await post(base, body)).status).toBe(200);

    const { ids: onShards, rows } = await stored('demo');
    const mine = onShards.filter((id) => ids.includes(id));
    expect(mine.length).toBe(ids.length);
    expect(new Set(mine).size).toBe(ids.length);
    console.log(
      `retries: ${ids.length} events sent 3 times (balancer, A, B): ${rows} rows on the shards, ${mine.length} after folding`,
    );

    // the report, read from either instance, counts each visitor and order once
    for (const base of [aUrl, bUrl]) {
      const report = (await adminClient(base, TOKEN).get('/sites/demo/reports/experiments/buy-bar-color')).body as {
        variants: { variant: string; exposed: number; orders: number; steps: Record<string, number> }[];
      };
      const by = Object.fromEntries(report.variants.map((v) => [v.variant, v]));
      for (const variant of ['red', 'blue']) {
        expect(by[variant]!.exposed).toBe(visitors / 2);
        expect(by[variant]!.steps.add_to_cart).toBe(visitors / 2);
        expect(by[variant]!.orders).toBe(visitors / 4);
      }
    }
    // and the site's event count (stats) agrees
    const stats = (await adminClient(bUrl, TOKEN).get('/sites/demo/stats')).body as { events: number };
    expect(stats.events).toBe(ids.length);
  });

  it('kill -9 of one instance under a bounded load through the balancer: every acknowledged id is stored', async () => {
    await createSite('mi-kill');
    const SENDERS = 8;
    const BATCHES = 25;
    const BATCH = 40;
    const TRIES = 50;
    const killAfter = (SENDERS * BATCHES * BATCH) / 3;
    const acked = new Set<string>();
    const answers = new Map<string, number>();
    let killedAt = -1;
    let retries = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, w) => {
        for (let n = 0; n < BATCHES; n++) {
          const events = Array.from({ length: BATCH }, (_, j) =>
            envelope('page_view', {}, { anonymousId: `kill${w}-${n}-${j % 8}` }),
          );
          const body = JSON.stringify({ site: 'mi-kill', sentAt: Date.now(), events });
          // a tracker's retries, bounded: the same batch again, 100 ms apart
          for (let t = 0; t < TRIES; t++) {
            let status = 0;
            try {
              status = (await post(lb.url, body)).status;
            } catch {
              /* cut off by the kill: sent again */
            }
            answers.set(String(status), (answers.get(String(status)) ?? 0) + 1);
            if (status === 200) {
              for (const e of events) acked.add(e.id);
              break;
            }
            retries++;
            await sleep(100);
          }
          if (acked.size >= killAfter && killedAt < 0) {
            killedAt = acked.size;
            a.child.kill('SIGKILL');
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await a.exited;
    // nothing to restart or recover: the stores are shared, so what is acknowledged is already on the shards
    const { ids, rows } = await stored('mi-kill');
    const have = new Set(ids);
    const lost = [...acked].filter((id) => !have.has(id));
    console.log(
      `kill -9 behind the balancer: ${acked.size} of ${SENDERS * BATCHES * BATCH} events acknowledged in ${seconds.toFixed(1)} s ` +
        `(A killed after ${killedAt}); stored ${have.size} distinct (${rows} rows before folding), ${lost.length} acknowledged and lost; ` +
        `${retries} retries; answers ${JSON.stringify(Object.fromEntries(answers))}`,
    );
    expect(killedAt).toBeGreaterThan(0);
    expect(acked.size).toBe(SENDERS * BATCHES * BATCH);
    expect(lost).toEqual([]);
    // A comes back on the same stores, for the tests after this one
    a = instance();
    aUrl = await a.url;
    await lb.stop();
    lb = await startHaproxy({ backends: [aUrl, bUrl], checkEveryMs: 200 });
  }, 120_000);

  it('answers 503 while a ClickHouse shard is down; the tracker keeps its queue and it drains once when the shard is back', async () => {
    await createSite('mi-outage');
    const answers: number[] = [];
    const sent = new Set<string>();
    const acked = new Set<string>();
    const t = createTracker({
      site: 'mi-outage',
      endpoint: lb.url,
      storage: memoryStorage(),
      batchSize: 100,
      flushInterval: 60_000,
      send: async ({ url, body }) => {
        const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await r.arrayBuffer();
        const ids = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
        for (const id of ids) sent.add(id);
        answers.push(r.status);
        if (r.status === 200) for (const id of ids) acked.add(id);
        return { status: r.status, retryAfter: r.headers.get('retry-after') };
      },
    });
    await ch.stopShard(1);
    try {
      // a direct request shows the server's own answer (haproxy may already have taken both instances out)
      const direct = await post(
        aUrl,
        JSON.stringify({ site: 'mi-outage', sentAt: Date.now(), events: [envelope('page_view', {})] }),
      );
      expect([direct.status, direct.headers.get('retry-after')]).toEqual([503, '2']);
      for (let i = 0; i < 30; i++) t.track('page_view', {});
      for (let i = 0; i < 3; i++) {
        await t.flush();
        await sleep(300);
      }
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((s) => s === 503)).toBe(true);
      expect(acked.size).toBe(0);
    } finally {
      await ch.startShard(1);
    }
    // drains: flush until all 30 are acknowledged (bounded: 60 tries, 500 ms apart)
    for (let i = 0; i < 60 && acked.size < 30; i++) {
      await t.flush();
      if (acked.size < 30) await sleep(500);
    }
    expect(sent.size).toBe(30);
    expect(acked).toEqual(sent);
    // the direct request's event is written by its instance's own retry of the queued rows (every second)
    await expect.poll(async () => (await stored('mi-outage')).ids.length, { timeout: 20_000 }).toBe(31);
    const { ids, rows } = await stored('mi-outage');
    console.log(
      `shard down: ${answers.filter((s) => s === 503).length} answers 503, none 2xx while down; back: ${acked.size} acknowledged, ` +
        `${rows} rows before folding (the server's own retry of its queued rows and the tracker's resend)`,
    );
    // the direct request's event and the tracker's 30, each once
    expect(ids.length).toBe(31);
    expect(new Set(ids).size).toBe(31);
    for (const id of sent) expect(ids).toContain(id);
  }, 120_000);

  it('pushes a publish on instance A to a config stream open on instance B (latency printed)', async () => {
    await createSite('mi-live');
    const stream = await openStream(bUrl, 'mi-live');
    let doc = await stream.next();
    const ms: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const pub = await adminClient(aUrl, TOKEN).post('/sites/mi-live/config', {
          config: { ...doc, widgets: [{ id: 'bar', type: 'buy-bar', props: { color: i % 2 ? 'teal' : 'red' } }] },
        });
        expect(pub.status).toBe(200);
        doc = await stream.next();
        ms.push(performance.now() - t0);
        expect(doc.version).toBe(pub.body.version);
      }
    } finally {
      stream.close();
    }
    ms.sort((x, y) => x - y);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(1);
    console.log(
      `publish on A -> stream on B (CLI processes, Postgres): ${ms.length} publishes, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
    );
  });
});
