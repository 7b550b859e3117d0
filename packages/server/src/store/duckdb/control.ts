// Control data in DuckDB: meta, sites, write keys, config versions, counters and retry keys.
import { listValue } from '@duckdb/node-api';
import type { ControlStore } from '../ports.js';
import { configFromRow as config, siteFromRow as site, writeKeyFromRow as writeKey } from '../record-rows.js';
import type { ConfigRecord, CountReport, SiteRecord, WriteKeyRecord } from '../records.js';
import { num, type Connection } from './connection.js';

/** How long retry keys are remembered: a tracker's saved queue may be resent on a visit days later. */
export const SEEN_KEEP_MS = 30 * 86_400_000;

export class DuckDBControl implements ControlStore {
  constructor(private readonly db: Connection) {}

  /** Forgets retry keys older than SEEN_KEEP_MS (a copy arriving later than that counts, or is stored, again). */
  async pruneSeen(now = Date.now()): Promise<void> {
    await this.db.write('DELETE FROM seen WHERE seen_at < $t', { t: now - SEEN_KEEP_MS });
  }

  async getMeta(key: string): Promise<string | undefined> {
    const [r] = await this.db.rows('SELECT value FROM meta WHERE key = $key', { key });
    return r ? String(r.value) : undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.write('INSERT OR REPLACE INTO meta VALUES ($key, $value)', { key, value });
  }

  async countOnce(site: string, counter: string, reports: CountReport[]): Promise<number> {
    const keys = [...new Set(reports.flatMap((r) => r.keys))];
    return this.db.transaction(async (db) => {
      const prev = new Map<string, number>();
      if (keys.length) {
        const rows = (
          await db.runAndReadAll(
            'SELECT key, n FROM seen WHERE site = $site AND kind = $kind AND list_contains($keys, key)',
            { site, kind: counter, keys: listValue(keys) },
          )
        ).getRowObjects();
        for (const r of rows) prev.set(String(r.key), num(r.n));
      }
      let added = 0;
      for (const r of reports) {
        added += Math.max(0, r.n - Math.max(0, ...r.keys.map((k) => prev.get(k) ?? 0)));
        for (const k of r.keys) prev.set(k, Math.max(prev.get(k) ?? 0, r.n));
      }
      if (keys.length)
        await db.run(
          `
          INSERT INTO seen SELECT $site, $kind, unnest($keys), unnest($ns), $at
          ON CONFLICT DO UPDATE SET n = greatest(seen.n, excluded.n)`,
          {
            site,
            kind: counter,
            keys: listValue(keys),
            ns: listValue(keys.map((k) => BigInt(Math.round(prev.get(k)!)))),
            at: Date.now(),
          },
        );
      if (added)
        await db.run(
          `
          INSERT INTO meta VALUES ($key, $n) ON CONFLICT DO UPDATE
          SET value = (coalesce(TRY_CAST(meta.value AS BIGINT), 0) + CAST(excluded.value AS BIGINT))::VARCHAR`,
          { key: `${counter}:${site}`, n: String(added) },
        );
      return added;
    });
  }

  async counter(site: string, counter: string): Promise<number> {
    // After queued writes, so a count an answered request made is in.
    await this.db.writes.run(async () => undefined);
    return Number((await this.getMeta(`${counter}:${site}`)) ?? 0) || 0;
  }

  async firstSeen(site: string, kind: string, keys: string[], at: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!keys.length) return out;
    const unique = [...new Set(keys)];
    return this.db.transaction(async (db) => {
      await db.run('INSERT INTO seen SELECT $site, $kind, unnest($keys), 0, $at ON CONFLICT DO NOTHING', {
        site,
        kind,
        keys: listValue(unique),
        at: Math.round(at),
      });
      const rows = (
        await db.runAndReadAll(
          'SELECT key, seen_at FROM seen WHERE site = $site AND kind = $kind AND list_contains($keys, key)',
          { site, kind, keys: listValue(unique) },
        )
      ).getRowObjects();
      for (const r of rows) out.set(String(r.key), num(r.seen_at));
      return out;
    });
  }

  async createSite(s: SiteRecord): Promise<void> {
    await this.db.write('INSERT INTO sites VALUES ($id, $name, $origins, $created)', {
      id: s.id,
      name: s.name,
      origins: JSON.stringify(s.allowedOrigins),
      created: s.createdAt,
    });
  }

  async getSite(id: string): Promise<SiteRecord | undefined> {
    const [r] = await this.db.rows('SELECT * FROM sites WHERE id = $id', { id });
    return r ? site(r) : undefined;
  }

  async listSites(): Promise<SiteRecord[]> {
    return (await this.db.rows('SELECT * FROM sites ORDER BY created_at, id')).map(site);
  }

  async updateSite(id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>): Promise<void> {
    if (patch.name !== undefined)
      await this.db.write('UPDATE sites SET name = $name WHERE id = $id', { id, name: patch.name });
    if (patch.allowedOrigins !== undefined)
      await this.db.write('UPDATE sites SET allowed_origins = $o WHERE id = $id', {
        id,
        o: JSON.stringify(patch.allowedOrigins),
      });
  }

  async addWriteKey(key: WriteKeyRecord): Promise<void> {
    await this.db.write('INSERT INTO write_keys VALUES ($hash, $site, $prefix, $created)', {
      hash: key.hash,
      site: key.site,
      prefix: key.prefix,
      created: key.createdAt,
    });
  }

  async listWriteKeys(site: string): Promise<WriteKeyRecord[]> {
    return (await this.db.rows('SELECT * FROM write_keys WHERE site = $site ORDER BY created_at', { site })).map(
      writeKey,
    );
  }

  async findWriteKey(hash: string): Promise<WriteKeyRecord | undefined> {
    const [r] = await this.db.rows('SELECT * FROM write_keys WHERE hash = $hash', { hash });
    return r ? writeKey(r) : undefined;
  }

  async deleteWriteKey(site: string, prefix: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const found = (
        await db.runAndReadAll('DELETE FROM write_keys WHERE site = $site AND prefix = $prefix RETURNING hash', {
          site,
          prefix,
        })
      ).getRowObjects();
      return found.length > 0;
    });
  }

  async insertConfig(rec: ConfigRecord): Promise<boolean> {
    // The primary key (site, version) decides: of two publishes of one version, exactly one inserts a row.
    return this.db.transaction(async (db) => {
      const inserted = (
        await db.runAndReadAll(
          `INSERT INTO configs VALUES ($site, $version, $doc, $author, $action, $changes, $created)
           ON CONFLICT DO NOTHING RETURNING version`,
          {
            site: rec.site,
            version: rec.version,
            doc: JSON.stringify(rec.doc),
            author: rec.author,
            action: JSON.stringify(rec.action),
            changes: JSON.stringify(rec.changes),
            created: rec.createdAt,
          },
        )
      ).getRowObjects();
      return inserted.length > 0;
    });
  }

  async getConfig(site: string, version: number): Promise<ConfigRecord | undefined> {
    const [r] = await this.db.rows('SELECT * FROM configs WHERE site = $site AND version = $version', {
      site,
      version,
    });
    return r ? config(r) : undefined;
  }

  async latestConfig(site: string): Promise<ConfigRecord | undefined> {
    const [r] = await this.db.rows('SELECT * FROM configs WHERE site = $site ORDER BY version DESC LIMIT 1', { site });
    return r ? config(r) : undefined;
  }

  async configHistory(site: string): Promise<ConfigRecord[]> {
    return (await this.db.rows('SELECT * FROM configs WHERE site = $site ORDER BY version DESC', { site })).map(config);
  }
}
