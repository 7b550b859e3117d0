// Shop dashboard benchmark on ClickHouse (two shards): 1,000,000 events (and 10,000,000 with NUDGE_DASHBOARD_BENCH_10M=1)
// made by ClickHouse itself (INSERT ... SELECT FROM numbers), the same data in DuckDB at 1,000,000 for comparison; prints
// the median dashboard time. Checks only the counts that follow from how the data was made, and DuckDB's answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBStore } from '@nudge/server';
import { dashboardReport } from '../packages/server/src/reports/dashboard.js';
import { openEvents, type ClickHouseEvents } from '../packages/server/src/store/clickhouse/index.js';
import { clickHouseBinary, startClickHouse, type ClickHouseEngine } from './support/engines/clickhouse.js';

const PER_VISITOR = 10;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const RANGE = { from: T0, to: T0 + 28 * DAY - 1 };
const SIZES = [1_000_000, ...(process.env.NUDGE_DASHBOARD_BENCH_10M === '1' ? [10_000_000] : [])];

/**
 * Visitor v comes on day v % 28: event 0 is an exposure, then page views and item views; every 10th buys one item for
 * 50 (every 20th with a coupon). A third arrive from google / cpc, a third on phones (test/server-dashboard-bench's
 * data). Columns not named keep their defaults (NULL, empty, 0).
 */
function clickHouseInsert(events: number): string {
  const purchaseProps = `concat('{"transaction_id":"T', toString(v), '","currency":"USD","value":50,',
    if(v % 20 = 0, '"coupon":"SAVE",', ''), '"items":[{"item_id":"sku', toString(v % 50), '","price":50,"quantity":1}]}')`;
  return `
    INSERT INTO events (id, id_ms, site, name, ts, received_at, anonymous_id, session_id, seq, url, path, referrer,
      experiments, forced, props, context, source, exp_key, exp_variant, value, transaction_id, exp_keys, exp_values,
      prop_keys, prop_texts, prop_nums, item_ids, item_prices, item_qtys, item_names, item_discounts, item_margins,
      c_screen_w, c_utm_source, c_utm_medium)
    SELECT concat('e', toString(i)), ts, 'bench', name, ts, ts, concat('v', toString(v)), concat('s', toString(v)),
      toInt32(k + 1), 'https://shop.test/p', '/p', '', concat('{"bar":"', variant, '"}'), '[]',
      multiIf(name = 'experiment_exposure', concat('{"experiment":"bar","variant":"', variant, '"}'),
        name = 'purchase', ${purchaseProps}, '{}'),
      concat('{"screen":"', if(v % 3 = 0, '390x844', '1440x900'), '","utm":',
        if(v % 3 = 1, '{"source":"google","medium":"cpc"}', '{}'), '}'),
      'web', if(name = 'experiment_exposure', 'bar', NULL), if(name = 'experiment_exposure', variant, NULL),
      if(name = 'purchase', 50., NULL), if(name = 'purchase', concat('T', toString(v)), NULL), ['bar'], [variant],
      multiIf(name = 'experiment_exposure', ['experiment', 'variant'], name = 'purchase',
        if(v % 20 = 0, ['transaction_id', 'currency', 'value', 'coupon', 'items'], ['transaction_id', 'currency', 'value', 'items']), []),
      multiIf(name = 'experiment_exposure', ['bar', variant], name = 'purchase',
        if(v % 20 = 0, [concat('T', toString(v)), 'USD', '50', 'SAVE', items], [concat('T', toString(v)), 'USD', '50', items]), emptyArrayString()),
      arrayMap(t -> toFloat64OrNull(t), multiIf(name = 'experiment_exposure', ['bar', variant], name = 'purchase',
        if(v % 20 = 0, [concat('T', toString(v)), 'USD', '50', 'SAVE', items], [concat('T', toString(v)), 'USD', '50', items]), emptyArrayString())),
      if(name = 'purchase', [toNullable(concat('sku', toString(v % 50)))], CAST([] AS Array(Nullable(String)))), if(name = 'purchase', [toNullable(50.)], CAST([] AS Array(Nullable(Float64)))),
      if(name = 'purchase', [toNullable(1.)], CAST([] AS Array(Nullable(Float64)))), if(name = 'purchase', [CAST(NULL AS Nullable(String))], CAST([] AS Array(Nullable(String)))),
      if(name = 'purchase', [CAST(NULL AS Nullable(Float64))], CAST([] AS Array(Nullable(Float64)))), if(name = 'purchase', [CAST(NULL AS Nullable(Float64))], CAST([] AS Array(Nullable(Float64)))),
      if(v % 3 = 0, 390, 1440), if(v % 3 = 1, 'google', NULL), if(v % 3 = 1, 'cpc', NULL)
    FROM (
      SELECT number AS i, intDiv(number, ${PER_VISITOR}) AS v, number % ${PER_VISITOR} AS k,
        ${T0} + (v % 28) * ${DAY} + intDiv(v, 28) * 700 + k * 10 AS ts,
        if(intDiv(v, 2) % 2 = 0, 'red', 'blue') AS variant,
        multiIf(k = 0, 'experiment_exposure', k IN (5, 6), 'view_item', k = 9 AND v % 10 = 0, 'purchase', 'page_view') AS name,
        concat('[{"item_id":"sku', toString(v % 50), '","price":50,"quantity":1}]') AS items
      FROM numbers(${events})
    )`;
}

/** The same events in DuckDB, by the same rule. */
const duckInsert = (events: number) => `
  INSERT INTO events BY NAME
  SELECT 'e' || i AS id, ts AS id_ms, 'bench' AS site, name, ts, ts AS received_at, 'v' || v AS anonymous_id,
    NULL AS user_id, 's' || v AS session_id, k + 1 AS seq, 'https://shop.test/p' AS url, '/p' AS path, '' AS referrer,
    '{"bar":"' || variant || '"}' AS experiments, '[]' AS forced,
    CASE WHEN name = 'experiment_exposure' THEN '{"experiment":"bar","variant":"' || variant || '"}'
      WHEN name = 'purchase' THEN '{"transaction_id":"T' || v || '","currency":"USD","value":50,' ||
        CASE WHEN v % 20 = 0 THEN '"coupon":"SAVE",' ELSE '' END || '"items":[{"item_id":"sku' || (v % 50) || '","price":50,"quantity":1}]}'
      ELSE '{}' END AS props,
    '{"screen":"' || CASE WHEN v % 3 = 0 THEN '390x844' ELSE '1440x900' END || '","utm":' ||
      CASE WHEN v % 3 = 1 THEN '{"source":"google","medium":"cpc"}' ELSE '{}' END || '}' AS context, 'web' AS source,
    CASE WHEN name = 'experiment_exposure' THEN 'bar' END AS exp_key,
    CASE WHEN name = 'experiment_exposure' THEN variant END AS exp_variant, false AS exp_forced,
    CASE WHEN name = 'purchase' THEN 50.0 END AS value, CASE WHEN name = 'purchase' THEN 'T' || v END AS transaction_id,
    NULL AS ref_code, NULL AS widget
  FROM (
    SELECT i, v, k, ${T0} + (v % 28) * ${DAY} + (v // 28) * 700 + k * 10 AS ts,
      CASE WHEN v // 2 % 2 = 0 THEN 'red' ELSE 'blue' END AS variant,
      CASE WHEN k = 0 THEN 'experiment_exposure' WHEN k IN (5, 6) THEN 'view_item'
        WHEN k = 9 AND v % 10 = 0 THEN 'purchase' ELSE 'page_view' END AS name
    FROM (SELECT i, i // ${PER_VISITOR} AS v, i % ${PER_VISITOR} AS k FROM range(${events}) t(i))
  )`;

type Queries = Parameters<typeof dashboardReport>[0];

/** A warm-up, then the median of three dashboard runs (28 days, channel breakdown, previous period). */
async function timed(q: Queries) {
  await dashboardReport(q, undefined, 'bench', RANGE, { timeZone: 'UTC' });
  const times: number[] = [];
  let dash = await dashboardReport(q, undefined, 'bench', RANGE, { timeZone: 'UTC', breakdown: 'channel' });
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    dash = await dashboardReport(q, undefined, 'bench', RANGE, { timeZone: 'UTC', breakdown: 'channel' });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const t = performance.now();
  const products = await q.dashboardProducts('bench', RANGE, 'google / cpc', 50);
  return { dash, products, times, productsMs: performance.now() - t };
}

const ms = (t: number) => `${t.toFixed(0)} ms`;

describe.skipIf(!clickHouseBinary())('shop dashboard on ClickHouse, two shards', () => {
  let engine: ClickHouseEngine;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
  }, 120_000);
  afterAll(() => engine?.stop());

  it.each(SIZES)(
    'over %i events',
    async (events) => {
      const visitors = events / PER_VISITOR;
      const hosts = engine.shards.map((u) => new URL(u).host).join(',');
      const ch: ClickHouseEvents = await openEvents(`clickhouse://${hosts}/dash_${events}`);
      try {
        const t0 = performance.now();
        await ch.execute(clickHouseInsert(events));
        const loadMs = performance.now() - t0;
        expect(await ch.countEvents('bench')).toBe(events);
        const c = await timed(ch);
        expect(c.dash.totals.current).toMatchObject({ visitors, buyers: visitors / 10, orders: visitors / 10 });
        expect(c.dash.totals.current.revenue).toBe((visitors / 10) * 50);
        expect(c.dash.days.current).toHaveLength(28);
        expect(c.dash.widgets.redemptions).toBe(visitors / 20);
        expect(c.dash.breakdown!.groups.find((g) => g.value === 'google / cpc')!.visitors).toBe(
          Math.floor((visitors - 2) / 3) + 1,
        );
        let duck = '';
        if (events <= 1_000_000) {
          const store = new DuckDBStore(':memory:');
          await store.init();
          try {
            const t1 = performance.now();
            await store.execute(duckInsert(events));
            const duckLoad = performance.now() - t1;
            const d = await timed(store);
            // the same answers from both engines (the time it took aside)
            expect({ ...c.dash, queryMs: 0 }).toEqual({ ...d.dash, queryMs: 0 });
            expect(c.products).toEqual(d.products);
            duck = `; DuckDB: median ${ms(d.times[1]!)} (min ${ms(d.times[0]!)}, max ${ms(d.times[2]!)}), products ${ms(d.productsMs)}, data made in ${(duckLoad / 1000).toFixed(1)} s`;
          } finally {
            await store.close();
          }
        }
        console.log(
          `shop dashboard over ${events.toLocaleString('en')} events (28 days, channel breakdown, previous period): ` +
            `ClickHouse 2 shards: median ${ms(c.times[1]!)} (min ${ms(c.times[0]!)}, max ${ms(c.times[2]!)}) over 3 runs, ` +
            `products of a channel ${ms(c.productsMs)}, data made in ${(loadMs / 1000).toFixed(1)} s${duck}`,
        );
      } finally {
        await ch.close();
      }
    },
    1_800_000,
  );
});
