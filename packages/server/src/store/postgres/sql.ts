// The SQL seam on Postgres through the `postgres` client (porsager): a pool, BIGINT and numeric read as JS numbers.
import postgres from 'postgres';
import type { Sql, SqlRow, SqlValue } from '../sql/sql.js';

/** int8 and numeric come back as text by default (they can exceed 2^53); the seam promises numbers on both engines. */
const asNumber = (from: number[], to: number) => ({ to, from, serialize: (x: number) => String(x), parse: Number });

/**
 * JSON stays text both ways, as the seam says documents are: a `$1::json` parameter is the caller's JSON text (the
 * client would otherwise encode the string again, as a JSON string), and a json column reads back as its text.
 */
const jsonText = (from: number[], to: number) => ({
  to,
  from,
  serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
  parse: (x: string) => x,
});

export type PostgresClient = postgres.Sql<Record<string, never>>;

export interface PostgresClientOptions {
  /** pool size (default 10) */
  max?: number;
  /** seconds to wait for a connection (default 10) */
  connectTimeout?: number;
}

/** A pooled client for `url` (`postgres://USER[:PASSWORD]@HOST:PORT/DB`) with the seam's type rules. */
export function postgresClient(url: string, opts: PostgresClientOptions = {}): PostgresClient {
  return postgres(url, {
    max: opts.max ?? 10,
    connect_timeout: opts.connectTimeout ?? 10,
    // `CREATE TABLE IF NOT EXISTS` and friends send notices; they are not errors and need no log line.
    onnotice: () => undefined,
    types: {
      int8: asNumber([20], 20),
      numeric: asNumber([1700], 1700),
      json: jsonText([114], 114),
      jsonb: jsonText([3802], 3802),
    },
  }) as unknown as PostgresClient;
}

type Runner = Pick<postgres.TransactionSql, 'unsafe'>;

/** Result arrays carry the statement's metadata; the seam hands out plain rows. */
const plain = (rows: readonly postgres.Row[]): SqlRow[] => rows.map((r) => ({ ...r }));

function inTransaction(tx: postgres.TransactionSql): Sql {
  return {
    dialect: 'postgres',
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlValue[] = []) {
      return plain(await (tx as Runner).unsafe(text, [...params])) as R[];
    },
    // A nested transaction is a savepoint: its failure undoes only its own statements.
    transaction: (task) => tx.savepoint((inner) => task(inTransaction(inner))) as never,
  };
}

export function postgresSql(client: PostgresClient): Sql {
  return {
    dialect: 'postgres',
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlValue[] = []) {
      return plain(await client.unsafe(text, [...params])) as R[];
    },
    transaction: (task) => client.begin((tx) => task(inTransaction(tx))) as never,
  };
}
