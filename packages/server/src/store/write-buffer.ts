// Group commit: batches rows into writes and tells each append when its rows are stored; sets aside rows no write takes.
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A row set aside because it could not be written, and why. */
export interface Quarantined {
  row: unknown;
  reason: string;
}

export interface WriteBufferOptions<R> {
  /** Writes rows as one batch; throws when it cannot (the rows, or the backend). Calls never overlap. */
  write(rows: R[]): Promise<void>;
  /** Keeps rows that cannot be written, with the reason; throws when even that fails (the backend is failing). */
  quarantine(rows: Quarantined[]): Promise<void>;
  /** Why a row can never be written (a value the backend cannot hold), checked before writing; undefined when fine. */
  check?(row: R): string | undefined;
  /** A row read back from a spill file, as this version writes it (a file may come from an older server). */
  revive?(row: unknown): R;
  /** Flush once this many rows wait (default 10,000). */
  flushAt?: number;
  /**
   * Flush this long after the first row of a batch arrives (default 0: as soon as the running flush ends, so rows that
   * arrive while one is written share the next one). Each append waits for its flush, so this is added latency.
   */
  flushEveryMs?: number;
  /** After a failed flush, try again this much later (default 1 s). */
  retryMs?: number;
  /** While more rows than this wait, `full()` says so and the collector stops acknowledging (default 200,000). */
  maxPending?: number;
  /**
   * Where rows that could not be written at close are saved (`<spill>.unflushed-<time>.ndjson`) and read back from by
   * `recover()`; without it, a failed last flush throws.
   */
  spill?: string;
  log?: (message: string, err?: unknown) => void;
}

const defaultLog = (message: string, err?: unknown) =>
  err === undefined ? console.error(`[nudge-server] ${message}`) : console.error(`[nudge-server] ${message}`, err);

/** The appends whose rows wait in the queue: settled by the flush that takes them. */
interface Group {
  done: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function group(): Group {
  let resolve!: () => void, reject!: (err: unknown) => void;
  const done = new Promise<void>((ok, no) => ((resolve = ok), (reject = no)));
  // A caller that does not wait (a fixture, a recovery) must not turn a failed flush into an unhandled rejection.
  done.catch(() => undefined);
  return { done, resolve, reject };
}

export class WriteBuffer<R> {
  private queued: R[] = [];
  /** Waiters for the rows queued since the last flush took the queue; undefined while none wait. */
  private waiting: Group | undefined;
  /** The rows the running flush took off the queue, until it ends. */
  private writing: R[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Set when close starts: rows appended after the last flush began would have no flush to wait for. */
  private closing = false;
  private closingDone: Promise<void> | undefined;
  private readonly listeners = new Set<(rows: readonly R[]) => void>();
  /** Rows recovered at start before anything listened (a store opens before the app subscribes): told the first. */
  private unheard: R[][] = [];
  private recovering = false;
  private readonly flushAt: number;
  private readonly flushEveryMs: number;
  private readonly retryMs: number;
  private readonly maxPending: number;
  private readonly log: (message: string, err?: unknown) => void;

  constructor(private readonly opts: WriteBufferOptions<R>) {
    this.flushAt = opts.flushAt ?? 10_000;
    this.flushEveryMs = opts.flushEveryMs ?? 0;
    this.retryMs = opts.retryMs ?? 1000;
    this.maxPending = opts.maxPending ?? 200_000;
    this.log = opts.log ?? defaultLog;
  }

  /**
   * Queues rows. Resolves once the flush that takes them has stored them (written, or set aside in quarantine); many
   * appends share one flush. Rejects when that flush fails: the rows then stay queued and are retried, so a caller
   * that answered "not stored" may see them stored later; a backend keeps one row per (site, id), so a client's retry
   * of the same rows adds nothing.
   */
  append(rows: R[]): Promise<void> {
    if (this.closing) throw new Error('store is closed');
    for (const r of rows) this.queued.push(r);
    const waiting = (this.waiting ??= group());
    if (this.queued.length >= this.flushAt) void this.flush().catch(this.flushFailed);
    else if (!this.timer) this.timer = setTimeout(() => void this.flush().catch(this.flushFailed), this.flushEveryMs);
    return waiting.done;
  }

  /**
   * Tells `listener` the rows of each write that stored them (not those set aside): a first flush, a retry, rows
   * recovered at start; so what follows a stored row runs whether or not its append was acknowledged. A listener's
   * throw is logged and changes nothing. Returns the unsubscribe.
   */
  onStored(listener: (rows: readonly R[]) => void): () => void {
    this.listeners.add(listener);
    const unheard = this.unheard;
    this.unheard = [];
    for (const rows of unheard) this.tell(rows);
    return () => void this.listeners.delete(listener);
  }

  private tell(rows: R[]): void {
    if (!this.listeners.size && this.recovering) this.unheard.push(rows);
    for (const listener of this.listeners)
      try {
        listener(rows);
      } catch (err) {
        this.log('a listener of stored events failed:', err);
      }
  }

  pending(): number {
    return this.queued.length;
  }

  /**
   * Back-pressure: true while the backlog is at its limit (the backend is slow or failing). Appending still works, so
   * nothing already acknowledged is refused; the caller answers 503 instead of acknowledging more.
   */
  full(): boolean {
    return this.queued.length >= this.maxPending;
  }

  /**
   * The rows not yet stored, oldest first: those a running flush is writing, then those queued (reads merge them in
   * while writes fail, or to see rows without waiting for their flush; take them before reading the backend).
   */
  queuedRows(): readonly R[] {
    return this.writing.length ? this.writing.concat(this.queued) : this.queued;
  }

  /** Whether a flush is running or rows wait: a read that must see them flushes first. */
  busy(): boolean {
    return this.queued.length > 0 || this.flushing !== undefined;
  }

  /** Writes everything queued; resolves when it is stored. Flushes run one after another. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const prior = this.flushing ?? Promise.resolve();
    const next = prior.then(() => this.flushNow());
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

  /**
   * Flushes and stops; appends from now on throw. Rows the last flush cannot write (their appends were refused, but the
   * rows are kept all the same) go to the spill file, read back by the next start; without a spill file the error is
   * thrown.
   */
  close(): Promise<void> {
    // Every caller waits for the one close, so none goes on to release the backend while the last flush runs.
    return (this.closingDone ??= this.closeNow());
  }

  private async closeNow(): Promise<void> {
    this.closing = true;
    try {
      await this.flush();
    } catch (err) {
      if (!this.opts.spill) throw err;
      const file = `${this.opts.spill}.unflushed-${Date.now()}.ndjson`;
      writeFileSync(file, this.queued.map((r) => JSON.stringify(r)).join('\n'));
      this.log(`could not write ${this.queued.length} events (${String(err)}); saved them to ${file}`);
      this.queued = [];
    }
    this.closed = true;
    clearTimeout(this.timer);
  }

  /**
   * Rows an earlier close saved go back in (the backend skips those already stored). Never throws: a line that is not
   * a row is quarantined, and a file whose rows cannot be written yet stays (its rows stay queued and are retried; a
   * later start reads it again).
   */
  async recover(): Promise<void> {
    if (!this.opts.spill) return;
    const dir = dirname(this.opts.spill);
    const prefix = `${basename(this.opts.spill)}.unflushed-`;
    for (const name of readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.ndjson'))) {
      const file = join(dir, name);
      try {
        const rows: R[] = [];
        const bad: Quarantined[] = [];
        for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
          if (!line.trim()) continue;
          try {
            const row: unknown = JSON.parse(line);
            rows.push(this.opts.revive ? this.opts.revive(row) : (row as R));
          } catch (err) {
            bad.push({
              row: line.slice(0, 100_000),
              reason: `${name} line ${i + 1}: not JSON (${(err as Error).message})`,
            });
          }
        }
        if (bad.length) await this.opts.quarantine(bad);
        this.append(rows);
        this.recovering = true;
        try {
          await this.flush();
        } finally {
          this.recovering = false;
        }
        unlinkSync(file);
        this.log(
          `recovered ${rows.length} events from ${file}${bad.length ? ` (${bad.length} unreadable lines set aside in quarantine)` : ''}`,
        );
      } catch (err) {
        this.log(`could not recover ${file} yet (${String(err)}); it is kept and its events stay queued`);
        if (this.queued.length) this.flushFailed(err);
      }
    }
  }

  /** The batch went back to the queue; say so and try again shortly rather than wait for the next event. */
  private readonly flushFailed = (err: unknown) => {
    this.log(`writing ${this.queued.length} events failed, retrying:`, err);
    if (!this.closed && !this.timer)
      this.timer = setTimeout(() => void this.flush().catch(this.flushFailed), this.retryMs);
  };

  private async flushNow(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.writing = this.queued;
    try {
      await this.writeQueued();
      waiting?.resolve();
    } catch (err) {
      waiting?.reject(err);
      throw err;
    } finally {
      this.writing = [];
    }
  }

  private async writeQueued(): Promise<void> {
    if (!this.queued.length) return;
    const taken = this.queued;
    this.queued = [];
    const batch: R[] = [];
    const bad: Quarantined[] = [];
    for (const r of taken) {
      const why = this.problem(r);
      if (why) bad.push({ row: r, reason: why });
      else batch.push(r);
    }
    try {
      if (bad.length) await this.opts.quarantine(bad);
    } catch (err) {
      // Not even the quarantine can be written (disk full?): keep everything queued, nothing acknowledged is lost.
      this.queued = taken.concat(this.queued);
      throw err;
    }
    if (!batch.length) return;
    let stored = batch;
    try {
      await this.opts.write(batch);
    } catch (err) {
      // In halves down to single rows: rows that fail while others go in are the rows' fault and are set aside; when
      // none goes in the backend itself is failing, and the batch goes back to the queue for the next flush.
      const failed = await this.isolate(batch).catch(() => undefined);
      if (!failed) {
        this.queued = batch.concat(this.queued);
        throw err;
      }
      this.log(
        `${failed.length} of ${batch.length} events could not be written and were set aside in quarantine:`,
        err,
      );
      const aside = new Set(failed.map((f) => f.row));
      stored = batch.filter((r) => !aside.has(r));
    }
    if (stored.length) this.tell(stored);
  }

  private problem(r: R): string | undefined {
    if (typeof r !== 'object' || r === null) return 'not a row';
    return this.opts.check?.(r);
  }

  /**
   * Writes a batch that failed as a whole in halves, down to single rows. Returns the rows set aside in quarantine,
   * or undefined when nothing could be written, not even to the quarantine (the backend is failing, not the rows).
   */
  private async isolate(batch: R[]): Promise<Quarantined[] | undefined> {
    let written = 0;
    const failed: Quarantined[] = [];
    const parts: R[][] = [batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1)].filter((p) => p.length);
    // Bounded: every failing part is split in two, so there are at most 2 * batch.length parts.
    while (parts.length) {
      const part = parts.pop()!;
      try {
        await this.opts.write(part);
        written += part.length;
      } catch (err) {
        if (part.length === 1) failed.push({ row: part[0], reason: String((err as Error)?.message ?? err) });
        else parts.push(part.slice(part.length >> 1), part.slice(0, part.length >> 1));
      }
    }
    // None went in: every row is bad (a lone bad row on a quiet site's flush), or the backend is failing. Setting them
    // aside tells which: if the quarantine takes them the backend works, and retrying them would never end.
    if (!written)
      return this.opts.quarantine(failed).then(
        () => failed,
        () => undefined,
      );
    await this.opts.quarantine(failed);
    return failed;
  }
}
