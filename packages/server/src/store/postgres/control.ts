// Control data on Postgres: meta, sites, write keys, config versions (announced with pg_notify), counters, retry keys.
import type { ControlDatabase, ControlStore, Lifecycle } from '../ports.js';
import { configFromRow as config, siteFromRow as site, writeKeyFromRow as writeKey } from '../record-rows.js';
import type { ConfigRecord, CountReport, SiteRecord, WriteKeyRecord } from '../records.js';
import { migrate, type Sql } from '../sql/sql.js';
import { CONFIG_CHANNEL, CONTROL_MIGRATIONS, SITE_CHANNEL } from './schema.js';
import { postgresClient, postgresSql, type PostgresClient, type PostgresClientOptions } from './sql.js';

/** How long retry keys are remembered: a tracker's saved queue may be resent on a visit days later (as on DuckDB). */
export const SEEN_KEEP_MS = 30 * 86_400_000;
/** How often a running server forgets expired retry keys. */
const SEEN_PRUNE_MS = 3_600_000;

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export class PostgresControl implements ControlStore, ControlDatabase, Lifecycle {
  /** The pool (LISTEN gets its own connection from it: see PostgresBus). */
  readonly client: PostgresClient;
  readonly sql: Sql;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  /** @param url `postgres://USER[:PASSWORD]@HOST:PORT/DB` */
  constructor(
    readonly url: string,
    opts: PostgresClientOptions = {},
  ) {
    this.client = postgresClient(url, opts);
    this.sql = postgresSql(this.client);
  }

  async init(): Promise<void> {
    await migrate(this.sql, 'control', CONTROL_MIGRATIONS);
    await this.pruneSeen();
    this.pruneTimer = setInterval(() => void this.pruneSeen().catch(() => undefined), SEEN_PRUNE_MS);
    this.pruneTimer.unref?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.client.end({ timeout: 5 });
  }

  /** Forgets retry keys older than SEEN_KEEP_MS (a copy arriving later than that counts, or is stored, again). */
  async pruneSeen(now = Date.now()): Promise<void> {
    await this.sql.query('DELETE FROM seen WHERE seen_at < $1', [now - SEEN_KEEP_MS]);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const [r] = await this.sql.query('SELECT value FROM meta WHERE key = $1', [key]);
    return r ? String(r.value) : undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.sql.query('INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]);
  }

  async countOnce(site: string, counter: string, reports: CountReport[]): Promise<number> {
    const keys = [...new Set(reports.flatMap((r) => r.keys))];
    return this.sql.transaction(async (tx) => {
      // Reports for one counter take turns across every instance: each must see what the one before it recorded.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`count ${site} ${counter}`]);
      const prev = new Map<string, number>();
      if (keys.length)
        for (const r of await tx.query(
          'SELECT key, n FROM seen WHERE site = $1 AND kind = $2 AND key IN (SELECT json_array_elements_text($3::json))',
          [site, counter, JSON.stringify(keys)],
        ))
          prev.set(String(r.key), num(r.n));
      let added = 0;
      for (const r of reports) {
        added += Math.max(0, r.n - Math.max(0, ...r.keys.map((k) => prev.get(k) ?? 0)));
        for (const k of r.keys) prev.set(k, Math.max(prev.get(k) ?? 0, r.n));
      }
      if (keys.length)
        await tx.query(
          `INSERT INTO seen SELECT $1, $2, k.key, k.n, $4 FROM json_to_recordset($3::json) AS k(key TEXT, n BIGINT)
           ON CONFLICT (site, kind, key) DO UPDATE SET n = greatest(seen.n, excluded.n)`,
          [site, counter, JSON.stringify(keys.map((k) => ({ key: k, n: Math.round(prev.get(k)!) }))), Date.now()],
        );
      if (added)
        await tx.query(
          `INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value =
           ((CASE WHEN meta.value ~ '^-?[0-9]{1,18}$' THEN meta.value::BIGINT ELSE 0 END) + excluded.value::BIGINT)::TEXT`,
          [`${counter}:${site}`, String(added)],
        );
      return added;
    });
  }

  async counter(site: string, counter: string): Promise<number> {
    return Number((await this.getMeta(`${counter}:${site}`)) ?? 0) || 0;
  }

  async firstSeen(site: string, kind: string, keys: string[], at: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!keys.length) return out;
    const list = JSON.stringify([...new Set(keys)]);
    // A concurrent insert of the same key waits for the other to commit, then does nothing: both read one time.
    await this.sql.query(
      `INSERT INTO seen SELECT $1, $2, k, 0, $4 FROM json_array_elements_text($3::json) AS k
       ON CONFLICT (site, kind, key) DO NOTHING`,
      [site, kind, list, Math.round(at)],
    );
    for (const r of await this.sql.query(
      'SELECT key, seen_at FROM seen WHERE site = $1 AND kind = $2 AND key IN (SELECT json_array_elements_text($3::json))',
      [site, kind, list],
    ))
      out.set(String(r.key), num(r.seen_at));
    return out;
  }

  async createSite(s: SiteRecord): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('INSERT INTO sites VALUES ($1, $2, $3, $4)', [
        s.id,
        s.name,
        JSON.stringify(s.allowedOrigins),
        s.createdAt,
      ]);
      await tx.query('SELECT pg_notify($1, $2)', [SITE_CHANNEL, s.id]);
    });
  }

  async getSite(id: string): Promise<SiteRecord | undefined> {
    const [r] = await this.sql.query('SELECT * FROM sites WHERE id = $1', [id]);
    return r ? site(r) : undefined;
  }

  async listSites(): Promise<SiteRecord[]> {
    return (await this.sql.query('SELECT * FROM sites ORDER BY created_at, id')).map(site);
  }

  async updateSite(id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>): Promise<void> {
    await this.sql.transaction(async (tx) => {
      if (patch.name !== undefined) await tx.query('UPDATE sites SET name = $2 WHERE id = $1', [id, patch.name]);
      if (patch.allowedOrigins !== undefined)
        await tx.query('UPDATE sites SET allowed_origins = $2 WHERE id = $1', [
          id,
          JSON.stringify(patch.allowedOrigins),
        ]);
      await tx.query('SELECT pg_notify($1, $2)', [SITE_CHANNEL, id]);
    });
  }

  async addWriteKey(key: WriteKeyRecord): Promise<void> {
    await this.sql.query('INSERT INTO write_keys VALUES ($1, $2, $3, $4)', [
      key.hash,
      key.site,
      key.prefix,
      key.createdAt,
    ]);
  }

  async listWriteKeys(site: string): Promise<WriteKeyRecord[]> {
    return (await this.sql.query('SELECT * FROM write_keys WHERE site = $1 ORDER BY created_at', [site])).map(writeKey);
  }

  async findWriteKey(hash: string): Promise<WriteKeyRecord | undefined> {
    const [r] = await this.sql.query('SELECT * FROM write_keys WHERE hash = $1', [hash]);
    return r ? writeKey(r) : undefined;
  }

  async deleteWriteKey(site: string, prefix: string): Promise<boolean> {
    const gone = await this.sql.query('DELETE FROM write_keys WHERE site = $1 AND prefix = $2 RETURNING hash', [
      site,
      prefix,
    ]);
    return gone.length > 0;
  }

  async insertConfig(rec: ConfigRecord): Promise<boolean> {
    // The primary key (site, version) decides across instances; the notification is sent by the same commit, so
    // no instance hears of a version that is not stored, and none is stored unannounced.
    return this.sql.transaction(async (tx) => {
      const inserted = await tx.query(
        'INSERT INTO configs VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (site, version) DO NOTHING RETURNING version',
        [
          rec.site,
          rec.version,
          JSON.stringify(rec.doc),
          rec.author,
          JSON.stringify(rec.action),
          JSON.stringify(rec.changes),
          rec.createdAt,
        ],
      );
      if (!inserted.length) return false;
      // The id, never the document: Postgres refuses payloads over 8,000 bytes.
      await tx.query('SELECT pg_notify($1, $2)', [CONFIG_CHANNEL, `${rec.site}:${rec.version}`]);
      return true;
    });
  }

  async getConfig(site: string, version: number): Promise<ConfigRecord | undefined> {
    const [r] = await this.sql.query('SELECT * FROM configs WHERE site = $1 AND version = $2', [site, version]);
    return r ? config(r) : undefined;
  }

  async latestConfig(site: string): Promise<ConfigRecord | undefined> {
    const [r] = await this.sql.query('SELECT * FROM configs WHERE site = $1 ORDER BY version DESC LIMIT 1', [site]);
    return r ? config(r) : undefined;
  }

  async configHistory(site: string): Promise<ConfigRecord[]> {
    return (await this.sql.query('SELECT * FROM configs WHERE site = $1 ORDER BY version DESC', [site])).map(config);
  }
}
