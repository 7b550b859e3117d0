// The two control databases for a store's tests on the SQL seam: DuckDB in memory and, when its binaries are here, a
// fresh Postgres database each time; for describe.each, a backend without its engine is undefined (its cases skip).
import { afterAll, beforeAll } from 'vitest';
import { Connection } from '../../../packages/server/src/store/duckdb/connection.js';
import { duckdbSql } from '../../../packages/server/src/store/duckdb/sql.js';
import type { SqlFactory } from '../../../packages/server/src/store/sql/sql.contract.js';
import { freshPostgresSql, postgresMissing, sharedPostgres, stopSharedPostgres } from './postgres.js';

export const duckdbMemory: SqlFactory = async () => {
  const db = new Connection(':memory:');
  await db.open();
  return { sql: duckdbSql(db), close: async () => db.close() };
};

/**
 * `[name, open]` per control database; registers the shared Postgres's start (before the cases: initdb and the first
 * start take seconds on a busy machine) and stop, and says once why its cases are skipped when it is missing.
 */
export function controlSqlBackends(): [string, SqlFactory | undefined][] {
  const missing = postgresMissing();
  if (missing) console.warn(`postgres cases skipped: ${missing}`);
  beforeAll(() => (missing ? undefined : sharedPostgres().then(() => undefined)), 60_000);
  afterAll(stopSharedPostgres);
  return [
    ['duckdb', duckdbMemory],
    ['postgres', missing ? undefined : freshPostgresSql],
  ];
}
