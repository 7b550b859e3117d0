// Events and reports on ClickHouse: an EventSink batching through the WriteBuffer, and the ReportQueries over it.
import type { EventSink, Lifecycle, ReportQueries } from '../ports.js';
import type { EventRow } from '../records.js';
import type { ReportScope, TimeRange } from '../report-rows.js';
import { WriteBuffer, type Quarantined } from '../write-buffer.js';
import { reviveEventRow, rowProblem } from '../duckdb/events.js';
import { Nodes, parseEventsUrl } from './connection.js';
import { ClickHouseExperimentQueries } from './experiment-queries.js';
import { num } from './reads.js';
import { migrate } from './schema.js';
import { ClickHouseSiteQueries } from './site-queries.js';
import { lit } from './sql.js';
import { toInsertRow } from './rows.js';

export interface ClickHouseEventsOptions {
  /** Where rows a failed last flush could not write are saved at close and read back at start (see WriteBuffer). */
  spill?: string;
  /** WriteBuffer tuning (tests). */
  flushAt?: number;
  flushEveryMs?: number;
  retryMs?: number;
}

export class ClickHouseEvents implements Lifecycle, EventSink, ReportQueries {
  private readonly nodes: Nodes;
  private readonly buffer: WriteBuffer<EventRow>;
  private readonly experiments: ClickHouseExperimentQueries;
  private readonly site: ClickHouseSiteQueries;
  private opened = false;
  private closed = false;

  /** @param url `clickhouse://HOST:PORT[,HOST:PORT...]/DB[?cluster=NAME]` */
  constructor(url: string, opts: ClickHouseEventsOptions = {}) {
    this.nodes = new Nodes(parseEventsUrl(url));
    this.buffer = new WriteBuffer<EventRow>({
      write: (rows) => this.write(rows),
      quarantine: (rows) => this.quarantine(rows),
      check: rowProblem,
      revive: reviveEventRow,
      spill: opts.spill,
      flushAt: opts.flushAt,
      flushEveryMs: opts.flushEveryMs,
      retryMs: opts.retryMs,
    });
    const reads = { nodes: this.nodes, settle: () => this.settle(), queued: () => this.buffer.queuedRows() };
    this.experiments = new ClickHouseExperimentQueries(reads);
    this.site = new ClickHouseSiteQueries(reads);
  }

  async init(): Promise<void> {
    await migrate(this.nodes);
    this.opened = true;
    await this.buffer.recover();
  }

  async close(): Promise<void> {
    if (this.closed || !this.opened) return;
    try {
      await this.buffer.close();
    } finally {
      this.closed = true;
      await this.nodes.close();
    }
  }

  /** Read-your-writes: acknowledged events are written before a read. Free when nothing is pending. */
  private async settle(): Promise<void> {
    if (this.buffer.busy()) await this.flush();
  }

  /** One insert per batch into the Distributed table, answered once every shard has its rows. */
  private async write(rows: EventRow[]): Promise<void> {
    const seen = new Set<string>();
    const once: Record<string, unknown>[] = [];
    for (const r of rows) {
      const key = `${r.site}\n${r.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      once.push(toInsertRow(r));
    }
    await this.nodes.insert('events', once);
  }

  /** Sets rows aside in the quarantine table (as JSON, with the reason), counted per site, and logs it. */
  private async quarantine(rows: Quarantined[]): Promise<void> {
    if (!rows.length) return;
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
    const at = Date.now();
    await this.nodes.insert(
      'quarantine',
      rows.map((q) => ({
        site: field(q.row, 'site') ?? '',
        id: field(q.row, 'id'),
        reason: q.reason.slice(0, 1000),
        row: text(q.row),
        quarantined_at: at,
      })),
    );
    for (const q of rows.slice(0, 10))
      console.error(
        `[nudge-server] set aside an event that cannot be stored (site ${field(q.row, 'site') ?? '?'}, id ${field(q.row, 'id') ?? '?'}): ${q.reason}`,
      );
    if (rows.length > 10) console.error(`[nudge-server] ... and ${rows.length - 10} more; see the quarantine table`);
  }

  // EventSink
  append(rows: EventRow[]): void {
    this.buffer.append(rows);
  }
  flush(): Promise<void> {
    return this.buffer.flush();
  }
  full(): boolean {
    return this.buffer.full();
  }
  pending(): number {
    return this.buffer.pending();
  }
  async countQuarantined(site: string): Promise<number> {
    await this.settle().catch(() => undefined);
    const [r] = await this.nodes.rows(`SELECT count() AS n FROM quarantine WHERE site = ${lit(site)}`);
    return num(r?.n);
  }

  /** Reaches every shard (a Distributed read with nothing to return), so a stopped shard fails the probe. */
  async ping(): Promise<void> {
    if (!this.opened || this.closed) throw new Error('the event store is closed');
    await this.nodes.rows('SELECT count() AS n FROM events WHERE 0');
  }

  // ReportQueries
  countEvents = (site: string) => this.site.countEvents(site);
  countInvalidProps = (site: string) => this.site.countInvalidProps(site);
  visitorsForUsers = (site: string, userIds: string[]) => this.site.visitorsForUsers(site, userIds);
  tail = (site: string, limit: number) => this.site.tail(site, limit);
  widgets = (site: string, range: TimeRange) => this.site.widgets(site, range);
  referrals = (site: string, range: TimeRange) => this.site.referrals(site, range);
  errors = (site: string, range: TimeRange, limit: number) => this.site.errors(site, range, limit);
  funnel = (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
    this.experiments.funnel(site, experiment, range, scope);
  conversionOverTime = (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
    this.experiments.conversionOverTime(site, experiment, range, scope);
  exposurePeriods = (site: string, experiment: string, range: TimeRange, bounds: number[], scope?: ReportScope) =>
    this.experiments.exposurePeriods(site, experiment, range, bounds, scope);
  vitals = (site: string, experiment: string, range: TimeRange, scope?: ReportScope) =>
    this.experiments.vitals(site, experiment, range, scope);
}
