// DuckDB and ClickHouse (two shards) over the same 1,000,000-event fixture: identical report numbers, and their times.
// NUDGE_BENCH_EVENTS sets another size; NUDGE_BENCH_COPIES=10 adds 9 copies of it under other visitor, event and order
// ids, made by each engine itself (10,000,000 events from the 1,000,000 fixture without generating them ten times).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBStore, type Store } from '@nudge/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseEvents, openEvents } from '../packages/server/src/store/clickhouse/index.js';
import { EVENT_COLUMNS } from '../packages/server/src/store/clickhouse/rows.js';
import type { DashboardQueries } from '../packages/server/src/store/dashboard-queries.js';
import type { MetricQueries } from '../packages/server/src/store/metric-queries.js';
import { BUILT_IN } from '../packages/server/src/metrics/definition.js';
import { plan } from '../packages/server/src/metrics/results.js';
import { FIXTURE_START, reportFixture } from './fixtures/report-events.js';
import { clickHouseBinary, startClickHouse, type ClickHouseEngine } from './support/engines/clickhouse.js';

const TOTAL = Number(process.env.NUDGE_BENCH_EVENTS ?? 1_000_000);
const COPIES = Math.max(1, Math.min(20, Number(process.env.NUDGE_BENCH_COPIES ?? 1)));
const DAY = 86_400_000;
const ALL = { from: 0, to: FIXTURE_START + 400 * DAY };
type Reports = MetricQueries &
  DashboardQueries &
  Pick<
    Store,
    | 'countEvents'
    | 'countInvalidProps'
    | 'funnel'
    | 'conversionOverTime'
    | 'exposurePeriods'
    | 'vitals'
    | 'widgets'
    | 'referrals'
    | 'errors'
  >;

/** Every report over the fixture, with the time each took; a claim's JSON is compared as data, not as text. */
async function allReports(s: Reports): Promise<{ answers: Record<string, unknown>; ms: Record<string, number> }> {
  const ms: Record<string, number> = {};
  const answers: Record<string, unknown> = {};
  const run = async (name: string, f: () => Promise<unknown>) => {
    const t = performance.now();
    answers[name] = await f();
    ms[name] = performance.now() - t;
  };
  const mid = FIXTURE_START + 3 * DAY;
  await run('countEvents', () => s.countEvents('bench'));
  await run('countInvalidProps', () => s.countInvalidProps('bench'));
  await run('funnel', () => s.funnel('bench', 'bar', ALL));
  await run('funnel real traffic', () => s.funnel('bench', 'bar', ALL, { excludeSimulated: true }));
  await run('funnel stopped', () => s.funnel('bench', 'bar', ALL, { until: mid }));
  await run('conversionOverTime', () => s.conversionOverTime('bench', 'bar', ALL, { timeZone: 'America/Los_Angeles' }));
  await run('exposurePeriods', () => s.exposurePeriods('bench', 'bar', ALL, [mid, mid + 2 * DAY]));
  await run('vitals', () => s.vitals('bench', 'bar', ALL));
  await run('widgets', async () => {
    const w = await s.widgets('bench', ALL);
    return { ...w, claims: w.claims.map((c) => ({ ...c, claim: JSON.parse(c.claim) as unknown })) };
  });
  await run('referrals', () => s.referrals('bench', ALL));
  await run('errors', () => s.errors('bench', ALL, 20));
  // every built-in metric, with CUPED, and by device; numbers to a millionth (sums in another order differ in the last bits)
  const request = { ...plan(BUILT_IN).request, margin: 0.4, preExposureMs: 14 * DAY };
  const round = (v: unknown) =>
    JSON.parse(JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x)));
  await run('metricSums', async () => round(await s.metricSums('bench', 'bar', ALL, {}, request)));
  await run('metricSums device', async () =>
    round(await s.metricSums('bench', 'bar', ALL, {}, { ...request, breakdown: 'device' })),
  );
  await run('dashboardDays', async () => round(await s.dashboardDays('bench', ALL, 'America/Los_Angeles')));
  await run('dashboardTotals', async () => round(await s.dashboardTotals('bench', ALL)));
  await run('dashboardBreakdown', async () => round(await s.dashboardBreakdown('bench', ALL, 'channel')));
  await run('dashboardProducts', async () => round(await s.dashboardProducts('bench', ALL, null, 20)));
  await run('dashboardWidgets', async () => round(await s.dashboardWidgets('bench', ALL)));
  return { answers, ms };
}

describe.skipIf(!clickHouseBinary())(`reports over ${TOTAL.toLocaleString('en')} events, DuckDB and ClickHouse`, () => {
  let engine: ClickHouseEngine;
  let duck: DuckDBStore;
  let ch: ClickHouseEvents;
  const dir = mkdtempSync(join(tmpdir(), 'nudge-bench-'));
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
    duck = new DuckDBStore(join(dir, 'nudge.duckdb'));
    await duck.init();
    ch = await openEvents(`clickhouse://${engine.shards.map((u) => new URL(u).host).join(',')}/bench`, {
      flushAt: 50_000,
    });
  }, 120_000);
  afterAll(async () => {
    await ch?.close();
    await duck?.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives identical numbers on both, and prints how long each took', async () => {
    const load = { duck: 0, ch: 0 };
    let rows = 0;
    // bounded: the fixture stops at TOTAL events (plus the ~1% sent again)
    for (const batch of reportFixture('bench', TOTAL)) {
      rows += batch.length;
      let t = performance.now();
      duck.append(batch);
      await duck.flush();
      load.duck += performance.now() - t;
      t = performance.now();
      ch.append(batch);
      await ch.flush();
      load.ch += performance.now() - t;
    }
    // copy k: the same events under other ids (visitor, session, event, order), so every count grows k-fold
    const renamed: Record<string, (k: number) => string> = {
      id: (k) => `id || '~${k}'`,
      anonymous_id: (k) => `anonymous_id || '~${k}'`,
      session_id: (k) => `session_id || '~${k}'`,
      transaction_id: (k) => `transaction_id || '~${k}'`,
    };
    const columns = [...EVENT_COLUMNS.matchAll(/(\w+) (?:Nullable|Array|String|Int|UInt|Float)/g)].map((m) => m[1]!);
    for (let k = 1; k < COPIES; k++) {
      let t = performance.now();
      await duck.execute(
        `INSERT INTO events BY NAME SELECT * REPLACE (${Object.entries(renamed)
          .map(([c, f]) => `${f(k)} AS ${c}`)
          .join(', ')}) FROM events WHERE site = 'bench' AND NOT contains(id, '~')`,
      );
      load.duck += performance.now() - t;
      t = performance.now();
      // by position, no aliases: in ClickHouse an alias named like a column would replace it in WHERE too
      await ch.execute(
        `INSERT INTO events (${columns.join(', ')}) SELECT ${columns
          .map((c) => (renamed[c] ? `concat(${c}, '~${k}')` : c))
          .join(', ')} FROM events WHERE site = 'bench' AND position(id, '~') = 0`,
      );
      load.ch += performance.now() - t;
    }
    const d = await allReports(duck);
    const c = await allReports(ch);
    const total = (ms: Record<string, number>) => Object.values(ms).reduce((a, b) => a + b, 0);
    console.log(
      `${rows.toLocaleString('en')} rows appended (${d.answers.countEvents as number} distinct events); load: DuckDB ${(load.duck / 1000).toFixed(1)} s, ClickHouse 2 shards ${(load.ch / 1000).toFixed(1)} s\n` +
        Object.keys(d.ms)
          .map(
            (k) =>
              `  ${k.padEnd(20)} DuckDB ${d.ms[k]!.toFixed(0).padStart(6)} ms   ClickHouse ${c.ms[k]!.toFixed(0).padStart(6)} ms`,
          )
          .join('\n') +
        `\n  ${'all reports'.padEnd(20)} DuckDB ${total(d.ms).toFixed(0).padStart(6)} ms   ClickHouse ${total(c.ms).toFixed(0).padStart(6)} ms`,
    );
    // the fixture stops after the visitor that reaches TOTAL; the ~1% retried copies were sent and are not counted
    const distinct = d.answers.countEvents as number;
    expect(distinct).toBeGreaterThanOrEqual(TOTAL * COPIES);
    expect(distinct).toBeLessThan(Math.min(rows * COPIES, (TOTAL + 100) * COPIES));
    // every report has something to compare
    const a = d.answers as Record<string, unknown[] | Record<string, unknown[]>>;
    expect((a.funnel as { orders: number }[]).map((r) => r.orders > 0)).toEqual([true, true]);
    for (const k of ['conversionOverTime', 'exposurePeriods', 'vitals', 'referrals'])
      expect((a[k] as unknown[]).length, k).toBeGreaterThan(1);
    expect((a.widgets as { claims: unknown[] }).claims.length).toBeGreaterThan(1);
    expect((a.errors as { groups: unknown[] }).groups.length).toBeGreaterThan(1);
    for (const k of Object.keys(d.answers)) expect(c.answers[k], k).toEqual(d.answers[k]);
  }, 1_800_000);
});
