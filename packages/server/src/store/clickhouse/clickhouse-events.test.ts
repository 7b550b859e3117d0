// ClickHouse specifics beyond the contract: two instances writing one retried batch, visitor placement, the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { exposure, row } from '../contract/fixtures.js';
import { parseEventsUrl } from './connection.js';
import { clickHouseUrlProblem, openEvents } from './index.js';
import { EVENT_COLUMNS, METRIC_COLUMNS } from './rows.js';

describe('parseEventsUrl', () => {
  it('reads hosts, database, cluster and credentials, and refuses what is not a plain name', () => {
    expect(parseEventsUrl('clickhouse://a:8123,b:9000/nudge')).toEqual({
      nodes: ['http://a:8123', 'http://b:9000'],
      database: 'nudge',
      cluster: 'nudge',
      username: 'default',
      password: '',
    });
    expect(parseEventsUrl('clickhouses://ann:p%40ss@h/db?cluster=c1')).toMatchObject({
      nodes: ['https://h:8123'],
      cluster: 'c1',
      username: 'ann',
      password: 'p@ss',
    });
    expect(parseEventsUrl('clickhouse://h:1/db').cluster).toBeUndefined();
    expect(() => parseEventsUrl('clickhouse://h:1/db;DROP')).toThrow(/plain ClickHouse name/);
    expect(() => parseEventsUrl('clickhouse://h:1/db?cluster=x%27y')).toThrow(/plain ClickHouse name/);
    expect(() => parseEventsUrl('postgres://h/db')).toThrow(/not a ClickHouse URL/);
    expect(clickHouseUrlProblem('clickhouse://ann:secret@h:1/db/x')).not.toMatch(/secret/);
    expect(clickHouseUrlProblem('clickhouse://ann:secret@h:1/db')).toBeUndefined();
  });
});

describe.skipIf(!clickHouseBinary())('ClickHouse events on two shards', () => {
  let engine: ClickHouseEngine;
  let hosts: string;
  let n = 0;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
    hosts = engine.shards.map((s) => new URL(s).host).join(',');
  }, 120_000);
  afterAll(() => engine?.stop());
  const shardCount = async (shard: string, db: string, where: string) => {
    const r = await fetch(`${shard}/?database=${db}`, {
      method: 'POST',
      body: `SELECT count() FROM events_local WHERE ${where}`,
    });
    return Number((await r.text()).trim());
  };

  it('counts a batch retried to two instances once, before any merge', async () => {
    const db = `twice_${++n}`;
    const url = `clickhouse://${hosts}/${db}`;
    const [a, b] = await Promise.all([openEvents(url), openEvents(url)]);
    const batch = [exposure('s', 'v1', 'red', 10), row('s', 'purchase', 11, 'v1', { value: 5, transactionId: 'T' })];
    for (const i of [a, b]) {
      i.append(batch.map((r) => ({ ...r })));
      await i.flush();
    }
    // both copies are stored (no merge yet) ...
    const stored = (await shardCount(engine.shards[0]!, db, '1')) + (await shardCount(engine.shards[1]!, db, '1'));
    expect(stored).toBe(4);
    // ... and every answer counts each event once
    for (const i of [a, b]) {
      expect(await i.countEvents('s')).toBe(2);
      const [red] = await i.funnel('s', 'bar', { from: 0, to: 100 });
      expect([red!.exposed, red!.orders, red!.revenue]).toEqual([1, 1, 5]);
    }
    await a.close();
    await b.close();
  });

  it("keeps a visitor's events on one shard and spreads visitors over both", async () => {
    const db = `spread_${++n}`;
    const s = await openEvents(`clickhouse://${hosts}/${db}`);
    const visitors = Array.from({ length: 40 }, (_, i) => `v${i}`);
    s.append(visitors.flatMap((v, i) => [0, 1, 2].map((k) => row('s', 'page_view', i * 10 + k, v))));
    await s.flush();
    expect(await s.countEvents('s')).toBe(120);
    let onFirst = 0;
    for (const v of visitors) {
      const counts = [
        await shardCount(engine.shards[0]!, db, `anonymous_id = '${v}'`),
        await shardCount(engine.shards[1]!, db, `anonymous_id = '${v}'`),
      ];
      expect(counts.sort()).toEqual([0, 3]);
      if ((await shardCount(engine.shards[0]!, db, `anonymous_id = '${v}'`)) === 3) onFirst++;
    }
    expect(onFirst).toBeGreaterThan(0);
    expect(onFirst).toBeLessThan(visitors.length);
    await s.close();
  });

  it('adds the metric columns to tables made before them, on every shard, and answers metrics from then on', async () => {
    const db = `older_${++n}`;
    const sql = async (shard: string, q: string) => {
      const r = await fetch(`${shard}/`, { method: 'POST', body: q });
      if (!r.ok) throw new Error(await r.text());
      return (await r.text()).trim();
    };
    const metricColumns = new RegExp(`,\\s*${METRIC_COLUMNS.map(([c]) => c).join(' [^,]+,\\s*')} [^,]+$`);
    const older = EVENT_COLUMNS.replace(metricColumns, '');
    expect(older).not.toMatch(/prop_keys|c_locale/);
    for (const shard of engine.shards) {
      await sql(shard, `CREATE DATABASE ${db}`);
      await sql(
        shard,
        `CREATE TABLE ${db}.events_local (${older}) ENGINE = ReplacingMergeTree ORDER BY (site, id_ms, id)`,
      );
      await sql(
        shard,
        `CREATE TABLE ${db}.events AS ${db}.events_local ENGINE = Distributed(nudge, ${db}, events_local, cityHash64(ifNull(anonymous_id, id)))`,
      );
    }
    const s = await openEvents(`clickhouse://${hosts}/${db}`);
    for (const shard of engine.shards)
      for (const table of ['events_local', 'events'])
        expect(
          await sql(
            shard,
            `SELECT count() FROM system.columns WHERE database = '${db}' AND table = '${table}' AND name IN (${METRIC_COLUMNS.map(([c]) => `'${c}'`).join(', ')})`,
          ),
        ).toBe(String(METRIC_COLUMNS.length));
    s.append([
      exposure('s', 'v1', 'red', 10),
      row('s', 'purchase', 11, 'v1', { value: 5, transactionId: 'T', props: { coupon: 'X', value: 5 } }),
    ]);
    await s.flush();
    const measures = [
      { event: 'purchase', aggregate: 'count' as const, filters: [{ property: 'coupon', op: 'exists' as const }] },
    ];
    const [red] = await s.metricSums(
      's',
      'bar',
      { from: 0, to: 100 },
      {},
      { measures, pairs: [], margin: null, preExposureMs: 0 },
    );
    expect([red!.n, red!.measures[0]!.sum]).toEqual([1, 1]);
    await s.close();
    // a second start finds nothing to add
    await (await openEvents(`clickhouse://${hosts}/${db}`)).close();
  });

  it('refuses a URL that lists fewer hosts than its cluster has', async () => {
    await expect(openEvents(`clickhouse://${new URL(engine.shards[0]!).host}/one?cluster=nudge`)).rejects.toThrow(
      /has 2 hosts but the events URL lists 1/,
    );
  });

  it('fails a flush while a shard is down, keeping the rows queued, and writes them once it is back', async () => {
    const db = `down_${++n}`;
    const s = await openEvents(`clickhouse://${hosts}/${db}`, { retryMs: 60_000 });
    await engine.stopShard(1);
    try {
      s.append(Array.from({ length: 20 }, (_, i) => row('s', 'page_view', i, `w${i}`)));
      const t = Date.now();
      await expect(s.flush()).rejects.toThrow();
      console.log(`flush with a shard down failed after ${Date.now() - t} ms`);
      expect(s.pending()).toBe(20);
      await expect(s.ping()).rejects.toThrow();
    } finally {
      await engine.startShard(1);
    }
    await s.flush();
    expect(s.pending()).toBe(0);
    expect(await s.countEvents('s')).toBe(20);
    // the rows whose shard was up did not make the others look bad: nothing went to the quarantine
    expect(await s.countQuarantined('s')).toBe(0);
    await s.close();
  }, 60_000);
});
