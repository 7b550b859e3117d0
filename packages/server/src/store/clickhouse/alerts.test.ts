// The conversion alert on ClickHouse events (two shards): a one-day drop fires once and resolves once, as on DuckDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { AlertScheduler } from '../../alerts/scheduler.js';
import { alertSources } from '../../alerts/sources.js';
import { AlertStore } from '../../alerts/store.js';
import { row } from '../contract/fixtures.js';
import { dashboardQueriesOf } from '../dashboard-queries.js';
import { Connection } from '../duckdb/connection.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { duckdbSql } from '../duckdb/sql.js';
import type { Store } from '../ports.js';
import type { EventRow } from '../records.js';
import { composeStore } from '../compose.js';
import { openEvents } from './index.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);
const DROP = 33;
const DAYS = 37;

/** 37 days of 150 visitors a day (a page view, and for 15 to 21 of them an order); on day DROP only 3 buy. */
function traffic(site: string): EventRow[] {
  const out: EventRow[] = [];
  for (let d = 0; d < DAYS; d++) {
    const buyers = d === DROP ? 3 : 15 + (d % 7);
    for (let v = 0; v < 150; v++) {
      const anon = `d${d}v${v}`;
      const at = START + d * DAY + v * 60_000;
      out.push(row(site, 'page_view', at, anon, { sessionId: anon }));
      if (v < buyers)
        out.push(
          row(site, 'purchase', at + 1000, anon, {
            sessionId: anon,
            value: 40,
            transactionId: `T${d}-${v}`,
            props: { transaction_id: `T${d}-${v}`, value: 40, currency: 'USD', items: [] },
          }),
        );
    }
  }
  return out;
}

/** The scheduler over `store`'s events, run once an hour after each day closes, from four weeks of history on. */
async function conversionAlerts(store: Store, control: Connection) {
  const alerts = new AlertStore(duckdbSql(control));
  const sources = alertSources(store, dashboardQueriesOf(store), {
    config: () => undefined,
    history: async () => [],
  });
  const s = new AlertScheduler({
    store: alerts,
    sources,
    sites: () => ['shop'],
    deliver: async () => ({ ok: true }),
    holder: 'a',
  });
  for (let d = 29; d < DAYS; d++) await s.runOnce(START + d * DAY + 3_600_000);
  return alerts.events('shop', { rule: 'conversion-drop' });
}

describe.skipIf(!clickHouseBinary())('alerts on ClickHouse events', () => {
  let engine: ClickHouseEngine;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
  }, 120_000);
  afterAll(() => engine?.stop(), 60_000);

  it('a conversion drop on one day fires once, at the first run after it, and resolves once; DuckDB agrees', async () => {
    const rows = traffic('shop');
    const hosts = engine.shards.map((u) => new URL(u).host).join(',');
    const control = new DuckDBStore(':memory:');
    await control.init();
    const ch = composeStore(control, await openEvents(`clickhouse://${hosts}/alerts_${process.pid}`));
    const duck = new DuckDBStore(':memory:');
    await duck.init();
    const [a, b] = [new Connection(':memory:'), new Connection(':memory:')];
    await a.open();
    await b.open();
    try {
      for (const s of [ch, duck]) {
        s.append(rows);
        await s.flush();
      }
      let t = performance.now();
      const onClickHouse = await conversionAlerts(ch, a);
      const chMs = performance.now() - t;
      expect(onClickHouse.map((e) => e.kind)).toEqual(['resolved', 'fired']);
      const fired = onClickHouse[1]!;
      expect(fired.at).toBe(START + (DROP + 1) * DAY + 3_600_000);
      expect(fired.figures).toMatchObject({ metric: 'conversion_rate', value: 3 / 150, volume: 150 });
      expect(fired.figures.value as number).toBeLessThan(fired.figures.limit as number);
      t = performance.now();
      const onDuckDB = await conversionAlerts(duck, b);
      console.log(
        `alerts: ${DAYS - 29} daily runs over ${rows.length} events took ${chMs.toFixed(0)} ms on ClickHouse (two shards), ` +
          `${(performance.now() - t).toFixed(0)} ms on DuckDB`,
      );
      const same = (events: typeof onClickHouse) => events.map(({ kind, at, figures }) => ({ kind, at, figures }));
      expect(same(onClickHouse)).toEqual(same(onDuckDB));
    } finally {
      await ch.close();
      await duck.close();
      a.close();
      b.close();
    }
  }, 600_000);
});
