// Events and reports on ClickHouse: an EventSink batching through the WriteBuffer, and the ReportQueries over it.
import type { DashboardQueries } from '../dashboard-queries.js';
import type { MetricQueries } from '../metric-queries.js';
import type { EventSink, Lifecycle, ReportQueries } from '../ports.js';
import type { EventRow } from '../records.js';
import type { ReportScope, TimeRange } from '../report-rows.js';
import { WriteBuffer, type Quarantined } from '../write-buffer.js';
import { reviveEventRow, rowProblem } from '../duckdb/events.js';
import { Nodes, parseEventsUrl, type Engine } from './connection.js';
import { ClickHouseDashboardQueries } from './dashboard-queries.js';
import { ClickHouseExperimentQueries } from './experiment-queries.js';
import { ClickHouseMetricQueries } from './metric-queries.js';
import { num } from './reads.js';
import { Backfill, type BackfillResult } from './backfill.js';
import { migrate } from './schema.js';
import { ClickHouseSiteQueries } from './site-queries.js';
import { lit } from './sql.js';
import { toInsertRow } from './rows.js';
import type { VisitorEvents, VisitorIds } from '../visitor-events.js';
import { ClickHouseVisitorEvents } from './visitor-events.js';

/**
 * Server error codes that blame the rows sent (parse, type and range errors), so the WriteBuffer may look for the bad
 * ones. Anything else (no code: the network; or a server, shard or resource error) blames ClickHouse, and the rows
 * stay queued: an unknown error never sends an acknowledged event to the quarantine.
 */
const ROW_ERRORS = new Set([6, 26, 27, 32, 38, 41, 53, 69, 70, 72, 117, 131, 321, 349]);
const isRowError = (err: unknown): boolean => {
  const code = Number((err as { code?: unknown } | null)?.code);
  return ROW_ERRORS.has(code);
};

export interface ClickHouseEventsOptions {
  /** Where rows a failed last flush could not write are saved at close and read back at start (see WriteBuffer). */
  spill?: string;
  /** WriteBuffer tuning (tests). */
  flushAt?: number;
  flushEveryMs?: number;
  retryMs?: number;
}

export class ClickHouseEvents
  implements Lifecycle, EventSink, ReportQueries, VisitorEvents, MetricQueries, DashboardQueries
{
  private readonly nodes: Engine;
  private readonly buffer: WriteBuffer<EventRow>;
  private readonly experiments: ClickHouseExperimentQueries;
  private readonly site: ClickHouseSiteQueries;
  private readonly visitors: ClickHouseVisitorEvents;
  private readonly metrics: ClickHouseMetricQueries;
  private readonly dashboard: ClickHouseDashboardQueries;
  /** The batch whose insert failed because ClickHouse is failing (not its rows): its parts are not tried one by one. */
  private failing: Set<unknown> | undefined;
  private backfill: Backfill | undefined;
  private opened = false;
  private closed = false;

  /** @param url `clickhouse://HOST:PORT[,HOST:PORT...]/DB[?cluster=NAME]`, or an engine already at hand */
  constructor(url: string | Engine, opts: ClickHouseEventsOptions = {}) {
    this.nodes = typeof url === 'string' ? new Nodes(parseEventsUrl(url)) : url;
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
    this.visitors = new ClickHouseVisitorEvents(reads);
    this.metrics = new ClickHouseMetricQueries(reads);
    this.dashboard = new ClickHouseDashboardQueries(reads);
  }

  async init(): Promise<void> {
    await migrate(this.nodes);
    this.opened = true;
    await this.buffer.recover();
    // not awaited: a big table's older rows must not hold up the start
    this.backfill = new Backfill(this.nodes);
  }

  /** Settles when rows stored before the metric columns have them filled (tests, maintenance). */
  backfilled(): Promise<BackfillResult> {
    if (!this.backfill) throw new Error('the event store is not started');
    return this.backfill.done;
  }

  async close(): Promise<void> {
    if (this.closed || !this.opened) return;
    try {
      await this.backfill?.stop();
      await this.buffer.close();
    } finally {
      this.closed = true;
      await this.nodes.close();
    }
  }

  /** Runs one statement on the entry node after queued events are stored (maintenance, fixtures). */
  async execute(sql: string): Promise<void> {
    await this.flush();
    await this.nodes.command(sql);
  }

  /** Read-your-writes: acknowledged events are written before a read. Free when nothing is pending. */
  private async settle(): Promise<void> {
    if (this.buffer.busy()) await this.flush();
  }

  /**
   * One insert per batch into the Distributed table, answered once every shard has its rows. When it fails because a
   * shard or the network is down, the WriteBuffer would write the batch in halves to find bad rows, and the halves
   * whose visitors live on the shards still up would go in, making the others look like bad rows and sending them to
   * the quarantine. So after such a failure the batch's parts (and their quarantine) fail at once: the batch goes back
   * to the queue whole, and the next flush tries it again.
   */
  private async write(rows: EventRow[]): Promise<void> {
    const failing = this.failing;
    if (failing && rows.length < failing.size && rows.every((r) => failing.has(r)))
      throw new Error('ClickHouse is failing (see the error before); the batch is retried whole');
    const seen = new Set<string>();
    const once: Record<string, unknown>[] = [];
    for (const r of rows) {
      const key = `${r.site}\n${r.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      once.push(toInsertRow(r));
    }
    try {
      await this.nodes.insert('events', once);
      this.failing = undefined;
    } catch (err) {
      if (!isRowError(err)) this.failing = new Set(rows);
      throw err;
    }
  }

  /** Sets rows aside in the quarantine table (as JSON, with the reason), counted per site, and logs it. */
  private async quarantine(rows: Quarantined[]): Promise<void> {
    if (!rows.length) return;
    const failing = this.failing;
    if (failing && rows.every((q) => failing.has(q.row)))
      throw new Error('ClickHouse is failing; rows are kept queued, not set aside');
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
  /** Resolves once the flush holding these rows is stored on every shard (the collector's acknowledgement). */
  append(rows: EventRow[]): Promise<void> {
    return this.buffer.append(rows);
  }
  onStored(listener: (rows: readonly EventRow[]) => void): () => void {
    return this.buffer.onStored(listener);
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

  // MetricQueries, DashboardQueries
  metricSums: MetricQueries['metricSums'] = (...a) => this.metrics.metricSums(...a);
  dashboardDays: DashboardQueries['dashboardDays'] = (...a) => this.dashboard.dashboardDays(...a);
  dashboardTotals: DashboardQueries['dashboardTotals'] = (...a) => this.dashboard.dashboardTotals(...a);
  dashboardBreakdown: DashboardQueries['dashboardBreakdown'] = (...a) => this.dashboard.dashboardBreakdown(...a);
  dashboardProducts: DashboardQueries['dashboardProducts'] = (...a) => this.dashboard.dashboardProducts(...a);
  dashboardWidgets: DashboardQueries['dashboardWidgets'] = (...a) => this.dashboard.dashboardWidgets(...a);

  // VisitorEvents
  exportVisitorEvents = (site: string, who: VisitorIds) => this.visitors.exportVisitorEvents(site, who);
  deleteVisitorEvents = (site: string, who: VisitorIds) => this.visitors.deleteVisitorEvents(site, who);
}
