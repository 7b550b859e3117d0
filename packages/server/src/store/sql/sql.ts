// The SQL seam both control databases satisfy (DuckDB embedded, Postgres at scale): features that keep control data
// (rewards, accounts, metrics, alerts) write their SQL once against it instead of once per backend.

/** A value bound to a `$n` placeholder. Times are epoch milliseconds (BIGINT); documents are JSON text. */
export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, unknown>;

/**
 * Positional placeholders `$1, $2, ...` and the SQL both engines accept: TEXT, BIGINT, INTEGER, DOUBLE PRECISION,
 * BOOLEAN; `INSERT ... ON CONFLICT ... DO UPDATE/NOTHING`, `RETURNING`; no SERIAL (ids are made by the caller), no
 * JSON operators (documents are TEXT parsed in TypeScript), no `FOR UPDATE`. BIGINT and numeric columns come back as
 * JS numbers on both.
 */
export interface Sql {
  readonly dialect: 'duckdb' | 'postgres';
  /** Runs one statement; its rows (none for a statement without RETURNING). */
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly SqlValue[]): Promise<R[]>;
  /**
   * Runs `task` in one transaction: its statements go through the `tx` it is given (never the outer Sql, which
   * waits for the transaction on DuckDB). Commits when the task resolves, rolls back and rejects when it throws.
   * Postgres runs it at READ COMMITTED: write a claim as one conditional UPDATE ... RETURNING and check the rows
   * it returned (a concurrent transaction that won makes it return none), so DuckDB's one-writer-at-a-time and
   * Postgres's row locks give the same answer.
   */
  transaction<T>(task: (tx: Sql) => Promise<T>): Promise<T>;
}

/** One schema step of a component; `sql` may hold several statements separated by `;` (no `;` inside literals). */
export interface Migration {
  version: number;
  why: string;
  sql: string;
}

const statements = (sql: string) =>
  sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Brings a component's tables up to date: each missing version runs in its own transaction together with the row
 * that records it, so a failed step leaves nothing half-done and two servers starting at once on one Postgres do not
 * both apply a step (the second one's insert of the version row conflicts, rolls back, and it moves on).
 */
export async function migrate(sql: Sql, component: string, migrations: readonly Migration[]): Promise<void> {
  if (sql.dialect !== 'postgres') return steps(sql, component, migrations);
  // Postgres runs DDL concurrently: two servers creating one table at once can fail on its catalog row, so migrations
  // take turns under one lock held by a transaction; each step is a savepoint in it, and all commit together.
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('nudge schema_versions'))");
    await steps(tx, component, migrations);
  });
}

async function steps(sql: Sql, component: string, migrations: readonly Migration[]): Promise<void> {
  await sql.query(
    `CREATE TABLE IF NOT EXISTS schema_versions (component TEXT NOT NULL, version INTEGER NOT NULL, why TEXT NOT NULL,
      applied_at BIGINT NOT NULL, PRIMARY KEY (component, version))`,
  );
  const done = new Set(
    (await sql.query<{ version: number }>('SELECT version FROM schema_versions WHERE component = $1', [component])).map(
      (r) => Number(r.version),
    ),
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    try {
      await sql.transaction(async (tx) => {
        await tx.query('INSERT INTO schema_versions VALUES ($1, $2, $3, $4)', [
          component,
          m.version,
          m.why,
          Date.now(),
        ]);
        for (const stmt of statements(m.sql)) await tx.query(stmt);
      });
    } catch (err) {
      const [again] = await sql.query('SELECT 1 AS x FROM schema_versions WHERE component = $1 AND version = $2', [
        component,
        m.version,
      ]);
      if (!again) throw new Error(`migration ${component} ${m.version} (${m.why}) failed`, { cause: err });
    }
  }
}

/**
 * `migrate` once, on first use: what a feature store calls before each statement. A failed run is tried again by the
 * next call (the database may have been away), never cached as a failure.
 */
export function migrateOnce(sql: Sql, component: string, migrations: readonly Migration[]): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () =>
    (ready ??= migrate(sql, component, migrations).catch((err: unknown) => {
      ready = undefined;
      throw err;
    }));
}
