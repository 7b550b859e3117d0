// Alerts over simulated traffic: a one-day conversion drop fires once and resolves once, through a signed webhook;
// 60 normal days count the false alarms; one of two servers evaluates (the lock).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import { binomial, seeded } from '../stats/reference/random.js';
import { Rewards } from '../rewards/rewards.js';
import { AlertScheduler, type AlertSources, type DayFigures } from './scheduler.js';
import { alertSources } from './sources.js';
import { AlertStore } from './store.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { webhookDeliver } from './webhook.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
const SECRET = 'a-secret-of-16-chars';

/** 2,000 visitors a day converting at 5%, `dropDay` at 2.5%; seeded. */
function traffic(seed: number, days: number, dropDay = -1): Map<string, DayFigures> {
  const rnd = seeded(seed);
  const out = new Map<string, DayFigures>();
  for (let d = 0; d < days; d++) {
    const day = new Date(START + d * DAY).toISOString().slice(0, 10);
    const visitors = 2000;
    const buyers = binomial(rnd, visitors, d === dropDay ? 0.025 : 0.05);
    out.set(day, { day, visitors, buyers, orders: buyers, revenue: buyers * 40 });
  }
  return out;
}

const sourcesOf = (days: Map<string, DayFigures>): AlertSources => ({
  days: async (_site, r) => [...days.values()].filter((d) => Date.parse(d.day) >= r.from && Date.parse(d.day) <= r.to),
  errors: async () => 0,
  srm: async () => [],
  staleStock: async () => [],
  lowPools: async () => [],
});

let hook: Server;
let hookUrl = '';
const received: { body: string; signature: string | undefined; timestamp: string | undefined; at: number }[] = [];
/** the documented receiver's check (examples/code-webhook.mjs): every Nudge webhook is signed the same way */
const example = () =>
  import(pathToFileURL(join(import.meta.dirname, '../../examples/code-webhook.mjs')).href) as Promise<{
    verify(secret: string, timestamp: unknown, body: string, sig: unknown, now?: number): boolean;
  }>;
let db: Connection;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({
        body,
        signature: req.headers['x-nudge-signature'] as string | undefined,
        timestamp: req.headers['x-nudge-timestamp'] as string | undefined,
        at: performance.now(),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => hook.listen(0, '127.0.0.1', ok));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  db = new Connection(':memory:');
  await db.open();
});
afterAll(() => {
  hook.close();
  db.close();
});

describe('alert scheduler', () => {
  it('a conversion drop on one day: exactly one alert and one resolve, signed, with the figures', async () => {
    const store = new AlertStore(duckdbSql(db));
    await store.setDelivery('shop', { webhookUrl: hookUrl, secret: SECRET });
    const drop = 33;
    const s = new AlertScheduler({
      store,
      sources: sourcesOf(traffic(3, 45, drop)),
      sites: () => ['shop'],
      deliver: webhookDeliver(),
      holder: 'a',
    });
    received.length = 0;
    let latency = 0;
    // one run a day from day 29 (four weeks of history) to day 44; a second run the same day evaluates nothing new
    for (let d = 29; d < 45; d++) {
      const t = performance.now();
      await s.runOnce(START + d * DAY + 3_600_000);
      if (d === drop + 1) latency = received[0] ? received[0].at - t : NaN;
      expect((await s.runOnce(START + d * DAY + 7_200_000))?.evaluated).toBe(0);
    }
    const events = await store.events('shop', { rule: 'conversion-drop' });
    expect(events.map((e) => e.kind)).toEqual(['resolved', 'fired']);
    const fired = events[1]!;
    expect(fired.at).toBe(START + (drop + 1) * DAY + 3_600_000);
    expect(fired.figures).toMatchObject({
      metric: 'conversion_rate',
      volume: 2000,
      window: { from: START + drop * DAY },
    });
    expect(fired.figures.value as number).toBeLessThan(fired.figures.limit as number);
    // what the alert's page draws: every day of the four weeks up to the window, and the band around the expected value
    const series = fired.figures.series as { day: string; value: number }[];
    expect(series).toHaveLength(29);
    expect(series.at(-1)).toEqual({
      day: new Date(START + drop * DAY).toISOString().slice(0, 10),
      value: fired.figures.value,
    });
    const band = fired.figures.band as { low: number; high: number };
    expect(band.low).toBe(fired.figures.limit);
    expect((band.low + band.high) / 2).toBeCloseTo(fired.figures.expected as number, 12);
    expect(fired.delivery).toEqual({ status: 'delivered' });
    expect(received.map((r) => JSON.parse(r.body).kind)).toEqual(['fired', 'resolved']);
    const { verify } = await example();
    for (const r of received) {
      expect(r.signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verify(SECRET, r.timestamp, r.body, r.signature)).toBe(true);
      expect(verify('another-secret-16ch', r.timestamp, r.body, r.signature)).toBe(false);
    }
    console.log(
      `alerts: drop on day ${drop} fired at the first run after that day closed, webhook ${latency.toFixed(0)} ms after the run started ` +
        `(latency from the drop's day end: the run interval, 5 min by default, plus that)`,
    );
  });

  it('60 normal days: the false alarms are counted', async () => {
    const store = new AlertStore(duckdbSql(db));
    const s = new AlertScheduler({
      store,
      sources: sourcesOf(traffic(11, 29 + 60)),
      sites: () => ['calm'],
      deliver: async () => ({ ok: true }),
      holder: 'a',
    });
    for (let d = 29; d < 29 + 60; d++) await s.runOnce(START + d * DAY + 3_600_000);
    const fired = (await store.events('calm', { rule: 'conversion-drop' })).filter((e) => e.kind === 'fired');
    console.log(`alerts: ${fired.length} false alarm(s) in 60 normal days (2,000 visitors a day at 5%)`);
    expect(fired.length).toBeLessThanOrEqual(6);
  });

  it('with two servers, one evaluates: the other finds the lock held', async () => {
    const store = new AlertStore(duckdbSql(db));
    const mk = (holder: string) =>
      new AlertScheduler({
        store,
        sources: sourcesOf(traffic(5, 35)),
        sites: () => ['pair'],
        deliver: async () => ({ ok: true }),
        holder,
      });
    const now = START + 34 * DAY;
    const [a, b] = await Promise.all([mk('a').runOnce(now), mk('b').runOnce(now)]);
    expect([a === null, b === null].sort()).toEqual([false, true]);
    // the lock lapses: later the other server may take over
    expect(await mk('b').runOnce(now + 10 * 60_000)).not.toBeNull();
  });

  it("a coupon pool running low: the built-in fires at the pool's own mark, names it, and resolves once refilled", async () => {
    const store = new AlertStore(duckdbSql(db));
    const rewards = new Rewards(duckdbSql(db), { config: () => undefined });
    await rewards.createPool('pools', { id: 'welcome', widget: 'w', kind: 'generated', prefix: 'W-', count: 20 }); // low under 2
    await rewards.createPool('pools', {
      id: 'spare',
      widget: 'x',
      kind: 'generated',
      prefix: 'S-',
      count: 5,
      lowAt: 1,
    });
    const days = traffic(7, 60);
    const s = new AlertScheduler({
      store,
      sources: { ...sourcesOf(days), lowPools: alertSources({} as never, undefined, {} as never, rewards).lowPools },
      sites: () => ['pools'],
      deliver: async () => ({ ok: true }),
      holder: 'a',
    });
    // after the other cases' runs: the evaluation lock they took has lapsed by then
    const day = (d: number) => START + (d + 20) * DAY + 3_600_000;
    await s.runOnce(day(30));
    for (let i = 0; i < 18; i++) await rewards.claim({ site: 'pools', widget: 'w', anonymousId: `v${i}` });
    const [welcome] = await rewards.pools('pools');
    expect(welcome).toMatchObject({ id: 'welcome', remaining: 2, low: false });
    await s.runOnce(day(31));
    expect(await store.events('pools', { rule: 'coupon-pool-low' })).toEqual([]);
    await rewards.claim({ site: 'pools', widget: 'w', anonymousId: 'v18' });
    await s.runOnce(day(32));
    const [fired] = await store.events('pools', { rule: 'coupon-pool-low' });
    expect(fired).toMatchObject({ kind: 'fired', figures: { metric: 'coupon_pool_low', value: 1 } });
    expect(fired!.figures.detail).toEqual({ pools: [{ pool: 'welcome', remaining: 1, total: 20, lowAt: 2 }] });
    await s.runOnce(day(33)); // still low: no second alert
    expect((await store.events('pools', { rule: 'coupon-pool-low' })).map((e) => e.kind)).toEqual(['fired']);
    await rewards.generate('pools', 'welcome', 10);
    await s.runOnce(day(34));
    expect((await store.events('pools', { rule: 'coupon-pool-low' })).map((e) => e.kind)).toEqual([
      'resolved',
      'fired',
    ]);
    // a rule of the site's own with a threshold for every pool: 'spare' (5 left) is under 6
    const { builtIn: _, ...builtIn } = (await store.rules('pools')).find((r) => r.id === 'coupon-pool-low')!;
    await store.putRule('pools', { ...builtIn, threshold: 6 });
    await s.runOnce(day(35));
    const [again] = await store.events('pools', { rule: 'coupon-pool-low' });
    expect(again!.figures.detail).toEqual({ pools: [{ pool: 'spare', remaining: 5, total: 5, lowAt: 6 }] });
  });
});
