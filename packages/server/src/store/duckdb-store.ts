// The embedded default store: DuckDB in the data folder; events batched through an appender into a staging table.
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  DuckDBInstance,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import type {
  ConfigRecord,
  ConversionPoint,
  CountReport,
  DisplayedClaim,
  ErrorReport,
  EventRow,
  ExposurePeriodRow,
  FunnelVariantRow,
  ReferralRow,
  ReportScope,
  SiteRecord,
  Store,
  TimeRange,
  VitalsRow,
  WidgetRow,
  WriteKeyRecord,
} from './store.js';
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigAction, ConfigChange } from '../config/history.js';

const EVENT_COLUMNS = `
  id VARCHAR NOT NULL, id_ms BIGINT NOT NULL, site VARCHAR NOT NULL, name VARCHAR NOT NULL, ts BIGINT NOT NULL, received_at BIGINT NOT NULL,
  anonymous_id VARCHAR, user_id VARCHAR, session_id VARCHAR, seq INTEGER, url VARCHAR, path VARCHAR, referrer VARCHAR,
  experiments VARCHAR, forced VARCHAR, props VARCHAR, context VARCHAR, source VARCHAR,
  exp_key VARCHAR, exp_variant VARCHAR, exp_forced BOOLEAN, value DOUBLE, transaction_id VARCHAR, ref_code VARCHAR,
  widget VARCHAR, widget_type VARCHAR`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS sites (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, allowed_origins VARCHAR NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS write_keys (hash VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, prefix VARCHAR NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS configs (site VARCHAR NOT NULL, version INTEGER NOT NULL, doc VARCHAR NOT NULL, author VARCHAR NOT NULL,
  message VARCHAR NOT NULL, changes VARCHAR NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (site, version));
CREATE TABLE IF NOT EXISTS events (${EVENT_COLUMNS});
CREATE TABLE IF NOT EXISTS staging (${EVENT_COLUMNS});
ALTER TABLE events ADD COLUMN IF NOT EXISTS widget_type VARCHAR;
ALTER TABLE staging ADD COLUMN IF NOT EXISTS widget_type VARCHAR;
CREATE TABLE IF NOT EXISTS quarantine (site VARCHAR NOT NULL, id VARCHAR, reason VARCHAR NOT NULL, row VARCHAR NOT NULL,
  quarantined_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS seen (site VARCHAR NOT NULL, kind VARCHAR NOT NULL, key VARCHAR NOT NULL, n BIGINT NOT NULL,
  seen_at BIGINT NOT NULL, PRIMARY KEY (site, kind, key));
`;

/** A row the collector converted to nudge_error because the sender's props were invalid (see ingest/validate.ts). */
const INVALID_PROPS = `name = 'nudge_error' AND json_extract_string(props, '$.code') = 'invalid_props'
  AND json_exists(props, '$.original_props')`;

/** How long retry keys are remembered: a tracker's saved queue may be resent on a visit days later. */
export const SEEN_KEEP_MS = 30 * 86_400_000;
/** How often a running server forgets expired retry keys. */
const SEEN_PRUNE_MS = 3_600_000;

const FLUSH_EVERY_MS = 200;
const FLUSH_AT_ROWS = 10_000;

const INT64_LIMIT = 9.2e18;
const INT32_MAX = 2_147_483_647;
const isText = (v: unknown): boolean => typeof v === 'string';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isInt64 = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < INT64_LIMIT;

/**
 * Why a queued row cannot go into the events table (a value its column cannot hold), or undefined when it can. The
 * collector validates first; this is the store's own guard, so one bad row can never block the queue behind it.
 */
export function rowProblem(r: EventRow): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not a row';
  for (const k of ['id', 'site', 'name', 'source'] as const) if (!isText(r[k])) return `${k}: expected text`;
  for (const k of ['experiments', 'props', 'context'] as const)
    if (typeof r[k] !== 'object' || r[k] === null || Array.isArray(r[k])) return `${k}: expected an object`;
  if (!Array.isArray(r.forced)) return 'forced: expected an array';
  for (const k of [
    'anonymousId',
    'userId',
    'sessionId',
    'url',
    'path',
    'referrer',
    'expKey',
    'expVariant',
    'transactionId',
    'refCode',
    'widget',
    'widgetType',
  ] as const)
    if (!isTextOrNull(r[k])) return `${k}: expected text or null`;
  for (const k of ['idMs', 'ts', 'receivedAt'] as const)
    if (!isInt64(r[k])) return `${k}: ${String(r[k])} is out of BIGINT range`;
  if (r.seq !== null && !(Number.isInteger(r.seq) && Math.abs(r.seq) <= INT32_MAX))
    return `seq: ${String(r.seq)} is out of INTEGER range`;
  if (r.value !== null && !(typeof r.value === 'number' && Number.isFinite(r.value)))
    return `value: ${String(r.value)} is not a finite number`;
  if (typeof r.expForced !== 'boolean') return 'expForced: expected a boolean';
  return undefined;
}

/** A row set aside because it could not be written, and why. */
interface Quarantined {
  row: unknown;
  reason: string;
}

/** Runs tasks on one connection one at a time: a DuckDB connection is not meant for overlapping statements. */
class Serial {
  private last: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.last.then(task, task);
    this.last = next.catch(() => undefined);
    return next;
  }
}

type Row = Record<string, DuckDBValue>;

const str = (v: DuckDBValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: DuckDBValue | undefined): number => (v === null || v === undefined ? 0 : Number(v as number | bigint));
const numOrNull = (v: DuckDBValue | undefined): number | null =>
  v === null || v === undefined ? null : Number(v as number | bigint);

function toEventRow(r: Row): EventRow {
  return {
    id: String(r.id),
    idMs: num(r.id_ms),
    site: String(r.site),
    name: String(r.name),
    ts: num(r.ts),
    receivedAt: num(r.received_at),
    anonymousId: str(r.anonymous_id),
    userId: str(r.user_id),
    sessionId: str(r.session_id),
    seq: numOrNull(r.seq),
    url: str(r.url),
    path: str(r.path),
    referrer: str(r.referrer),
    experiments: JSON.parse(str(r.experiments) ?? '{}') as Record<string, string>,
    forced: JSON.parse(str(r.forced) ?? '[]') as string[],
    props: JSON.parse(str(r.props) ?? '{}') as Record<string, unknown>,
    context: JSON.parse(str(r.context) ?? '{}') as Record<string, unknown>,
    source: r.source === 'segment' ? 'segment' : 'web',
    expKey: str(r.exp_key),
    expVariant: str(r.exp_variant),
    expForced: r.exp_forced === true,
    value: numOrNull(r.value),
    transactionId: str(r.transaction_id),
    refCode: str(r.ref_code),
    widget: str(r.widget),
    widgetType: str(r.widget_type),
  };
}

/** JSON path for one key of an object column, quoted so any experiment key is safe. */
const keyPath = (key: string) => `$.${JSON.stringify(key)}`;
/** Events sent by `pnpm demo:traffic` and other simulators say `props.simulated: true` (parsed only when the text says so: cheap). */
const simulated = (props = 'props') =>
  `CASE WHEN contains(${props}, '"simulated"') THEN coalesce(TRY_CAST(json_extract_string(${props}, '$.simulated') AS BOOLEAN), false) ELSE false END`;

/** Distinct sets of figures the stock-banner audit lists (most shown first). */
const MAX_CLAIMS = 200;

export class DuckDBStore implements Store {
  private instance!: DuckDBInstance;
  private writer!: DuckDBConnection;
  private reader!: DuckDBConnection;
  private appender!: DuckDBAppender;
  private readonly writeQueue = new Serial();
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private readonly readQueue = new Serial();
  private queued: EventRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  /** @param path database file, or ':memory:' */
  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    this.instance = await DuckDBInstance.create(this.path);
    this.writer = await this.instance.connect();
    this.reader = await this.instance.connect();
    for (const stmt of SCHEMA.split(';')
      .map((s) => s.trim())
      .filter(Boolean))
      await this.writer.run(stmt);
    // Rows a crash left in staging were flushed by the appender, so they are kept.
    const [range] = (
      await this.writer.runAndReadAll('SELECT min(id_ms) AS lo, max(id_ms) AS hi FROM staging')
    ).getRowObjects();
    if (range?.lo !== null && range?.lo !== undefined) await this.moveStagingRange(num(range.lo), num(range.hi));
    this.appender = await this.writer.createAppender('staging');
    await this.migrateCounters();
    await this.pruneSeen();
    // A server that runs for months prunes as it goes, not only when it starts.
    this.pruneTimer = setInterval(() => void this.pruneSeen().catch(() => undefined), SEEN_PRUNE_MS);
    this.pruneTimer.unref?.();
    await this.recoverSpills();
  }

  /** Forgets retry keys older than SEEN_KEEP_MS (a copy arriving later than that counts, or is stored, again). */
  async pruneSeen(now = Date.now()): Promise<void> {
    await this.writeQueue.run(() => this.writer.run('DELETE FROM seen WHERE seen_at < $t', { t: now - SEEN_KEEP_MS }));
  }

  /**
   * Older servers counted an event stored as nudge_error (invalid props) as rejected too; `refused` counts only what
   * was not stored, so those rows come off the old total (which may also hold resends, so it stays an estimate).
   */
  private async migrateCounters(): Promise<void> {
    await this.writer.run(`
      INSERT INTO meta SELECT 'refused:' || substr(m.key, 10), greatest(0, coalesce(TRY_CAST(m.value AS BIGINT), 0) -
        (SELECT count(*) FROM events e WHERE e.site = substr(m.key, 10) AND ${INVALID_PROPS}))::VARCHAR
      FROM meta m WHERE starts_with(m.key, 'rejected:') ON CONFLICT DO NOTHING`);
    await this.writer.run(`DELETE FROM meta WHERE starts_with(key, 'rejected:')`);
    await this.writer.run(`UPDATE seen SET kind = 'refused' WHERE kind = 'rejected'`);
  }

  /**
   * Events a failed shutdown saved beside the database go back in (duplicates are skipped as always). Never stops the
   * server from starting: a line that is not a row is set aside in `quarantine`, and a file whose rows cannot be
   * written yet stays (its rows are queued and retried like any others; a later start reads it again, deduplicated).
   */
  private async recoverSpills(): Promise<void> {
    if (this.path === ':memory:') return;
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.unflushed-`;
    for (const name of readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.ndjson'))) {
      const file = join(dir, name);
      try {
        const rows: EventRow[] = [];
        const bad: Quarantined[] = [];
        for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
          if (!line.trim()) continue;
          try {
            rows.push(JSON.parse(line) as EventRow);
          } catch (err) {
            bad.push({
              row: line.slice(0, 100_000),
              reason: `${name} line ${i + 1}: not JSON (${(err as Error).message})`,
            });
          }
        }
        if (bad.length) await this.writeQueue.run(() => this.quarantine(bad));
        this.append(rows);
        await this.flush();
        unlinkSync(file);
        console.error(
          `[nudge-server] recovered ${rows.length} events from ${file}${bad.length ? ` (${bad.length} unreadable lines set aside in quarantine)` : ''}`,
        );
      } catch (err) {
        console.error(
          `[nudge-server] could not recover ${file} yet (${String(err)}); it is kept and its events stay queued`,
        );
        // Retried like any failed write (the file is read again, deduplicated, on the next start if this never succeeds).
        if (this.queued.length) this.flushFailed(err);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed || !this.appender) return;
    try {
      await this.flush();
    } catch (err) {
      // Last resort for acknowledged events: a file beside the database, read back by the next start.
      if (this.path === ':memory:') throw err;
      const file = `${this.path}.unflushed-${Date.now()}.ndjson`;
      writeFileSync(file, this.queued.map((r) => JSON.stringify(r)).join('\n'));
      console.error(
        `[nudge-server] could not write ${this.queued.length} events (${String(err)}); saved them to ${file}`,
      );
      this.queued = [];
    }
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.pruneTimer);
    await this.writeQueue.run(async () => {
      this.appender.closeSync();
      await this.writer.run('CHECKPOINT');
    });
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }

  /** Runs one SQL statement on the write connection, after queued events are stored (maintenance, fixtures). */
  async execute(sql: string): Promise<void> {
    await this.flush();
    await this.write(sql);
  }

  private write(sql: string, values?: Record<string, DuckDBValue>): Promise<void> {
    return this.writeQueue.run(async () => {
      await this.writer.run(sql, values);
    });
  }

  private rows(sql: string, values?: Record<string, DuckDBValue>): Promise<Row[]> {
    return this.readQueue.run(async () => (await this.reader.runAndReadAll(sql, values)).getRowObjects());
  }

  async getMeta(key: string): Promise<string | undefined> {
    const [r] = await this.rows('SELECT value FROM meta WHERE key = $key', { key });
    return r ? String(r.value) : undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.write('INSERT OR REPLACE INTO meta VALUES ($key, $value)', { key, value });
  }

  /** Runs `task` in one transaction on the write connection, after any queued write. */
  private transaction<T>(task: (db: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writeQueue.run(async () => {
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const out = await task(this.writer);
        await this.writer.run('COMMIT');
        return out;
      } catch (err) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async countOnce(site: string, counter: string, reports: CountReport[]): Promise<number> {
    const keys = [...new Set(reports.flatMap((r) => r.keys))];
    return this.transaction(async (db) => {
      const prev = new Map<string, number>();
      if (keys.length) {
        const rows = (
          await db.runAndReadAll(
            'SELECT key, n FROM seen WHERE site = $site AND kind = $kind AND list_contains($keys, key)',
            {
              site,
              kind: counter,
              keys: listValue(keys),
            },
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
    await this.writeQueue.run(async () => undefined);
    return Number((await this.getMeta(`${counter}:${site}`)) ?? 0) || 0;
  }

  async firstSeen(site: string, kind: string, keys: string[], at: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!keys.length) return out;
    const unique = [...new Set(keys)];
    return this.transaction(async (db) => {
      await db.run('INSERT INTO seen SELECT $site, $kind, unnest($keys), 0, $at ON CONFLICT DO NOTHING', {
        site,
        kind,
        keys: listValue(unique),
        at: Math.round(at),
      });
      const rows = (
        await db.runAndReadAll(
          'SELECT key, seen_at FROM seen WHERE site = $site AND kind = $kind AND list_contains($keys, key)',
          {
            site,
            kind,
            keys: listValue(unique),
          },
        )
      ).getRowObjects();
      for (const r of rows) out.set(String(r.key), num(r.seen_at));
      return out;
    });
  }

  async createSite(site: SiteRecord): Promise<void> {
    await this.write('INSERT INTO sites VALUES ($id, $name, $origins, $created)', {
      id: site.id,
      name: site.name,
      origins: JSON.stringify(site.allowedOrigins),
      created: site.createdAt,
    });
  }

  private static site(r: Row): SiteRecord {
    return {
      id: String(r.id),
      name: String(r.name),
      allowedOrigins: JSON.parse(String(r.allowed_origins)) as string[],
      createdAt: num(r.created_at),
    };
  }

  async getSite(id: string): Promise<SiteRecord | undefined> {
    const [r] = await this.rows('SELECT * FROM sites WHERE id = $id', { id });
    return r ? DuckDBStore.site(r) : undefined;
  }

  async listSites(): Promise<SiteRecord[]> {
    return (await this.rows('SELECT * FROM sites ORDER BY created_at, id')).map(DuckDBStore.site);
  }

  async updateSite(id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>): Promise<void> {
    if (patch.name !== undefined)
      await this.write('UPDATE sites SET name = $name WHERE id = $id', { id, name: patch.name });
    if (patch.allowedOrigins !== undefined)
      await this.write('UPDATE sites SET allowed_origins = $o WHERE id = $id', {
        id,
        o: JSON.stringify(patch.allowedOrigins),
      });
  }

  async addWriteKey(key: WriteKeyRecord): Promise<void> {
    await this.write('INSERT INTO write_keys VALUES ($hash, $site, $prefix, $created)', {
      hash: key.hash,
      site: key.site,
      prefix: key.prefix,
      created: key.createdAt,
    });
  }

  private static writeKey(r: Row): WriteKeyRecord {
    return { hash: String(r.hash), site: String(r.site), prefix: String(r.prefix), createdAt: num(r.created_at) };
  }

  async listWriteKeys(site: string): Promise<WriteKeyRecord[]> {
    return (await this.rows('SELECT * FROM write_keys WHERE site = $site ORDER BY created_at', { site })).map(
      DuckDBStore.writeKey,
    );
  }

  async findWriteKey(hash: string): Promise<WriteKeyRecord | undefined> {
    const [r] = await this.rows('SELECT * FROM write_keys WHERE hash = $hash', { hash });
    return r ? DuckDBStore.writeKey(r) : undefined;
  }

  async deleteWriteKey(site: string, prefix: string): Promise<boolean> {
    const found = await this.rows('SELECT hash FROM write_keys WHERE site = $site AND prefix = $prefix', {
      site,
      prefix,
    });
    if (!found.length) return false;
    await this.write('DELETE FROM write_keys WHERE site = $site AND prefix = $prefix', { site, prefix });
    return true;
  }

  async insertConfig(rec: ConfigRecord): Promise<boolean> {
    // The (site, version) key refuses a version taken since: nothing is written and the publisher is told.
    return this.writeQueue.run(async () => {
      const r = await this.writer.runAndReadAll(
        'INSERT INTO configs VALUES ($site, $version, $doc, $author, $message, $changes, $created) ON CONFLICT DO NOTHING RETURNING version',
        {
          site: rec.site,
          version: rec.version,
          doc: JSON.stringify(rec.doc),
          author: rec.author,
          message: JSON.stringify(rec.action),
          changes: JSON.stringify(rec.changes),
          created: rec.createdAt,
        },
      );
      return r.getRowObjects().length > 0;
    });
  }

  private static config(r: Row): ConfigRecord {
    return {
      site: String(r.site),
      version: num(r.version),
      doc: JSON.parse(String(r.doc)) as NudgeConfig,
      author: String(r.author),
      action: JSON.parse(String(r.message)) as ConfigAction,
      changes: JSON.parse(String(r.changes)) as ConfigChange[],
      createdAt: num(r.created_at),
    };
  }

  async getConfig(site: string, version: number): Promise<ConfigRecord | undefined> {
    const [r] = await this.rows('SELECT * FROM configs WHERE site = $site AND version = $version', { site, version });
    return r ? DuckDBStore.config(r) : undefined;
  }

  async latestConfig(site: string): Promise<ConfigRecord | undefined> {
    const [r] = await this.rows('SELECT * FROM configs WHERE site = $site ORDER BY version DESC LIMIT 1', { site });
    return r ? DuckDBStore.config(r) : undefined;
  }

  async configHistory(site: string): Promise<ConfigRecord[]> {
    return (await this.rows('SELECT * FROM configs WHERE site = $site ORDER BY version DESC', { site })).map(
      DuckDBStore.config,
    );
  }

  append(rows: EventRow[]): void {
    if (this.closed) throw new Error('store is closed');
    for (const r of rows) this.queued.push(r);
    if (this.queued.length >= FLUSH_AT_ROWS) void this.flush().catch(this.flushFailed);
    else if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(this.flushFailed), FLUSH_EVERY_MS);
  }

  /** The batch went back to the queue; say so and try again shortly rather than wait for the next event. */
  private readonly flushFailed = (err: unknown) => {
    console.error(`[nudge-server] writing ${this.queued.length} events failed, retrying:`, err);
    if (!this.closed && !this.timer) this.timer = setTimeout(() => void this.flush().catch(this.flushFailed), 1000);
  };

  pending(): number {
    return this.queued.length;
  }

  /** Appends the queue to staging, then moves it into events, ignoring ids already stored (exactly-once counts). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const prior = this.flushing ?? Promise.resolve();
    const next = prior.then(() => this.writeQueue.run(() => this.flushNow()));
    // The chain only orders flushes; each caller gets (and handles) its own flush's outcome.
    const settled: Promise<void> = next.then(
      () => undefined,
      () => undefined,
    );
    this.flushing = settled;
    void settled.then(() => {
      if (this.flushing === settled) this.flushing = undefined;
    });
    return next;
  }

  private async flushNow(): Promise<void> {
    if (!this.queued.length) return;
    const taken = this.queued;
    this.queued = [];
    const batch: EventRow[] = [];
    const bad: Quarantined[] = [];
    for (const r of taken) {
      const why = rowProblem(r);
      if (why) bad.push({ row: r, reason: why });
      else batch.push(r);
    }
    try {
      if (bad.length) await this.quarantine(bad);
    } catch (err) {
      // Not even the quarantine can be written (disk full?): keep everything queued, nothing acknowledged is lost.
      this.queued = taken.concat(this.queued);
      throw err;
    }
    if (!batch.length) return;
    try {
      await this.appendRows(batch);
      await this.moveStaging(batch);
    } catch (err) {
      await this.resetAppender(true);
      // Row by row: rows that fail while others go in are the rows' fault and are set aside; when none goes in the
      // store itself is failing, and the batch goes back to the queue for the next flush.
      const failed = await this.isolate(batch).catch(() => undefined);
      if (!failed) {
        this.queued = batch.concat(this.queued);
        throw err;
      }
      console.error(
        `[nudge-server] ${failed.length} of ${batch.length} events could not be written and were set aside in quarantine:`,
        err,
      );
    }
  }

  /** Appends rows through the appender (flushed into staging). */
  private async appendRows(rows: EventRow[]): Promise<void> {
    const a = this.appender;
    let n = 0;
    for (const r of rows) {
      // Appender calls are synchronous: yield now and then so requests keep being answered during a big flush.
      if (++n % 500 === 0) await new Promise((ok) => setImmediate(ok));
      a.appendVarchar(r.id);
      a.appendBigInt(BigInt(Math.round(r.idMs)));
      a.appendVarchar(r.site);
      a.appendVarchar(r.name);
      a.appendBigInt(BigInt(Math.round(r.ts)));
      a.appendBigInt(BigInt(Math.round(r.receivedAt)));
      for (const v of [r.anonymousId, r.userId, r.sessionId]) v === null ? a.appendNull() : a.appendVarchar(v);
      r.seq === null ? a.appendNull() : a.appendInteger(r.seq);
      for (const v of [r.url, r.path, r.referrer]) v === null ? a.appendNull() : a.appendVarchar(v);
      for (const v of [r.experiments, r.forced, r.props, r.context]) a.appendVarchar(JSON.stringify(v));
      a.appendVarchar(r.source);
      for (const v of [r.expKey, r.expVariant]) v === null ? a.appendNull() : a.appendVarchar(v);
      a.appendBoolean(r.expForced);
      r.value === null ? a.appendNull() : a.appendDouble(r.value);
      for (const v of [r.transactionId, r.refCode, r.widget, r.widgetType ?? null])
        v === null ? a.appendNull() : a.appendVarchar(v);
      a.endRow();
    }
    a.flushSync();
  }

  /**
   * Drops what the appender holds after a failed append (a half-appended row must not linger), with a fresh appender;
   * `emptyStaging` also drops the rows already flushed into staging.
   */
  private async resetAppender(emptyStaging: boolean): Promise<void> {
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      /* it held the half-appended row; dropped with it */
    }
    if (emptyStaging) await this.writer.run('DELETE FROM staging').catch(() => undefined);
    this.appender = await this.writer.createAppender('staging');
  }

  /**
   * Writes a batch that failed as a whole in halves, down to single rows. Returns the rows set aside in quarantine,
   * or undefined when nothing could be written, not even to the quarantine (the store is failing, not the rows).
   */
  private async isolate(batch: EventRow[]): Promise<Quarantined[] | undefined> {
    const ok: EventRow[] = [];
    const failed: Quarantined[] = [];
    const pending: EventRow[][] = [batch];
    // Bounded: every failing part is split in two, so there are at most 2 * batch.length parts.
    while (pending.length) {
      const part = pending.pop()!;
      try {
        await this.appendRows(part);
        ok.push(...part);
      } catch (err) {
        await this.resetAppender(false);
        if (part.length === 1) failed.push({ row: part[0], reason: String((err as Error)?.message ?? err) });
        else pending.push(part.slice(part.length >> 1), part.slice(0, part.length >> 1));
      }
    }
    if (!ok.length) {
      await this.writer.run('DELETE FROM staging').catch(() => undefined);
      // None went in: every row is bad (a lone bad row on a quiet site's flush), or the store is failing. Setting them
      // aside tells which: if the quarantine table takes them the store works, and retrying them would never end.
      return this.quarantine(failed).then(
        () => failed,
        () => undefined,
      );
    }
    await this.moveStaging(ok);
    await this.quarantine(failed);
    return failed;
  }

  /** Sets rows aside in the quarantine table (as JSON, with the reason), counted per site in /stats, and logs it. */
  private async quarantine(rows: Quarantined[]): Promise<void> {
    if (!rows.length) return;
    const at = Date.now();
    const field = (r: unknown, k: string): string | null => {
      const v = typeof r === 'object' && r !== null ? (r as Record<string, unknown>)[k] : undefined;
      return typeof v === 'string' ? v.slice(0, 1000) : null;
    };
    const text = (r: unknown): string => {
      try {
        return typeof r === 'string'
          ? r
          : (JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? 'null');
      } catch {
        return String(r);
      }
    };
    await this.writer.run(
      'INSERT INTO quarantine SELECT unnest($sites), unnest($ids), unnest($reasons), unnest($rows), $at',
      {
        sites: listValue(rows.map((q) => field(q.row, 'site') ?? '')),
        ids: listValue(rows.map((q) => field(q.row, 'id'))),
        reasons: listValue(rows.map((q) => q.reason.slice(0, 1000))),
        rows: listValue(rows.map((q) => text(q.row))),
        at,
      },
    );
    for (const q of rows.slice(0, 10))
      console.error(
        `[nudge-server] set aside an event that cannot be stored (site ${field(q.row, 'site') ?? '?'}, id ${field(q.row, 'id') ?? '?'}): ${q.reason}`,
      );
    if (rows.length > 10) console.error(`[nudge-server] ... and ${rows.length - 10} more; see the quarantine table`);
  }

  async countQuarantined(site: string): Promise<number> {
    await this.settle().catch(() => undefined);
    const [r] = await this.rows('SELECT count(*)::BIGINT AS n FROM quarantine WHERE site = $site', { site });
    return num(r?.n ?? 0);
  }

  /**
   * Staging -> events, skipping ids already stored. A duplicate carries the same id and so the same id_ms; the
   * constant id_ms range lets DuckDB's zone maps skip every row group outside the batch's time span, so the check
   * costs what the batch costs, not what the table holds (a unique index on 1M varchar ids made loads ~10x slower).
   */
  private async moveStaging(rows: EventRow[]): Promise<void> {
    let lo = Infinity,
      hi = -Infinity;
    for (const r of rows) {
      if (r.idMs < lo) lo = r.idMs;
      if (r.idMs > hi) hi = r.idMs;
    }
    await this.moveStagingRange(lo, hi);
  }

  private async moveStagingRange(lo: number, hi: number): Promise<void> {
    await this.writer.run(
      `
      INSERT INTO events SELECT s.* FROM (SELECT DISTINCT ON (site, id) * FROM staging) s
      WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id_ms BETWEEN $lo AND $hi AND e.site = s.site AND e.id = s.id)`,
      { lo: Math.floor(lo), hi: Math.ceil(hi) },
    );
    await this.writer.run('DELETE FROM staging');
  }

  async countEvents(site: string): Promise<number> {
    await this.settle();
    const [r] = await this.rows('SELECT count(*)::BIGINT AS n FROM events WHERE site = $site', { site });
    return num(r?.n ?? 0);
  }

  async countInvalidProps(site: string): Promise<number> {
    await this.settle();
    const [r] = await this.rows(`SELECT count(*)::BIGINT AS n FROM events WHERE site = $site AND ${INVALID_PROPS}`, {
      site,
    });
    return num(r?.n ?? 0);
  }

  async visitorsForUsers(site: string, userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!userIds.length) return out;
    const rows = await this.rows(
      `
      SELECT user_id, arg_max(anonymous_id, ts) AS anon FROM events
      WHERE site = $site AND list_contains($ids, user_id) AND anonymous_id IS NOT NULL AND NOT starts_with(anonymous_id, 'user:')
      GROUP BY user_id`,
      { site, ids: listValue(userIds) },
    );
    for (const r of rows) out.set(String(r.user_id), String(r.anon));
    for (const e of this.queued)
      if (
        e.site === site &&
        e.userId &&
        e.anonymousId &&
        !e.anonymousId.startsWith('user:') &&
        userIds.includes(e.userId)
      )
        out.set(e.userId, e.anonymousId);
    return out;
  }

  /**
   * Read-your-writes: acknowledged events (queued, or in a flush that has taken them off the queue but not yet moved
   * them into \`events\`) are written before a read. Free when nothing is pending.
   */
  private async settle(): Promise<void> {
    if (this.queued.length || this.flushing) await this.flush();
  }

  async tail(site: string, limit: number): Promise<EventRow[]> {
    // The live tail keeps working while writes fail: whatever is still queued is merged in below.
    await this.settle().catch(() => undefined);
    const fresh = this.queued
      .filter((e) => e.site === site)
      .slice(-limit)
      .reverse();
    if (fresh.length >= limit) return fresh;
    const stored = (
      await this.rows('SELECT * FROM events WHERE site = $site ORDER BY received_at DESC, ts DESC LIMIT $limit', {
        site,
        limit: limit - fresh.length,
      })
    ).map(toEventRow);
    return fresh.concat(stored);
  }

  /** Each visitor's first non-forced exposure to an experiment in the range: variant, time, session and page then. */
  /**
   * Each visitor's first non-forced exposure in the range, up to the experiment's stop (`$until`); `sim` when any of
   * their exposures came from simulated traffic (`props.simulated`), and with `$nosim` those visitors are left out.
   */
  private static exposures = `
    x AS (
      SELECT anonymous_id AS v, arg_min(exp_variant, ts) AS variant, min(ts) AS t0,
        arg_min(session_id, ts) AS s0, arg_min(path, ts) AS p0, bool_or(${simulated()}) AS sim
      FROM events
      WHERE site = $site AND name = 'experiment_exposure' AND exp_key = $exp AND NOT exp_forced
        AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND least($to, $until)
      GROUP BY anonymous_id
      HAVING NOT ($nosim AND bool_or(${simulated()}))
    )`;

  private static scopeValues(site: string, experiment: string, range: TimeRange, scope: ReportScope) {
    return {
      site,
      exp: experiment,
      from: range.from,
      to: range.to,
      until: scope.until ?? range.to,
      nosim: !!scope.excludeSimulated,
    };
  }

  async funnel(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope = {},
  ): Promise<FunnelVariantRow[]> {
    await this.settle();
    const sql = `
      WITH ${DuckDBStore.exposures},
      f AS (
        SELECT x.variant, x.v, e.name, e.value, coalesce(e.transaction_id, e.id) AS t,
          e.name = 'purchase' AND ${simulated('e.props')} AS sim
        FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name IN ('view_item', 'add_to_cart', 'begin_checkout', 'purchase') AND e.ts <= least($to, $until)
          -- pages send view_item at load, before a widget scrolls into view: a view_item earlier in the same session
          -- on the page the exposure happened on counts too; the other steps must come at or after the exposure
          AND (e.ts >= x.t0 OR (e.name = 'view_item' AND e.session_id = x.s0 AND e.path = x.p0))
      ),
      -- one row per visitor first (cheap GROUP BY), instead of four COUNT(DISTINCT) over all funnel events
      pv AS (
        SELECT variant, v, bool_or(name = 'view_item') AS a, bool_or(name = 'add_to_cart') AS b,
          bool_or(name = 'begin_checkout') AS c, bool_or(name = 'purchase') AS d
        FROM f GROUP BY variant, v
      ),
      steps AS (
        SELECT variant, count(*) FILTER (WHERE a) AS view_item, count(*) FILTER (WHERE b) AS add_to_cart,
          count(*) FILTER (WHERE c) AS begin_checkout, count(*) FILTER (WHERE d) AS purchase
        FROM pv GROUP BY variant
      ),
      orders AS (
        SELECT variant, v, t, max(coalesce(value, 0)) AS val, bool_or(sim) AS sim FROM f
        WHERE name = 'purchase' AND NOT ($nosim AND sim) GROUP BY variant, v, t
      ),
      per_visitor AS (SELECT variant, v, sum(val) AS r, count(*) AS o, count(*) FILTER (WHERE sim) AS so FROM orders GROUP BY variant, v),
      rev AS (SELECT variant, sum(r) AS revenue, sum(r * r) AS revenue_sq, sum(o) AS orders, sum(so) AS sim_orders FROM per_visitor GROUP BY variant),
      exposed AS (SELECT variant, count(*) AS exposed, count(*) FILTER (WHERE sim) AS sim_exposed FROM x GROUP BY variant)
      SELECT exposed.variant, exposed.exposed::BIGINT AS exposed, exposed.sim_exposed::BIGINT AS sim_exposed,
        coalesce(steps.view_item, 0)::BIGINT AS view_item, coalesce(steps.add_to_cart, 0)::BIGINT AS add_to_cart,
        coalesce(steps.begin_checkout, 0)::BIGINT AS begin_checkout, coalesce(steps.purchase, 0)::BIGINT AS purchase,
        coalesce(rev.orders, 0)::BIGINT AS orders, coalesce(rev.sim_orders, 0)::BIGINT AS sim_orders,
        coalesce(rev.revenue, 0)::DOUBLE AS revenue, coalesce(rev.revenue_sq, 0)::DOUBLE AS revenue_sq
      FROM exposed LEFT JOIN steps USING (variant) LEFT JOIN rev USING (variant)
      ORDER BY exposed.variant`;
    const rows = await this.rows(sql, DuckDBStore.scopeValues(site, experiment, range, scope));
    return rows.map((r) => ({
      variant: String(r.variant),
      exposed: num(r.exposed),
      steps: {
        view_item: num(r.view_item),
        add_to_cart: num(r.add_to_cart),
        begin_checkout: num(r.begin_checkout),
        purchase: num(r.purchase),
      },
      orders: num(r.orders),
      revenue: num(r.revenue),
      revenueSq: num(r.revenue_sq),
      simulated: { exposed: num(r.sim_exposed), orders: num(r.sim_orders) },
    }));
  }

  async conversionOverTime(
    site: string,
    experiment: string,
    range: TimeRange,
    scope: ReportScope = {},
  ): Promise<ConversionPoint[]> {
    await this.settle();
    // Both counts by the visitor's exposure day in the report's time zone: "of those exposed that day, how many bought".
    const sql = `
      WITH ${DuckDBStore.exposures},
      p AS (
        SELECT DISTINCT x.v FROM events e JOIN x ON e.anonymous_id = x.v
        WHERE e.site = $site AND e.name = 'purchase' AND e.ts >= x.t0 AND e.ts <= least($to, $until)
          AND NOT ($nosim AND ${simulated('e.props')})
      )
      SELECT x.variant, strftime(timezone($tz, make_timestamptz(x.t0 * 1000)), '%Y-%m-%d') AS day,
        count(*)::BIGINT AS exposed, count(p.v)::BIGINT AS converted
      FROM x LEFT JOIN p ON p.v = x.v GROUP BY ALL ORDER BY day, variant`;
    const rows = await this.rows(sql, {
      ...DuckDBStore.scopeValues(site, experiment, range, scope),
      tz: scope.timeZone ?? 'UTC',
    });
    return rows.map((r) => ({
      variant: String(r.variant),
      day: String(r.day),
      exposed: num(r.exposed),
      converted: num(r.converted),
    }));
  }

  async exposurePeriods(
    site: string,
    experiment: string,
    range: TimeRange,
    bounds: number[],
    scope: ReportScope = {},
  ): Promise<ExposurePeriodRow[]> {
    await this.settle();
    if (!bounds.every(Number.isFinite)) throw new Error('bounds must be finite');
    // period k holds the visitors first exposed at or after bounds[k-1] and before bounds[k]
    const list = bounds.length ? `[${bounds.map((b) => Math.trunc(b)).join(', ')}]::BIGINT[]` : '[]::BIGINT[]';
    const sql = `
      WITH ${DuckDBStore.exposures}
      SELECT variant, len(list_filter(${list}, b -> b <= t0))::INTEGER AS period, count(*)::BIGINT AS visitors
      FROM x GROUP BY ALL ORDER BY period, variant`;
    const rows = await this.rows(sql, DuckDBStore.scopeValues(site, experiment, range, scope));
    return rows.map((r) => ({ variant: String(r.variant), period: num(r.period), visitors: num(r.visitors) }));
  }

  async vitals(site: string, experiment: string, range: TimeRange, scope: ReportScope = {}): Promise<VitalsRow[]> {
    await this.settle();
    const metric = (k: string) =>
      `TRY_CAST(coalesce(json_extract_string(props, '$.${k}'), json_extract_string(props, '$.${k.toUpperCase()}'), json_extract_string(props, '$.metrics.${k}'), json_extract_string(props, '$.metrics.${k.toUpperCase()}')) AS DOUBLE)`;
    const sql = `
      WITH w AS (
        SELECT json_extract_string(experiments, $path) AS variant, ${metric('lcp')} AS lcp, ${metric('inp')} AS inp, ${metric('cls')} AS cls,
          TRY_CAST(json_extract_string(props, '$.sample_rate') AS DOUBLE) AS raw_rate
        FROM events
        WHERE site = $site AND name = 'web_vitals' AND ts BETWEEN $from AND least($to, $until)
          AND json_extract_string(experiments, $path) IS NOT NULL
          AND NOT coalesce(list_contains(TRY_CAST(forced AS VARCHAR[]), $exp), false)
          AND NOT ($nosim AND ${simulated()})
      )
      -- a sampled page stands for 1/rate pages; the percentiles stay unweighted (a uniform sample of page views)
      SELECT variant, count(*)::BIGINT AS samples, sum(1 / rate)::DOUBLE AS page_views, min(rate) AS rate_lo, max(rate) AS rate_hi,
        quantile_cont(lcp, 0.75) AS lcp, quantile_cont(inp, 0.75) AS inp, quantile_cont(cls, 0.75) AS cls
      FROM (SELECT *, CASE WHEN raw_rate > 0 AND raw_rate <= 1 THEN raw_rate ELSE 1 END AS rate FROM w) GROUP BY variant ORDER BY variant`;
    const rows = await this.rows(sql, {
      ...DuckDBStore.scopeValues(site, experiment, range, scope),
      path: keyPath(experiment),
    });
    return rows.map((r) => ({
      variant: String(r.variant),
      samples: num(r.samples),
      pageViews: num(r.page_views),
      sampleRate: num(r.rate_lo) === num(r.rate_hi) ? num(r.rate_lo) : null,
      lcp: numOrNull(r.lcp),
      inp: numOrNull(r.inp),
      cls: numOrNull(r.cls),
    }));
  }

  async widgets(site: string, range: TimeRange): Promise<{ widgets: WidgetRow[]; claims: DisplayedClaim[] }> {
    await this.settle();
    const params = { site, from: range.from, to: range.to };
    const rows = await this.rows(
      `
      SELECT widget,
        -- a stock banner re-announcing changed figures (update: true) is the same show
        count(*) FILTER (WHERE name = 'view_promotion' AND coalesce(json_extract_string(props, '$.update'), 'false') <> 'true')::BIGINT AS shows,
        count(*) FILTER (WHERE name = 'select_promotion')::BIGINT AS claims,
        count(*) FILTER (WHERE name = 'share')::BIGINT AS shares,
        count(*) FILTER (WHERE name = 'nudge_dismiss')::BIGINT AS dismissals,
        arg_max(widget_type, ts) AS type
      FROM events WHERE site = $site AND widget IS NOT NULL AND ts BETWEEN $from AND $to
        AND name IN ('view_promotion', 'select_promotion', 'share', 'nudge_dismiss')
      GROUP BY widget ORDER BY widget`,
      params,
    );
    const claims = await this.rows(
      `
      SELECT widget, claim, count(*)::BIGINT AS shows, min(as_of) AS as_of_first, max(as_of) AS as_of_last FROM (
        -- the figures a stock banner showed: its view_promotion props without the promotion identifiers; the time the
        -- figures were read (asOf) changes with every read of the same numbers, so it is a range, not part of the claim
        SELECT widget, CAST(json_merge_patch(props, '{"promotion_id":null,"creative_slot":null,"update":null,"asOf":null}') AS VARCHAR) AS claim,
          json_extract_string(props, '$.asOf') AS as_of
        FROM events WHERE site = $site AND name = 'view_promotion' AND widget IS NOT NULL AND ts BETWEEN $from AND $to
          AND json_extract_string(props, '$.creative_slot') = 'stock-banner'
      ) WHERE claim <> '{}' GROUP BY widget, claim ORDER BY widget, shows DESC, claim LIMIT ${MAX_CLAIMS}`,
      params,
    );
    return {
      widgets: rows.map((r) => ({
        widget: String(r.widget),
        shows: num(r.shows),
        claims: num(r.claims),
        shares: num(r.shares),
        dismissals: num(r.dismissals),
        type: str(r.type),
      })),
      claims: claims.map((r) => ({
        widget: String(r.widget),
        claim: String(r.claim),
        shows: num(r.shows),
        ...(r.as_of_first ? { asOf: { first: String(r.as_of_first), last: String(r.as_of_last) } } : {}),
      })),
    };
  }

  async referrals(site: string, range: TimeRange): Promise<ReferralRow[]> {
    await this.settle();
    // A referrer is whoever shared the code (or whose user id is the code); their own visits and purchases are self-referrals.
    const sql = `
      WITH shared AS (
        -- the referral card sends share/select_promotion with the code as item_id (content_type 'referral')
        -- (GA4's share fields); props.code / props.referral_code are older senders' fields, kept as fallbacks
        -- codes compare case-insensitively (a friend may type the code from a chat message), reported upper-cased
        SELECT upper(coalesce(
            CASE WHEN json_extract_string(props, '$.content_type') = 'referral' OR json_extract_string(props, '$.creative_slot') = 'referral-card'
              THEN json_extract_string(props, '$.item_id') END,
            json_extract_string(props, '$.code'), json_extract_string(props, '$.referral_code'))) AS code, anonymous_id, user_id
        FROM events WHERE site = $site AND name IN ('share', 'select_promotion', 'generate_lead')
      ),
      owners AS (SELECT DISTINCT code, anonymous_id, user_id FROM shared WHERE code IS NOT NULL),
      landed AS (
        SELECT upper(ref_code) AS code, anonymous_id AS v, min(ts) AS t0, any_value(user_id) AS uid
        FROM events WHERE site = $site AND ref_code IS NOT NULL AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND $to
        GROUP BY upper(ref_code), anonymous_id
      ),
      friends AS (
        SELECT l.* FROM landed l
        WHERE upper(l.v) <> l.code AND upper(coalesce(l.uid, '')) <> l.code
          AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.code = l.code AND (o.anonymous_id = l.v OR (o.user_id IS NOT NULL AND o.user_id = l.uid)))
      ),
      first_purchase AS (
        SELECT anonymous_id AS v, min(ts) AS t1 FROM events WHERE site = $site AND name = 'purchase' AND ts <= $to GROUP BY anonymous_id
      )
      SELECT f.code, count(*)::BIGINT AS landings, count(p.v) FILTER (WHERE p.t1 >= f.t0)::BIGINT AS first_purchases
      FROM friends f LEFT JOIN first_purchase p ON p.v = f.v
      GROUP BY f.code ORDER BY landings DESC, first_purchases DESC, f.code`;
    const rows = await this.rows(sql, { site, from: range.from, to: range.to });
    return rows.map((r) => ({
      code: String(r.code),
      landings: num(r.landings),
      firstPurchases: num(r.first_purchases),
    }));
  }

  async errors(site: string, range: TimeRange, limit: number): Promise<ErrorReport> {
    await this.settle();
    // Fields as the collector (invalid_props) and the browser SDK (widget, chunk, config, name errors) send them;
    // the widget falls back to the stored widget column (promotion_id / widget / widget_id).
    const sql = `
      WITH e AS (
        -- a widget reports its own trouble (NudgeElement.report) with its promotion fields and no source: it is a widget
        -- failure like one the mounter reports (source 'widget'), and groups with it
        SELECT json_extract_string(props, '$.code') AS code, coalesce(json_extract_string(props, '$.source'),
            CASE WHEN json_extract_string(props, '$.code') IS NULL AND coalesce(json_extract_string(props, '$.widget_id'), widget) IS NOT NULL THEN 'widget' END) AS source,
          json_extract_string(props, '$.event') AS event, json_extract_string(props, '$.path') AS path,
          coalesce(json_extract_string(props, '$.widget_id'), widget) AS widget,
          json_extract_string(props, '$.message') AS message, anonymous_id, ts, widget_type
        FROM events WHERE site = $site AND name = 'nudge_error' AND ts BETWEEN $from AND $to
      ),
      g AS (
        SELECT code, source, event, path, widget, count(*)::BIGINT AS n, count(DISTINCT anonymous_id)::BIGINT AS visitors,
          min(ts) AS first_seen, max(ts) AS last_seen, arg_max(message, ts) AS message,
          arg_max(widget_type, ts) AS widget_type
        FROM e GROUP BY code, source, event, path, widget
      )
      SELECT *, sum(n) OVER ()::BIGINT AS total, count(*) OVER ()::BIGINT AS total_groups FROM g
      ORDER BY n DESC, last_seen DESC, code NULLS LAST, source NULLS LAST, event NULLS LAST, path NULLS LAST, widget NULLS LAST
      LIMIT $limit`;
    const rows = await this.rows(sql, { site, from: range.from, to: range.to, limit: Math.max(1, Math.floor(limit)) });
    return {
      groups: rows.map((r) => ({
        code: str(r.code),
        source: str(r.source),
        event: str(r.event),
        path: str(r.path),
        widget: str(r.widget),
        widgetType: str(r.widget_type),
        count: num(r.n),
        visitors: num(r.visitors),
        firstSeen: num(r.first_seen),
        lastSeen: num(r.last_seen),
        example: { message: str(r.message) },
      })),
      total: num(rows[0]?.total ?? 0),
      totalGroups: num(rows[0]?.total_groups ?? 0),
    };
  }
}
