// The DuckDB schema as numbered migrations, run on start: a file written by any older server is brought up to date.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ConfigAction, ConfigChange } from '../../config/history.js';
import { num, type Connection } from './connection.js';

export const EVENT_COLUMNS = `
  id VARCHAR NOT NULL, id_ms BIGINT NOT NULL, site VARCHAR NOT NULL, name VARCHAR NOT NULL, ts BIGINT NOT NULL, received_at BIGINT NOT NULL,
  anonymous_id VARCHAR, user_id VARCHAR, session_id VARCHAR, seq INTEGER, url VARCHAR, path VARCHAR, referrer VARCHAR,
  experiments VARCHAR, forced VARCHAR, props VARCHAR, context VARCHAR, source VARCHAR,
  exp_key VARCHAR, exp_variant VARCHAR, exp_forced BOOLEAN, value DOUBLE, transaction_id VARCHAR, ref_code VARCHAR,
  widget VARCHAR`;

/** A row the collector converted to nudge_error because the sender's props were invalid (see ingest/validate.ts). */
export const INVALID_PROPS = `name = 'nudge_error' AND json_extract_string(props, '$.code') = 'invalid_props'
  AND json_exists(props, '$.original_props')`;

const statements = (sql: string) =>
  sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Each step may meet a file that already has it (written before versions were recorded), so each checks first. */
const MIGRATIONS: { version: number; why: string; run(db: DuckDBConnection): Promise<void> }[] = [
  {
    version: 1,
    why: 'the tables',
    async run(db) {
      for (const stmt of statements(`
        CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS sites (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, allowed_origins VARCHAR NOT NULL, created_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS write_keys (hash VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, prefix VARCHAR NOT NULL, created_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS configs (site VARCHAR NOT NULL, version INTEGER NOT NULL, doc VARCHAR NOT NULL, author VARCHAR NOT NULL,
          message VARCHAR NOT NULL, changes VARCHAR NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (site, version));
        CREATE TABLE IF NOT EXISTS events (${EVENT_COLUMNS});
        CREATE TABLE IF NOT EXISTS staging (${EVENT_COLUMNS});
        CREATE TABLE IF NOT EXISTS quarantine (site VARCHAR NOT NULL, id VARCHAR, reason VARCHAR NOT NULL, row VARCHAR NOT NULL,
          quarantined_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS seen (site VARCHAR NOT NULL, kind VARCHAR NOT NULL, key VARCHAR NOT NULL, n BIGINT NOT NULL,
          seen_at BIGINT NOT NULL, PRIMARY KEY (site, kind, key))`))
        await db.run(stmt);
    },
  },
  {
    // Older servers counted an event stored as nudge_error (invalid props) as rejected too; `refused` counts only what
    // was not stored, so those rows come off the old total (which may also hold resends, so it stays an estimate).
    version: 2,
    why: 'rejected counters become refused',
    async run(db) {
      await db.run(`
        INSERT INTO meta SELECT 'refused:' || substr(m.key, 10), greatest(0, coalesce(TRY_CAST(m.value AS BIGINT), 0) -
          (SELECT count(*) FROM events e WHERE e.site = substr(m.key, 10) AND ${INVALID_PROPS}))::VARCHAR
        FROM meta m WHERE starts_with(m.key, 'rejected:') ON CONFLICT DO NOTHING`);
      await db.run(`DELETE FROM meta WHERE starts_with(key, 'rejected:')`);
      await db.run(`UPDATE seen SET kind = 'refused' WHERE kind = 'rejected'`);
    },
  },
  {
    version: 3,
    why: 'config history as data: an action and structured changes instead of English',
    async run(db) {
      if (!(await hasColumn(db, 'configs', 'message'))) return;
      const old = (await db.runAndReadAll('SELECT * FROM configs')).getRowObjects();
      await db.run(`CREATE TABLE configs_v3 (site VARCHAR NOT NULL, version INTEGER NOT NULL, doc VARCHAR NOT NULL,
        author VARCHAR NOT NULL, action VARCHAR NOT NULL, changes VARCHAR NOT NULL, created_at BIGINT NOT NULL,
        PRIMARY KEY (site, version))`);
      for (const r of old)
        await db.run('INSERT INTO configs_v3 VALUES ($site, $version, $doc, $author, $action, $changes, $created)', {
          site: String(r.site),
          version: num(r.version),
          doc: String(r.doc),
          author: String(r.author),
          action: JSON.stringify(oldAction(String(r.message))),
          changes: JSON.stringify(oldChanges(String(r.changes))),
          created: num(r.created_at),
        });
      await db.run('DROP TABLE configs');
      await db.run('ALTER TABLE configs_v3 RENAME TO configs');
    },
  },
  {
    // Reports name a widget's type from its events, not by reading every config version again.
    version: 4,
    why: 'events carry their widget type',
    async run(db) {
      for (const table of ['events', 'staging'])
        if (!(await hasColumn(db, table, 'widget_type')))
          await db.run(`ALTER TABLE ${table} ADD COLUMN widget_type VARCHAR`);
      // Older rows: the type the newest config version that had the widget gave it.
      await db.run(`
        UPDATE events SET widget_type = t.type FROM (
          SELECT site, w.id AS id, arg_max(w.type, version) AS type FROM (
            SELECT site, version, unnest(from_json(json_extract(doc, '$.widgets'), '[{"id":"VARCHAR","type":"VARCHAR"}]')) AS w
            FROM configs
          ) WHERE w.id IS NOT NULL AND w.type IS NOT NULL GROUP BY site, w.id
        ) t
        WHERE events.widget_type IS NULL AND events.widget IS NOT NULL AND events.site = t.site AND events.widget = t.id`);
    },
  },
];

async function hasColumn(db: DuckDBConnection, table: string, column: string): Promise<boolean> {
  const rows = (
    await db.runAndReadAll(
      'SELECT 1 FROM information_schema.columns WHERE table_name = $table AND column_name = $column',
      { table, column },
    )
  ).getRowObjects();
  return rows.length > 0;
}

/** The old words for a weight split (`a=1, b=2`), or undefined when they are not that. */
function oldWeights(text: string): Record<string, number> | undefined {
  const weights: Record<string, number> = {};
  for (const part of text.split(', ')) {
    const m = /^(\S+)=(\S+)$/.exec(part);
    const w = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(w)) return undefined;
    weights[m[1]!] = w;
  }
  return weights;
}

/** What each message the old server, console and demo seeding wrote stood for; the first that matches wins. */
const OLD_MESSAGES: [RegExp, (m: string[]) => ConfigAction | undefined][] = [
  [/^rollback to version (\d+)$/, (m) => ({ type: 'rollback', to: Number(m[1]) })],
  [
    /^(start|pause|stop) experiment (\S+?)(?:, ship (\S+))?$/,
    (m) => experiment(m[2]!, m[1]!, m[3] ? { winner: m[3] } : undefined),
  ],
  // the old words rounded traffic to whole percents, so that is all the precision there is
  [/^experiment (\S+): traffic (\d+)%$/, (m) => experiment(m[1]!, 'traffic', { traffic: Number(m[2]) / 100 })],
  [
    /^experiment (\S+): weights (.+)$/,
    (m) => {
      const weights = oldWeights(m[2]!);
      return weights && experiment(m[1]!, 'weights', { weights });
    },
  ],
  [/^widget (\S+): (on|off|settings)$/, (m) => ({ type: 'widget', widget: m[1]!, action: m[2]! })],
  [/^site created$/, () => ({ type: 'create' })],
  [/^demo site: four widgets, two running experiments$/, () => ({ type: 'create', demo: true })],
];

function experiment(key: string, action: string, args?: Record<string, unknown>): ConfigAction {
  return { type: 'experiment', experiment: key, action, ...(args ? { args } : {}) };
}

/** The action an old history message stood for (the words the server used to write). */
export function oldAction(message: string): ConfigAction {
  for (const [re, action] of OLD_MESSAGES) {
    const m = re.exec(message);
    const a = m && action([...m]);
    if (a) return a;
  }
  return message ? { type: 'publish', note: message } : { type: 'publish' };
}

const value = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // the old summary cut long values to 57 characters and '...'; the cut text is all there is
    return text;
  }
};

/** The old English lines (`+ path: value`, `- path`, `path: before -> after`) read back as changes. */
export function oldChanges(text: string): ConfigChange[] {
  let lines: unknown;
  try {
    lines = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(lines)) return [];
  return lines.flatMap((line): ConfigChange[] => {
    if (typeof line !== 'string') return [];
    const added = /^\+ ([^:]+): (.*)$/s.exec(line);
    if (added) return [{ path: added[1]!.split('.'), after: value(added[2]!) }];
    const removed = /^- (.+)$/s.exec(line);
    if (removed) return [{ path: removed[1]!.split('.') }];
    const changed = /^([^:]+): (.*) -> (.*)$/s.exec(line);
    if (changed) return [{ path: changed[1]!.split('.'), before: value(changed[2]!), after: value(changed[3]!) }];
    return [];
  });
}

/** Brings the file to the newest schema, each migration in its own transaction, recorded when it is done. */
export async function migrate(conn: Connection): Promise<void> {
  await conn.write(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
  );
  const done = new Set((await conn.rows('SELECT version FROM schema_migrations')).map((r) => num(r.version)));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await conn.transaction(async (db) => {
      await m.run(db);
      await db.run('INSERT INTO schema_migrations VALUES ($v, $at)', { v: m.version, at: Date.now() });
    });
  }
}
