// Rows stored before the metric columns existed get them: read back, computed as at insert, written again over the old.
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Engine, Json } from './connection.js';
import { metricFields } from './rows.js';
import { lit } from './sql.js';

/** The pass's name in each node's `backfills` table (a later pass gets its own name). */
const PASS = 'metric_columns';
/** Rows read and written per step: a few MB of JSON, so the server's memory stays flat on any table size. */
const BATCH = 5_000;
const MINUTE = 60_000;
const RETRY_MS = 60_000;
const DELETE_WAIT_MS = 60_000;
/** 64-bit integers as JSON numbers, so the rows go back into Int64 columns as they came (ids in ms are below 2^53). */
const PLAIN: ClickHouseSettings = { output_format_json_quote_64bit_integers: 0 };

export interface BackfillResult {
  /** rows written again with their columns filled, over every node */
  rows: number;
  ms: number;
}

const parse = (v: unknown): Json => {
  try {
    const o = typeof v === 'string' ? (JSON.parse(v) as unknown) : null;
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Json) : {};
  } catch {
    return {};
  }
};

/**
 * 18.16 has no JSON functions that could compute a props path list in a column DEFAULT or an `ALTER ... UPDATE`
 * (visitParam* match a key at any depth), so each node's rows with `filled = 0` are read in ranges of the sort key
 * (site, minute of id_ms; the primary index finds them) and inserted again with the columns filled by the same code as
 * at insert. The table is a ReplacingMergeTree on (site, id_ms, id): the later copy is the one FINAL reads and merges
 * keep, so a second pass, or two servers running it at once, writes the same rows again and changes nothing. Progress
 * is kept per node in `backfills` (the next range to do, then done), so a restart resumes and a finished node costs one
 * read. It runs after start, in the background: until it reaches a range, reads see those rows as before.
 */
export class Backfill {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** Per node, the DELETE mutations settled before the range being written: kept until their re-run is done. */
  private readonly before = new Map<number, Set<string>>();
  /** Settles when every node is done (or the server stops first). */
  readonly done: Promise<BackfillResult>;

  constructor(
    private readonly nodes: Engine,
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly retryMs = RETRY_MS,
  ) {
    this.done = this.run();
  }

  /** Stops after the current step (the next start resumes from there). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.done.catch(() => undefined);
  }

  private get table(): string {
    return this.nodes.cluster ? 'events_local' : 'events';
  }

  private async run(): Promise<BackfillResult> {
    const t = Date.now();
    let rows = 0;
    for (;;) {
      try {
        for (let host = 0; host < this.nodes.hosts && !this.stopped; host++) rows += await this.node(host);
        if (rows)
          this.log(
            `[nudge-server] ClickHouse: filled the metric columns of ${rows} older events in ${Date.now() - t} ms`,
          );
        return { rows, ms: Date.now() - t };
      } catch (err) {
        if (this.stopped) return { rows, ms: Date.now() - t };
        // ClickHouse down or busy: the rows stay as they are and the pass tries again (resuming where it stopped)
        this.log(
          `[nudge-server] ClickHouse: filling older events' metric columns failed, retrying in a minute: ${(err as Error).message}`,
        );
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.retryMs);
          this.timer.unref();
        });
        if (this.stopped) return { rows, ms: Date.now() - t };
      }
    }
  }

  /** One node's table, from where its last pass stopped. */
  private async node(host: number): Promise<number> {
    // an attempt that failed after writing copies (a node busy or down) has its erasures repeated before anything else
    await this.redoDeletes(host);
    const [last] = await this.nodes.rows(
      `SELECT site, id_ms, done FROM backfills WHERE name = ${lit(PASS)} ORDER BY done DESC, at DESC LIMIT 1`,
      PLAIN,
      host,
    );
    if (last && Number(last.done) === 1) return 0;
    const from = last
      ? ` AND (site > ${lit(String(last.site))} OR (site = ${lit(String(last.site))} AND id_ms >= ${lit(Number(last.id_ms))}))`
      : '';
    const minutes = await this.nodes.rows(
      `SELECT site, toInt64(floor(id_ms / ${MINUTE})) AS m, count() AS n FROM ${this.table}
       WHERE filled = 0${from} GROUP BY site, m ORDER BY site, m`,
      PLAIN,
      host,
    );
    let rows = 0;
    for (const [site, lo, hi] of ranges(minutes)) {
      if (this.stopped) return rows;
      rows += await this.range(host, site, lo, hi);
      await this.record(host, site, hi, 0);
    }
    await this.record(host, '', 0, 1);
    return rows;
  }

  /** Writes one range's old rows again, filled; then repeats any erasure that ran meanwhile (see below). */
  private async range(host: number, site: string, lo: number, hi: number): Promise<number> {
    this.before.set(host, await this.settledDeletes(host));
    const stored = await this.nodes.rows(
      `SELECT * FROM ${this.table} WHERE site = ${lit(site)} AND id_ms >= ${lit(lo)} AND id_ms < ${lit(hi)} AND filled = 0`,
      PLAIN,
      host,
    );
    const seen = new Set<string>();
    const again: Json[] = [];
    for (const r of stored) {
      // copies of a retried event hold the same data: one is enough
      if (seen.has(String(r.id))) continue;
      seen.add(String(r.id));
      again.push({ ...r, ...metricFields(parse(r.props), parse(r.context)) });
    }
    if (again.length) await this.nodes.insert(this.table, again, host);
    await this.redoDeletes(host);
    return again.length;
  }

  /**
   * A visitor's erasure is a DELETE mutation, which reaches only the parts that exist when it starts: one started after
   * every earlier one had finished (so after the read began) would miss the copies just written: run it again.
   */
  private async redoDeletes(host: number): Promise<void> {
    const before = this.before.get(host);
    if (!before) return;
    for (const m of await this.deletes(host))
      if (!before.has(m.id))
        await this.nodes.command(`ALTER TABLE ${this.nodes.database}.${this.table} ${m.command}`, host);
    this.before.delete(host);
  }

  /** The node's DELETE mutations on the table (current releases show them in parentheses: `(DELETE WHERE ...)`). */
  private async deletes(host: number): Promise<{ id: string; command: string; done: boolean }[]> {
    const rows = await this.nodes.rows(
      `SELECT mutation_id, command, is_done FROM system.mutations
       WHERE database = ${lit(this.nodes.database)} AND table = ${lit(this.table)} AND command LIKE '%DELETE WHERE %'`,
      {},
      host,
    );
    return rows
      .map((r) => ({
        id: String(r.mutation_id),
        command: String(r.command).replace(/^\((.*)\)$/s, '$1'),
        done: Number(r.is_done) === 1,
      }))
      .filter((m) => m.command.startsWith('DELETE WHERE '));
  }

  /**
   * The node's DELETE mutations once all have finished (an unfinished one may still let the read see rows it is
   * about to remove); bounded, so a stuck one fails the pass, which tries again later.
   */
  private async settledDeletes(host: number): Promise<Set<string>> {
    for (let wait = 0; ; wait += 200) {
      const all = await this.deletes(host);
      if (all.every((m) => m.done)) return new Set(all.map((m) => m.id));
      if (wait >= DELETE_WAIT_MS || this.stopped)
        throw new Error('a visitor erasure (DELETE mutation) is still running');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async record(host: number, site: string, idMs: number, done: 0 | 1): Promise<void> {
    await this.nodes.insert('backfills', [{ name: PASS, site, id_ms: idMs, done, at: Date.now() }], host);
  }
}

/** Consecutive minutes of one site grouped into ranges of about BATCH rows: [site, from ms, to ms (exclusive)]. */
export function ranges(minutes: Json[]): [string, number, number][] {
  const out: [string, number, number][] = [];
  let cur: [string, number, number] | undefined;
  let n = 0;
  for (const r of minutes) {
    const site = String(r.site);
    const m = Number(r.m);
    if (!cur || cur[0] !== site || n >= BATCH) {
      if (cur) out.push(cur);
      cur = [site, m * MINUTE, (m + 1) * MINUTE];
      n = 0;
    }
    cur[2] = (m + 1) * MINUTE;
    n += Number(r.n);
  }
  if (cur) out.push(cur);
  return out;
}
