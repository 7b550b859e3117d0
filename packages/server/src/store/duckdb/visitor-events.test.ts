// Visitor data requests over the DuckDB event store (the contract shared with ClickHouse).
import { describe } from 'vitest';
import { visitorEventsContract } from '../../rewards/visitor-events.contract.js';
import { DuckDBStore } from './duckdb-store.js';

describe('visitor events', () => {
  visitorEventsContract('duckdb', async () => {
    const store = new DuckDBStore(':memory:');
    await store.init();
    return { events: store, close: () => store.close() };
  });
});
