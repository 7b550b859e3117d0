// The SQL seam on the embedded DuckDB file: writes and transactions on its one writer, plain reads on the reader.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Sql, SqlRow, SqlValue } from '../sql/sql.js';
import type { Connection } from './connection.js';

const plain = (v: DuckDBValue): unknown =>
  typeof v === 'bigint' ? Number(v) : v !== null && typeof v === 'object' && 'toDouble' in v ? Number(v.toDouble()) : v;

const rowsOf = (rows: Record<string, DuckDBValue>[]): SqlRow[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));

const isRead = (text: string) => /^\s*(select|with)\b/i.test(text);

/** Statements inside one transaction, on the writer the transaction holds. */
function inTransaction(conn: DuckDBConnection): Sql {
  const tx: Sql = {
    dialect: 'duckdb',
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlValue[] = []) {
      return rowsOf((await conn.runAndReadAll(text, [...params])).getRowObjects()) as R[];
    },
    transaction: (task) => task(tx),
  };
  return tx;
}

export function duckdbSql(db: Connection): Sql {
  return {
    dialect: 'duckdb',
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlValue[] = []) {
      if (isRead(text)) return rowsOf(await db.rows(text, [...params])) as R[];
      return db.writes.run(
        async () => rowsOf((await db.writer.runAndReadAll(text, [...params])).getRowObjects()) as R[],
      );
    },
    transaction: (task) => db.transaction((conn) => task(inTransaction(conn))),
  };
}
