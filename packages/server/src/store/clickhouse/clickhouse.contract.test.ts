// The ClickHouse events backend (two shards) against the event-sink and report contract, control data on DuckDB.
import { afterAll, beforeAll, describe } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { analyticsContract } from '../contract/analytics.js';
import { eventSinkContract } from '../contract/event-sink.js';
import type { StoreFactory } from '../contract/index.js';
import { reportQueriesContract } from '../contract/reports.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { composeStore } from '../compose.js';
import { openEvents } from './index.js';

const bin = clickHouseBinary();
if (!bin)
  console.warn(
    '[clickhouse contract] skipped: clickhouse-server is not installed (apt-get install -y clickhouse-server)',
  );

describe.skipIf(!bin)('ClickHouse events, two shards', () => {
  let engine: ClickHouseEngine;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
  }, 120_000);
  afterAll(() => engine?.stop());

  let n = 0;
  /** Each case on its own database across both shards: fresh storage, and a restart reopens the same one. */
  const factory: StoreFactory = async () => {
    const hosts = engine.shards.map((s) => new URL(s).host).join(',');
    const url = `clickhouse://${hosts}/contract_${process.pid}_${++n}`;
    const started = async () => {
      const control = new DuckDBStore(':memory:');
      await control.init();
      return composeStore(control, await openEvents(url));
    };
    return { store: await started(), reopen: started };
  };

  eventSinkContract(factory);
  reportQueriesContract(factory);
  analyticsContract(factory);
});
