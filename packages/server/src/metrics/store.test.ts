// The metric store's contract on DuckDB, each case on a new in-memory database.
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import { metricStoreContract } from './store.contract.js';

metricStoreContract('duckdb', async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
});
