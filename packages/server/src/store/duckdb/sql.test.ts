// The DuckDB adapter of the SQL seam against its contract, each case on a new in-memory database.
import { Connection } from './connection.js';
import { duckdbSql } from './sql.js';
import { sqlContract } from '../sql/sql.contract.js';

sqlContract('duckdb', async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
});
