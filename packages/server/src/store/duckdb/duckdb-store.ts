// The embedded default store: one DuckDB file holding control data and events, behind the three store ports.
import type { Store } from '../ports.js';
import type { ConfigRecord, CountReport, EventRow, SiteRecord, WriteKeyRecord } from '../records.js';
import type { ReportScope, TimeRange } from '../report-rows.js';
import { WriteBuffer } from '../write-buffer.js';
import { Connection } from './connection.js';
import { DuckDBControl } from './control.js';
import { DuckDBEventWriter, reviveEventRow, rowProblem } from './events.js';
import { DuckDBExperimentQueries } from './experiment-queries.js';
import { DuckDBMetricQueries } from './metric-queries.js';
import { DuckDBDashboardQueries } from './dashboard-queries.js';
import type { DashboardBreakdown } from '../dashboard-queries.js';
import type { SegmentSettings } from '@nudge/core/spec';
import type { MetricQueries, MetricSumsRequest } from '../metric-queries.js';
import type { DashboardQueries } from '../dashboard-queries.js';
import { migrate } from './schema.js';
import { duckdbSql } from './sql.js';
import type { Sql } from '../sql/sql.js';
import { DuckDBSiteQueries } from './site-queries.js';
import type { VisitorEvents, VisitorIds } from '../visitor-events.js';
import { DuckDBVisitorEvents } from './visitor-events.js';

/** How often a running server forgets expired retry keys. */
const SEEN_PRUNE_MS = 3_600_000;

export class DuckDBStore implements Store, MetricQueries, DashboardQueries, VisitorEvents {
  private readonly db: Connection;
  private readonly control: DuckDBControl;
  private readonly events: DuckDBEventWriter;
  private readonly buffer: WriteBuffer<EventRow>;
  private readonly experiments: DuckDBExperimentQueries;
  private readonly site: DuckDBSiteQueries;
  private readonly metrics: DuckDBMetricQueries;
  private readonly dashboard: DuckDBDashboardQueries;
  private readonly visitors: DuckDBVisitorEvents;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private opened = false;
  private closed = false;
  /** The control database's SQL seam, for features with their own tables. */
  readonly sql: Sql;

  /** @param path database file, or ':memory:' */
  constructor(path: string) {
    this.db = new Connection(path);
    this.control = new DuckDBControl(this.db);
    this.sql = duckdbSql(this.db);
    this.events = new DuckDBEventWriter(this.db);
    this.buffer = new WriteBuffer<EventRow>({
      write: (rows) => this.events.write(rows),
      quarantine: (rows) => this.events.quarantine(rows),
      check: rowProblem,
      revive: reviveEventRow,
      spill: path === ':memory:' ? undefined : path,
    });
    const reads = {
      db: this.db,
      settle: () => this.settle(),
      queued: () => this.buffer.queuedRows(),
    };
    this.experiments = new DuckDBExperimentQueries(reads);
    this.site = new DuckDBSiteQueries(reads);
    this.metrics = new DuckDBMetricQueries(reads);
    this.dashboard = new DuckDBDashboardQueries(reads);
    this.visitors = new DuckDBVisitorEvents(reads);
  }

  async init(): Promise<void> {
    await this.db.open();
    await migrate(this.db);
    await this.events.open();
    this.opened = true;
    await this.control.pruneSeen();
    // A server that runs for months prunes as it goes, not only when it starts.
    this.pruneTimer = setInterval(() => void this.control.pruneSeen().catch(() => undefined), SEEN_PRUNE_MS);
    this.pruneTimer.unref?.();
    await this.buffer.recover();
  }

  async close(): Promise<void> {
    if (this.closed || !this.opened) return;
    await this.buffer.close();
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.events.close();
    this.db.close();
  }

  /** Forgets retry keys older than SEEN_KEEP_MS (a copy arriving later than that counts, or is stored, again). */
  pruneSeen(now = Date.now()): Promise<void> {
    return this.control.pruneSeen(now);
  }

  /** Runs one SQL statement on the write connection, after queued events are stored (maintenance, fixtures). */
  async execute(sql: string): Promise<void> {
    await this.flush();
    await this.db.write(sql);
  }

  /**
   * Read-your-writes: acknowledged events (queued, or in a flush that has taken them off the queue but not yet moved
   * them into `events`) are written before a read. Free when nothing is pending.
   */
  private async settle(): Promise<void> {
    if (this.buffer.busy()) await this.flush();
  }

  // ControlStore
  getMeta = (key: string) => this.control.getMeta(key);
  setMeta = (key: string, value: string) => this.control.setMeta(key, value);
  countOnce = (site: string, counter: string, reports: CountReport[]) => this.control.countOnce(site, counter, reports);
  counter = (site: string, counter: string) => this.control.counter(site, counter);
  firstSeen = (site: string, kind: string, keys: string[], at: number) => this.control.firstSeen(site, kind, keys, at);
  createSite = (site: SiteRecord) => this.control.createSite(site);
  getSite = (id: string) => this.control.getSite(id);
  listSites = () => this.control.listSites();
  updateSite = (id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>) =>
    this.control.updateSite(id, patch);
  addWriteKey = (key: WriteKeyRecord) => this.control.addWriteKey(key);
  listWriteKeys = (site: string) => this.control.listWriteKeys(site);
  findWriteKey = (hash: string) => this.control.findWriteKey(hash);
  deleteWriteKey = (site: string, prefix: string) => this.control.deleteWriteKey(site, prefix);
  insertConfig = (rec: ConfigRecord) => this.control.insertConfig(rec);
  getConfig = (site: string, version: number) => this.control.getConfig(site, version);
  latestConfig = (site: string) => this.control.latestConfig(site);
  configHistory = (site: string) => this.control.configHistory(site);

  // EventSink
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
    const [r] = await this.db.rows('SELECT count(*)::BIGINT AS n FROM quarantine WHERE site = $site', { site });
    return Number(r?.n ?? 0);
  }

  async ping(): Promise<void> {
    if (!this.opened || this.closed) throw new Error('the event store is closed');
    await this.db.rows('SELECT 1 FROM events LIMIT 0');
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

  // MetricQueries
  metricSums = (site: string, experiment: string, range: TimeRange, scope: ReportScope, req: MetricSumsRequest) =>
    this.metrics.metricSums(site, experiment, range, scope, req);

  // DashboardQueries
  dashboardDays = (site: string, range: TimeRange, timeZone: string) =>
    this.dashboard.dashboardDays(site, range, timeZone);
  dashboardTotals = (site: string, range: TimeRange) => this.dashboard.dashboardTotals(site, range);
  dashboardBreakdown = (site: string, range: TimeRange, by: DashboardBreakdown, segments?: SegmentSettings) =>
    this.dashboard.dashboardBreakdown(site, range, by, segments);
  dashboardProducts = (site: string, range: TimeRange, channel: string | null, limit: number) =>
    this.dashboard.dashboardProducts(site, range, channel, limit);
  dashboardWidgets = (site: string, range: TimeRange) => this.dashboard.dashboardWidgets(site, range);

  // VisitorEvents
  exportVisitorEvents = (site: string, who: VisitorIds) => this.visitors.exportVisitorEvents(site, who);
  deleteVisitorEvents = (site: string, who: VisitorIds) => this.visitors.deleteVisitorEvents(site, who);
}
