// Moving a single server to Postgres: its DuckDB file's control data copied, once, into an empty control database.
import type { Sql, SqlRow } from '../sql/sql.js';

/** The control tables, parents first; the same columns on both engines. */
const TABLES = ['meta', 'sites', 'write_keys', 'configs', 'seen'] as const;
const BATCH = 1000;

/**
 * Copies meta (the admin token's hash, counters), sites, write keys, config versions and retry keys from `from` into
 * `to` when `to` has no site, no config and no meta yet and `from` has any of them; one transaction under a lock, so
 * two instances starting together copy once. Returns the rows copied per table (empty when nothing was copied).
 */
export async function importControlData(from: Sql, to: Sql): Promise<Partial<Record<(typeof TABLES)[number], number>>> {
  const count = async (sql: Sql, table: string) =>
    Number((await sql.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n ?? 0);
  const has = async (sql: Sql) =>
    (await count(sql, 'sites')) + (await count(sql, 'configs')) + (await count(sql, 'meta')) > 0;
  if (!(await has(from))) return {};
  return to.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('nudge import control data'))");
    if (await has(tx)) return {};
    const copied: Partial<Record<(typeof TABLES)[number], number>> = {};
    for (const table of TABLES) {
      const rows = await from.query<SqlRow>(`SELECT * FROM ${table}`);
      for (let i = 0; i < rows.length; i += BATCH)
        await tx.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [
          JSON.stringify(rows.slice(i, i + BATCH)),
        ]);
      copied[table] = rows.length;
    }
    return copied;
  });
}
