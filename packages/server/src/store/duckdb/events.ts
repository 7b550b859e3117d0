// Writing events into DuckDB: rows through an appender into staging, then into events without duplicate ids.
import { listValue, type DuckDBAppender } from '@duckdb/node-api';
import type { EventRow } from '../records.js';
import type { Quarantined } from '../write-buffer.js';
import { num, numOrNull, str, type Connection, type Row } from './connection.js';

const INT64_LIMIT = 9.2e18;
const INT32_MAX = 2_147_483_647;
const isText = (v: unknown): boolean => typeof v === 'string';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isInt64 = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < INT64_LIMIT;
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a queued row cannot go into the events table (a value its column cannot hold), or undefined when it can. The
 * collector validates first; this is the store's own guard, so one bad row can never block the queue behind it.
 */
export function rowProblem(r: EventRow): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not a row';
  for (const k of ['id', 'site', 'name', 'source'] as const) if (!isText(r[k])) return `${k}: expected text`;
  for (const k of ['experiments', 'props', 'context'] as const) if (!isObject(r[k])) return `${k}: expected an object`;
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
  ] as const)
    if (!isTextOrNull(r[k])) return `${k}: expected text or null`;
  if (!isTextOrNull(r.widgetType)) return 'widgetType: expected text or null';
  for (const k of ['idMs', 'ts', 'receivedAt'] as const)
    if (!isInt64(r[k])) return `${k}: ${String(r[k])} is out of BIGINT range`;
  if (r.seq !== null && !(Number.isInteger(r.seq) && Math.abs(r.seq) <= INT32_MAX))
    return `seq: ${String(r.seq)} is out of INTEGER range`;
  if (r.value !== null && !(typeof r.value === 'number' && Number.isFinite(r.value)))
    return `value: ${String(r.value)} is not a finite number`;
  if (typeof r.expForced !== 'boolean') return 'expForced: expected a boolean';
  return undefined;
}

/**
 * A row from a spill file: servers before structured rows wrote experiments, forced, props and context as JSON text
 * and no widget type. Anything else is left for the row check to judge.
 */
export function reviveEventRow(row: unknown): EventRow {
  if (typeof row !== 'object' || row === null) return row as EventRow;
  const r = { ...(row as Record<string, unknown>) };
  for (const k of ['experiments', 'forced', 'props', 'context'])
    if (typeof r[k] === 'string')
      try {
        r[k] = JSON.parse(r[k]);
      } catch {
        /* left as text: the row check sets it aside with the reason */
      }
  if (r.widgetType === undefined) r.widgetType = null;
  return r as unknown as EventRow;
}

const parsed = <T>(v: Row[string] | undefined, fallback: T): T => {
  const text = str(v);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** A stored row back as an EventRow. */
export function toEventRow(r: Row): EventRow {
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
    experiments: parsed(r.experiments, {}),
    forced: parsed(r.forced, []),
    props: parsed(r.props, {}),
    context: parsed(r.context, {}),
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

/** Writes event batches and quarantined rows; every call runs on the write connection's queue. */
export class DuckDBEventWriter {
  private appender!: DuckDBAppender;

  constructor(private readonly db: Connection) {}

  /** Opens the appender; rows a crash left in staging were flushed by the appender, so they are kept. */
  async open(): Promise<void> {
    const [range] = await this.db.rows('SELECT min(id_ms) AS lo, max(id_ms) AS hi FROM staging');
    await this.db.writes.run(async () => {
      if (range?.lo !== null && range?.lo !== undefined) await this.moveStagingRange(num(range.lo), num(range.hi));
      this.appender = await this.db.writer.createAppender('staging');
    });
  }

  close(): Promise<void> {
    return this.db.writes.run(async () => {
      this.appender.closeSync();
      await this.db.writer.run('CHECKPOINT');
    });
  }

  /** One batch into events, or nothing of it (a failed append leaves no row behind in staging). */
  write(rows: EventRow[]): Promise<void> {
    return this.db.writes.run(async () => {
      try {
        await this.appendRows(rows);
        await this.moveStaging(rows);
      } catch (err) {
        await this.resetAppender();
        throw err;
      }
    });
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
      a.appendVarchar(JSON.stringify(r.experiments));
      a.appendVarchar(JSON.stringify(r.forced));
      a.appendVarchar(JSON.stringify(r.props));
      a.appendVarchar(JSON.stringify(r.context));
      a.appendVarchar(r.source);
      for (const v of [r.expKey, r.expVariant]) v === null ? a.appendNull() : a.appendVarchar(v);
      a.appendBoolean(r.expForced);
      r.value === null ? a.appendNull() : a.appendDouble(r.value);
      for (const v of [r.transactionId, r.refCode, r.widget, r.widgetType])
        v === null ? a.appendNull() : a.appendVarchar(v);
      a.endRow();
    }
    a.flushSync();
  }

  /** Drops what the appender and staging hold after a failed write (a half-appended row must not linger). */
  private async resetAppender(): Promise<void> {
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      /* it held the half-appended row; dropped with it */
    }
    await this.db.writer.run('DELETE FROM staging').catch(() => undefined);
    this.appender = await this.db.writer.createAppender('staging');
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
    await this.db.writer.run(
      `
      INSERT INTO events BY NAME SELECT s.* FROM (SELECT DISTINCT ON (site, id) * FROM staging) s
      WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id_ms BETWEEN $lo AND $hi AND e.site = s.site AND e.id = s.id)`,
      { lo: Math.floor(lo), hi: Math.ceil(hi) },
    );
    await this.db.writer.run('DELETE FROM staging');
  }

  /** Sets rows aside in the quarantine table (as JSON, with the reason), counted per site in /stats, and logs it. */
  quarantine(rows: Quarantined[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
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
    return this.db.writes.run(async () => {
      await this.db.writer.run(
        'INSERT INTO quarantine SELECT unnest($sites), unnest($ids), unnest($reasons), unnest($rows), $at',
        {
          sites: listValue(rows.map((q) => field(q.row, 'site') ?? '')),
          ids: listValue(rows.map((q) => field(q.row, 'id'))),
          reasons: listValue(rows.map((q) => q.reason.slice(0, 1000))),
          rows: listValue(rows.map((q) => text(q.row))),
          at: Date.now(),
        },
      );
      for (const q of rows.slice(0, 10))
        console.error(
          `[nudge-server] set aside an event that cannot be stored (site ${field(q.row, 'site') ?? '?'}, id ${field(q.row, 'id') ?? '?'}): ${q.reason}`,
        );
      if (rows.length > 10) console.error(`[nudge-server] ... and ${rows.length - 10} more; see the quarantine table`);
    });
  }
}
