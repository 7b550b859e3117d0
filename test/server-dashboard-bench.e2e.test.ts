// Dashboard benchmark: 1,000,000 stored events (100,000 visitors over 28 days), then the shop dashboard's query time,
// with a channel breakdown, and the metric report (profit, CUPED) over the same events. Prints numbers only; the
// counts are checked because they follow from how the data was generated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBStore } from '@nudge/server';
import { expect, it } from 'vitest';
import { dashboardReport } from '../packages/server/src/reports/dashboard.js';
import { metricResults, plan } from '../packages/server/src/metrics/results.js';
import { BUILT_IN } from '../packages/server/src/metrics/definition.js';

const VISITORS = 100_000;
const PER_VISITOR = 10;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

it('shop dashboard over 1,000,000 events', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'nudge-dash-1m-')), 'nudge.duckdb');
  // Visitor v comes on day v % 28: event 0 is an exposure, then page views and item views; every 10th buys one item
  // for 50 (every 20th with a coupon). A third arrive from google / cpc, a third on phones.
  const t0 = performance.now();
  const loader = new DuckDBStore(file);
  await loader.init();
  await loader.execute(`
    INSERT INTO events BY NAME
    SELECT 'e' || i AS id, ts AS id_ms, 'bench' AS site, name, ts, ts AS received_at,
      'v' || v AS anonymous_id, NULL AS user_id, 's' || v AS session_id, k + 1 AS seq, 'https://shop.test/p' AS url, '/p' AS path,
      '' AS referrer, '{"bar":"' || variant || '"}' AS experiments, '[]' AS forced,
      CASE WHEN name = 'experiment_exposure' THEN '{"experiment":"bar","variant":"' || variant || '"}'
        WHEN name = 'purchase' THEN '{"transaction_id":"T' || v || '","currency":"USD","value":50,' ||
          CASE WHEN v % 20 = 0 THEN '"coupon":"SAVE",' ELSE '' END || '"items":[{"item_id":"sku' || (v % 50) || '","price":50,"quantity":1}]}'
        ELSE '{}' END AS props,
      '{"screen":"' || CASE WHEN v % 3 = 0 THEN '390x844' ELSE '1440x900' END || '","utm":' ||
        CASE WHEN v % 3 = 1 THEN '{"source":"google","medium":"cpc"}' ELSE '{}' END || '}' AS context, 'web' AS source,
      CASE WHEN name = 'experiment_exposure' THEN 'bar' END AS exp_key, CASE WHEN name = 'experiment_exposure' THEN variant END AS exp_variant,
      false AS exp_forced, CASE WHEN name = 'purchase' THEN 50.0 END AS value, CASE WHEN name = 'purchase' THEN 'T' || v END AS transaction_id,
      NULL AS ref_code, NULL AS widget
    FROM (
      SELECT i, v, k, ${T0} + (v % 28) * ${DAY} + (v // 28) * 700 + k * 10 AS ts,
        CASE WHEN v // 2 % 2 = 0 THEN 'red' ELSE 'blue' END AS variant,
        CASE WHEN k = 0 THEN 'experiment_exposure' WHEN k IN (5, 6) THEN 'view_item'
          WHEN k = 9 AND v % 10 = 0 THEN 'purchase' ELSE 'page_view' END AS name
      FROM (SELECT i, i // ${PER_VISITOR} AS v, i % ${PER_VISITOR} AS k FROM range(${VISITORS * PER_VISITOR}) t(i))
    )`);
  await loader.close();
  const loadMs = performance.now() - t0;

  const store = new DuckDBStore(file);
  await store.init();
  try {
    expect(await store.countEvents('bench')).toBe(VISITORS * PER_VISITOR);
    const range = { from: T0, to: T0 + 28 * DAY - 1 };
    await dashboardReport(store, undefined, 'bench', range, { timeZone: 'UTC' }); // warm
    const times: number[] = [];
    let dash = await dashboardReport(store, undefined, 'bench', range, { timeZone: 'UTC', breakdown: 'channel' });
    for (let i = 0; i < 3; i++) {
      dash = await dashboardReport(store, undefined, 'bench', range, { timeZone: 'UTC', breakdown: 'channel' });
      times.push(dash.queryMs);
    }
    times.sort((a, b) => a - b);
    expect(dash.totals.current).toMatchObject({ visitors: VISITORS, buyers: VISITORS / 10, orders: VISITORS / 10 });
    expect(dash.totals.current.revenue).toBe((VISITORS / 10) * 50);
    expect(dash.days.current).toHaveLength(28);
    expect(dash.widgets.redemptions).toBe(VISITORS / 20);
    expect(dash.breakdown!.groups.find((g) => g.value === 'google / cpc')!.visitors).toBe(
      Math.floor((VISITORS - 2) / 3) + 1,
    );
    const t = performance.now();
    const products = await store.dashboardProducts('bench', range, 'google / cpc', 50);
    const productsMs = performance.now() - t;
    expect(products.reduce((a, p) => a + p.orders, 0)).toBeGreaterThan(0);

    // the metric report's query over the same events: purchase, revenue and profit per visitor, with CUPED
    const metrics = BUILT_IN.filter((m) => ['purchase', 'revenue_per_visitor', 'profit_per_visitor'].includes(m.key));
    const p = plan(metrics);
    const m0 = performance.now();
    const rows = await store.metricSums(
      'bench',
      'bar',
      range,
      {},
      { ...p.request, margin: 0.4, preExposureMs: 14 * DAY },
    );
    const metricMs = performance.now() - m0;
    const results = metricResults(
      metrics.map((def) => ({ def, role: 'secondary' as const })),
      p,
      rows,
      { method: 'sequential', cuped: true, variants: ['red', 'blue'], margin: 0.4 },
    );
    expect(results[0]!.variants.reduce((a, v) => a + v.n, 0)).toBe(VISITORS);
    console.log(
      `shop dashboard over ${VISITORS * PER_VISITOR} events (28 days, channel breakdown, previous period): median ` +
        `${times[1]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[2]!.toFixed(0)}) over 3 runs; ` +
        `products of a channel ${productsMs.toFixed(0)} ms; metric report (3 metrics, CUPED) ${metricMs.toFixed(0)} ms; ` +
        `generating the data took ${(loadMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await store.close();
  }
}, 180_000);
