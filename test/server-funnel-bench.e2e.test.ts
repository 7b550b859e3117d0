// Report benchmark: 1,000,000 stored events (100,000 visitors, two variants), then the funnel report's query time.
// Prints numbers only; the counts are checked because they follow from how the data was generated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBStore } from '@nudge/server';
import { expect, it } from 'vitest';

const VISITORS = 100_000;
const PER_VISITOR = 10;

it('funnel report over 1,000,000 events', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'nudge-1m-')), 'nudge.duckdb');
  // Generated in SQL: going through HTTP would benchmark ingest again and take far longer.
  // Visitor v: event 0 is the exposure, then page views, two item views; every 2nd adds to cart, every 4th checks out,
  // every 10th buys for 50. Variant: red for even v // 2, blue otherwise.
  const t0 = performance.now();
  const loader = new DuckDBStore(file);
  await loader.init();
  await loader.execute(`
    INSERT INTO events BY NAME
    SELECT 'e' || i AS id, 1700000000000 + (i // ${PER_VISITOR}) * 1000 + (i % ${PER_VISITOR}) * 10 AS id_ms, 'bench' AS site, name, 1700000000000 + v * 1000 + k * 10 AS ts, 1700000000000 + v * 1000 + k * 10 AS received_at,
      'v' || v AS anonymous_id, NULL AS user_id, 's' || v AS session_id, k + 1 AS seq, 'https://shop.test/p' AS url, '/p' AS path, '' AS referrer,
      '{"bar":"' || variant || '"}' AS experiments, '[]' AS forced,
      CASE WHEN name = 'experiment_exposure' THEN '{"experiment":"bar","variant":"' || variant || '"}' ELSE '{}' END AS props,
      '{}' AS context, 'web' AS source,
      CASE WHEN name = 'experiment_exposure' THEN 'bar' END AS exp_key, CASE WHEN name = 'experiment_exposure' THEN variant END AS exp_variant,
      false AS exp_forced, CASE WHEN name = 'purchase' THEN 50.0 END AS value, CASE WHEN name = 'purchase' THEN 'T' || v END AS transaction_id,
      NULL AS ref_code, NULL AS widget
    FROM (
      SELECT i, i // ${PER_VISITOR} AS v, i % ${PER_VISITOR} AS k,
        CASE WHEN (i // ${PER_VISITOR}) // 2 % 2 = 0 THEN 'red' ELSE 'blue' END AS variant,
        CASE
          WHEN i % ${PER_VISITOR} = 0 THEN 'experiment_exposure'
          WHEN i % ${PER_VISITOR} IN (5, 6) THEN 'view_item'
          WHEN i % ${PER_VISITOR} = 7 AND (i // ${PER_VISITOR}) % 2 = 0 THEN 'add_to_cart'
          WHEN i % ${PER_VISITOR} = 8 AND (i // ${PER_VISITOR}) % 4 = 0 THEN 'begin_checkout'
          WHEN i % ${PER_VISITOR} = 9 AND (i // ${PER_VISITOR}) % 10 = 0 THEN 'purchase'
          ELSE 'page_view'
        END AS name
      FROM range(${VISITORS * PER_VISITOR}) t(i)
    )`);
  await loader.close();
  const loadMs = performance.now() - t0;

  const reopened = new DuckDBStore(file);
  await reopened.init();
  try {
    expect(await reopened.countEvents('bench')).toBe(VISITORS * PER_VISITOR);
    const range = { from: 0, to: 2_000_000_000_000 };
    const times: number[] = [];
    let rows = await reopened.funnel('bench', 'bar', range);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      rows = await reopened.funnel('bench', 'bar', range);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const t = performance.now();
    await reopened.conversionOverTime('bench', 'bar', range);
    const overTimeMs = performance.now() - t;
    console.log(
      `funnel report over ${VISITORS * PER_VISITOR} events: median ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)}) ` +
        `over 5 runs; conversion-over-time ${overTimeMs.toFixed(0)} ms; generating the data took ${(loadMs / 1000).toFixed(1)} s`,
    );
    // Even visitors add to cart, every 4th checks out, every 10th buys; red = visitors with (v // 2) even.
    const red = rows.find((r) => r.variant === 'red')!;
    const blue = rows.find((r) => r.variant === 'blue')!;
    expect(red.exposed + blue.exposed).toBe(VISITORS);
    expect(red.steps.view_item + blue.steps.view_item).toBe(VISITORS);
    expect(red.steps.add_to_cart + blue.steps.add_to_cart).toBe(VISITORS / 2);
    expect(red.steps.begin_checkout + blue.steps.begin_checkout).toBe(VISITORS / 4);
    expect(red.steps.purchase + blue.steps.purchase).toBe(VISITORS / 10);
    expect(red.revenue + blue.revenue).toBe((VISITORS / 10) * 50);
  } finally {
    await reopened.close();
  }
}, 120_000);
