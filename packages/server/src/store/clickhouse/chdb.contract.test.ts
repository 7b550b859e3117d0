// The same ClickHouse SQL on a current engine: chdb embeds ClickHouse 26.x, run here against the sink and report contract.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { analyticsContract } from '../contract/analytics.js';
import { eventSinkContract } from '../contract/event-sink.js';
import type { StoreFactory } from '../contract/index.js';
import { reportQueriesContract } from '../contract/reports.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { chdb, ChdbEngine } from '../../../../../test/support/engines/chdb.js';
import { composeStore } from '../compose.js';
import { openEvents } from './index.js';

if (!chdb) console.warn('[chdb contract] skipped: the chdb package is not installed');

describe.skipIf(!chdb)('ClickHouse events on chdb (current ClickHouse)', () => {
  const factory: StoreFactory = async () => {
    const path = mkdtempSync(join(tmpdir(), 'nudge-chdb-'));
    const started = async () => {
      const control = new DuckDBStore(':memory:');
      await control.init();
      return composeStore(control, await openEvents(new ChdbEngine(path)));
    };
    return { store: await started(), reopen: started };
  };
  eventSinkContract(factory);
  reportQueriesContract(factory);
  analyticsContract(factory);
});
