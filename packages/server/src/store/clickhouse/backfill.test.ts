// Events stored by the release before the metric columns answer, once the new store has started, as events stored after.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { analyticsEvents, ANALYTICS_MEASURES, rounded } from '../contract/analytics.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import type { EventRow } from '../records.js';
import { Backfill, ranges } from './backfill.js';
import { chdb, ChdbEngine } from '../../../../../test/support/engines/chdb.js';
import type { ClickHouseEvents } from './clickhouse-events.js';
import { Nodes, parseEventsUrl, type Engine, type Json } from './connection.js';
import { openEvents } from './index.js';
import { EVENT_COLUMNS, METRIC_COLUMNS, toInsertRow } from './rows.js';
import { migrate } from './schema.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 20);
const RANGE = { from: T0, to: T0 + 6 * DAY };

/** The events table's columns as the release before the metric columns made them. */
const OLDER = EVENT_COLUMNS.replace(
  new RegExp(`,\\s*${METRIC_COLUMNS.map(([c]) => c).join(' [^,]+,\\s*')} [^,]+$`),
  '',
);
/** A row as that release wrote it: no metric columns. */
const olderRow = (r: EventRow): Json => {
  const row = toInsertRow(r);
  for (const [c] of METRIC_COLUMNS) delete row[c];
  return row;
};

/** Where older tables are made and filled as the previous release did, and new stores opened on them. */
interface Setup {
  /** makes the older tables in a fresh database and returns a way to open engines on it */
  older(db: string): Promise<() => Engine>;
}

/** Metric sums filtered by props paths, by utm source and by locale, and the dashboard, against DuckDB's answers. */
async function sameAsDuckDB(store: ClickHouseEvents, reference: DuckDBStore, site: string): Promise<void> {
  const segments = { activeWithinDays: 10, highValue: { minOrders: 1, minSpent: 150 } };
  for (const breakdown of [undefined, 'source', 'locale', 'device'] as const) {
    const req = { measures: ANALYTICS_MEASURES, pairs: [], margin: 0.3, preExposureMs: DAY, breakdown, segments };
    const want = await reference.metricSums(site, 'bar', RANGE, {}, req);
    expect(want.length).toBeGreaterThan(0);
    expect(rounded(await store.metricSums(site, 'bar', RANGE, {}, req)), String(breakdown)).toEqual(rounded(want));
  }
  const same = async <T>(label: string, f: (q: ClickHouseEvents | DuckDBStore) => Promise<T>) =>
    expect(rounded(await f(store)), label).toEqual(rounded(await f(reference)));
  await same('totals', (q) => q.dashboardTotals(site, RANGE));
  for (const by of ['channel', 'device', 'segment'] as const)
    await same(by, (q) => q.dashboardBreakdown(site, RANGE, by, { activeWithinDays: 3 }));
  await same('products', (q) => q.dashboardProducts(site, RANGE, null, 10));
  await same('products via google / cpc', (q) => q.dashboardProducts(site, RANGE, 'google / cpc', 10));
}

/** `engine` with its reads or inserts replaced (a race or a failure at a chosen moment). */
const around = (engine: Engine, over: Partial<Pick<Engine, 'rows' | 'insert'>>): Engine => ({
  database: engine.database,
  cluster: engine.cluster,
  hosts: engine.hosts,
  createDatabase: () => engine.createDatabase(),
  rows: over.rows ?? ((q, settings, host) => engine.rows(q, settings, host)),
  command: (q, host) => engine.command(q, host),
  close: () => engine.close(),
  insert: over.insert ?? ((t, values, host) => engine.insert(t, values, host)),
});

/** The erasure of visitor v3 on every node; ifNull: 18.16's DELETE also removes the rows its condition is NULL on. */
const eraseV3 = async (engine: Engine): Promise<void> => {
  const table = engine.cluster ? 'events_local' : 'events';
  for (let h = 0; h < engine.hosts; h++)
    await engine.command(`ALTER TABLE ${engine.database}.${table} DELETE WHERE ifNull(anonymous_id, '') = 'v3'`, h);
};

/** Waits (up to a minute) until no node has a mutation running. */
async function mutationsDone(engine: Engine): Promise<void> {
  for (let wait = 0; wait < 60_000; wait += 200) {
    let running = 0;
    for (let h = 0; h < engine.hosts; h++)
      running += (await engine.rows(`SELECT mutation_id FROM system.mutations WHERE is_done = 0`, {}, h)).length;
    if (!running) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function backfillCases(name: string, setup: () => Setup, concurrent: boolean): void {
  describe(name, () => {
    let n = 0;
    /** A fresh database with the older tables holding `rows` as the previous release wrote them. */
    const olderWith = async (tag: string, rows: EventRow[], then?: (old: Engine) => Promise<void>) => {
      const open = await setup().older(`${tag}_${process.pid}_${++n}`);
      const old = open();
      try {
        await old.insert('events', rows.map(olderRow));
        await then?.(old);
      } finally {
        await old.close();
      }
      return open;
    };

    it('fills rows stored before the metric columns: props paths, utm and locale answer as for rows stored after, and as DuckDB', async () => {
      const site = 'bf';
      const rows = analyticsEvents(site);
      // every other event stored by the previous release, the rest by the new store once started
      const before = rows.filter((_, i) => i % 2 === 0);
      const after = rows.filter((_, i) => i % 2 === 1);
      const open = await olderWith('backfill', before);
      const reference = new DuckDBStore(':memory:');
      await reference.init();
      reference.append(rows);
      await reference.flush();
      const t = Date.now();
      const store = await openEvents(open());
      console.log(`[backfill] start on ${before.length} older rows: ${Date.now() - t} ms`);
      try {
        store.append(after.map((r) => ({ ...r })));
        await store.flush();
        const done = await store.backfilled();
        console.log(`[backfill] ${done.rows} older rows filled in ${done.ms} ms`);
        expect(done.rows).toBe(before.length);
        expect(await store.countEvents(site)).toBe(rows.length);
        await sameAsDuckDB(store, reference, site);
      } finally {
        await store.close();
      }
      // a restart finds the pass done on every node and writes nothing
      const again = await openEvents(open());
      try {
        expect((await again.backfilled()).rows).toBe(0);
        expect(await again.countEvents(site)).toBe(rows.length);
      } finally {
        await again.close();
        await reference.close();
      }
    }, 240_000);

    it('resumes where a stopped pass left off: ranges before its mark are not read again', async () => {
      const site = 're';
      const rows = analyticsEvents(site, 30);
      // the new release's tables, and a pass that stopped after the site's first two days, on every node
      const mark = T0 + 2 * DAY;
      const open = await olderWith('backfill_resume', rows, async (old) => {
        await migrate(old);
        for (let h = 0; h < old.hosts; h++)
          await old.insert('backfills', [{ name: 'metric_columns', site, id_ms: mark, done: 0, at: Date.now() }], h);
      });
      const store = await openEvents(open());
      try {
        expect((await store.backfilled()).rows).toBe(rows.filter((r) => r.idMs >= mark).length);
      } finally {
        await store.close();
      }
    }, 240_000);

    it('an erasure that starts while older rows are being written again still removes the visitor', async () => {
      const site = 'er';
      const rows = analyticsEvents(site, 20);
      const engine = (await olderWith('backfill_erase', rows))();
      const table = engine.cluster ? 'events_local' : 'events';
      let erased = false;
      // the erasure arrives between the backfill's read of a range and its insert
      const racing = around(engine, {
        insert: async (t, values, host) => {
          if (t === table && !erased) {
            erased = true;
            await eraseV3(engine);
          }
          return engine.insert(t, values, host);
        },
      });
      const store = await openEvents(racing);
      try {
        await store.backfilled();
        expect(erased).toBe(true);
        await mutationsDone(engine);
        const v3 = rows.filter((r) => r.anonymousId === 'v3').length;
        expect(v3).toBeGreaterThan(0);
        expect(await store.countEvents(site)).toBe(rows.length - v3);
      } finally {
        await store.close();
      }
    }, 240_000);

    it('an erasure that missed copies written by an attempt that then failed is repeated when the pass tries again', async () => {
      const site = 'er2';
      const rows = analyticsEvents(site, 20);
      const engine = (await olderWith('backfill_erase_retry', rows, migrate))();
      const table = engine.cluster ? 'events_local' : 'events';
      // the erasure arrives between a range's read and its insert; the look at the node's mutations after that insert
      // fails (the node busy), so the pass tries again, from the same range
      let erased = false;
      let failed = false;
      const flaky = around(engine, {
        rows: (q, settings, host) => {
          if (erased && !failed && q.includes('system.mutations')) {
            failed = true;
            return Promise.reject(new Error('node busy'));
          }
          return engine.rows(q, settings, host);
        },
        insert: async (t, values, host) => {
          if (t === table && !erased) {
            await eraseV3(engine);
            erased = true;
          }
          return engine.insert(t, values, host);
        },
      });
      try {
        await new Backfill(flaky, () => {}, 10).done;
        expect([erased, failed]).toEqual([true, true]);
        await mutationsDone(engine);
        const [left] = await engine.rows(`SELECT count() AS n FROM events FINAL WHERE ifNull(anonymous_id, '') = 'v3'`);
        expect(Number(left!.n)).toBe(0);
      } finally {
        await engine.close();
      }
    }, 240_000);

    it.skipIf(!concurrent)(
      'two servers starting at once on older rows both fill them, and every answer counts each event once',
      async () => {
        const site = 'two';
        const rows = analyticsEvents(site, 40);
        const open = await olderWith('backfill_two', rows);
        const reference = new DuckDBStore(':memory:');
        await reference.init();
        reference.append(rows);
        await reference.flush();
        const [a, b] = await Promise.all([openEvents(open()), openEvents(open())]);
        try {
          const [da, db] = await Promise.all([a.backfilled(), b.backfilled()]);
          // each pass may write some or all rows; together they cover every one, and the copies fold into one
          expect(da.rows + db.rows).toBeGreaterThanOrEqual(rows.length);
          for (const s of [a, b]) {
            expect(await s.countEvents(site)).toBe(rows.length);
            await sameAsDuckDB(s, reference, site);
          }
        } finally {
          await a.close();
          await b.close();
          await reference.close();
        }
      },
      240_000,
    );
  });
}

it('groups minutes into ranges of about 5,000 rows, one site at a time', () => {
  const m = (site: string, minute: number, n: number) => ({ site, m: minute, n });
  expect(ranges([m('a', 10, 3000), m('a', 12, 2500), m('a', 13, 10), m('a', 20, 7000), m('b', 20, 1)])).toEqual([
    ['a', 10 * 60_000, 13 * 60_000],
    ['a', 13 * 60_000, 21 * 60_000],
    ['b', 20 * 60_000, 21 * 60_000],
  ]);
  expect(ranges([])).toEqual([]);
});

const bin = clickHouseBinary();
describe.skipIf(!bin)('backfill on ClickHouse 18.16, two shards', () => {
  let engine: ClickHouseEngine;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
  }, 120_000);
  // after a million rows the shards take longer to stop
  afterAll(() => engine?.stop(), 120_000);

  const sql = async (shard: string, q: string) => {
    const r = await fetch(`${shard}/`, { method: 'POST', body: q });
    if (!r.ok) throw new Error(await r.text());
    return (await r.text()).trim();
  };
  /** The older tables in a fresh database on both shards, as the previous release made them. */
  const olderShards = async (db: string) => {
    for (const shard of engine.shards) {
      await sql(shard, `CREATE DATABASE ${db}`);
      await sql(
        shard,
        `CREATE TABLE ${db}.events_local (${OLDER}) ENGINE = ReplacingMergeTree ORDER BY (site, id_ms, id)`,
      );
      await sql(
        shard,
        `CREATE TABLE ${db}.events AS ${db}.events_local ENGINE = Distributed(nudge, ${db}, events_local, cityHash64(ifNull(anonymous_id, id)))`,
      );
    }
  };

  backfillCases(
    'older tables on both shards',
    () => ({
      older: async (db) => {
        await olderShards(db);
        const url = `clickhouse://${engine.shards.map((s) => new URL(s).host).join(',')}/${db}`;
        return () => new Nodes(parseEventsUrl(url));
      },
    }),
    true,
  );

  it('prints the time to fill NUDGE_BACKFILL_ROWS older rows (20,000 by default), and they answer filters after', async () => {
    const count = Math.max(1, Math.min(Number(process.env.NUDGE_BACKFILL_ROWS) || 20_000, 10_000_000));
    const db = `backfill_big_${process.pid}`;
    await olderShards(db);
    // the older rows made by ClickHouse itself: purchases over 30 days with nested props, utm and a locale
    await sql(
      engine.shards[0]!,
      `INSERT INTO ${db}.events (id, id_ms, site, name, ts, received_at, anonymous_id, experiments, forced, props,
         context, source, exp_forced, exp_keys, exp_values, forced_keys, simulated, invalid_props)
       SELECT toString(number), ${T0} + intDiv(number * ${30 * DAY}, ${count}) AS t, 'big', 'purchase', t, t,
         concat('v', toString(number % 50000)), '{}', '[]',
         concat('{"value":', toString(number % 100), ',"coupon":"C', toString(number % 7),
           '","shipping":{"method":"', if(number % 2 = 0, 'air', 'post'), '"}}'),
         concat('{"locale":"', if(number % 3 = 0, 'zh-CN', 'en'), '","utm":{"source":"google","medium":"cpc"}}'),
         'web', 0, [], [], [], 0, 0
       FROM system.numbers LIMIT ${count} SETTINGS insert_distributed_sync = 1`,
    );
    const url = `clickhouse://${engine.shards.map((s) => new URL(s).host).join(',')}/${db}`;
    const t = Date.now();
    const store = await openEvents(url);
    const started = Date.now() - t;
    try {
      const done = await store.backfilled();
      console.log(
        `[backfill] ${count} older rows on two shards: the store started in ${started} ms; the rows were filled in the background in ${done.ms} ms (${Math.round(count / (done.ms / 1000))} rows/s)`,
      );
      expect(done.rows).toBe(count);
      const filtered = await sql(
        engine.shards[0]!,
        `SELECT count() FROM ${db}.events FINAL WHERE site = 'big' AND has(prop_keys, 'shipping.method')
           AND prop_texts[indexOf(prop_keys, 'shipping.method')] = 'air' AND c_locale = 'zh-CN'
           AND c_utm_source = 'google' AND filled = 1`,
      );
      let want = 0;
      for (let i = 0; i < count; i++) if (i % 2 === 0 && i % 3 === 0) want++;
      expect(Number(filtered)).toBe(want);
    } finally {
      await store.close();
    }
  }, 1_800_000);
});

describe.skipIf(!chdb)('backfill on chdb (current ClickHouse)', () => {
  backfillCases(
    'an older table',
    () => ({
      older: async () => {
        const path = mkdtempSync(join(tmpdir(), 'nudge-chdb-backfill-'));
        const make = new ChdbEngine(path);
        await make.command(
          `CREATE TABLE default.events (${OLDER}) ENGINE = ReplacingMergeTree ORDER BY (site, id_ms, id)`,
        );
        await make.close();
        return () => new ChdbEngine(path);
      },
    }),
    false,
  );
});
