// The store's three ports: control data, the event sink and report queries; a backend implements all three.
import type { Sql } from './sql/sql.js';
import type { ConfigRecord, CountReport, EventRow, SiteRecord, WriteKeyRecord } from './records.js';
import type {
  ConversionPoint,
  DisplayedClaim,
  ErrorReport,
  ExposurePeriodRow,
  FunnelVariantRow,
  ReferralRow,
  ReportScope,
  TimeRange,
  VitalsRow,
  WidgetRow,
} from './report-rows.js';

/** A store's life: open before use, close to write what is queued and let go of files. */
export interface Lifecycle {
  init(): Promise<void>;
  close(): Promise<void>;
}

/** Sites, write keys, published configs and the small counters and retry keys the collector keeps. */
export interface ControlStore {
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  /**
   * Adds reports to a per-site counter (refused events, events clients dropped) so that a report sent again adds
   * nothing. A report covers keys (event ids): it adds its `n` minus the largest `n` an earlier report recorded for
   * any of those keys (never below 0), then records its `n` for each key. A report without keys cannot be recognised
   * when it comes again and always adds its `n`. Returns what was added; durable when it resolves.
   */
  countOnce(site: string, counter: string, reports: CountReport[]): Promise<number>;
  /** A counter's total (0 when nothing was counted). */
  counter(site: string, counter: string): Promise<number>;
  /** When each key was first seen: `at` for the keys new to `kind`, the recorded time for the others. Durable. */
  firstSeen(site: string, kind: string, keys: string[], at: number): Promise<Map<string, number>>;

  createSite(site: SiteRecord): Promise<void>;
  getSite(id: string): Promise<SiteRecord | undefined>;
  listSites(): Promise<SiteRecord[]>;
  updateSite(id: string, patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>): Promise<void>;

  addWriteKey(key: WriteKeyRecord): Promise<void>;
  listWriteKeys(site: string): Promise<WriteKeyRecord[]>;
  findWriteKey(hash: string): Promise<WriteKeyRecord | undefined>;
  deleteWriteKey(site: string, prefix: string): Promise<boolean>;

  /**
   * Stores a version; false, writing nothing, when the site already has that version. Atomic in the backend, so two
   * servers publishing at once cannot both get the same version.
   */
  insertConfig(rec: ConfigRecord): Promise<boolean>;
  getConfig(site: string, version: number): Promise<ConfigRecord | undefined>;
  latestConfig(site: string): Promise<ConfigRecord | undefined>;
  /** Every version of a site, newest first. */
  configHistory(site: string): Promise<ConfigRecord[]>;
}

/**
 * Where an appended batch came from, for the work done beside the store at ingest (Rewards.watch): the store itself
 * ignores it. Only the browser collector sets `address`, the client address the next-order caps key on (hashed there,
 * never stored as such); a batch from the shop's server (Segment) or an import has none.
 */
export interface BatchOrigin {
  address?: string;
}

/**
 * Where events go: queued, then written in batches (group commit). The collector acknowledges an event only once the
 * promise `append` returned has resolved, so an acknowledged event is stored whatever happens to the process next.
 */
export interface EventSink {
  /**
   * Queue events for writing. Resolves once the flush holding them has stored them (in the events table, or set aside
   * in quarantine); appends made while a flush runs share the next one. Rejects, or throws when the sink is closed,
   * when they may not be stored: the collector then answers 503 and the client sends them again. Rows of a failed
   * flush stay queued and are retried, so a refused event may be stored too: the backend keeps one row per
   * (site, id), and the client's retry adds nothing.
   */
  append(rows: EventRow[], origin?: BatchOrigin): Promise<void>;
  /**
   * Calls `listener` with the rows of every write that stored them (set-aside rows excepted): their first flush, a
   * retry after a refused append, rows recovered from a spill file at start. What follows ingest (rewards) hangs here,
   * so it runs for a stored row even when the client was told "not stored" and never sends it again. Returns the
   * unsubscribe. Optional: a sink without it has its followers run on each acknowledged append instead.
   */
  onStored?(listener: (rows: readonly EventRow[]) => void): () => void;
  /** Write everything queued; resolves when it is stored. */
  flush(): Promise<void>;
  /** Number of queued, not yet flushed events. */
  pending(): number;
  /** Back-pressure: true while the backlog is at its limit; the collector then answers 503 instead of acknowledging. */
  full(): boolean;
  /**
   * Acknowledged events the store could not write (a value its columns cannot hold) and set aside instead of letting
   * them block the queue: kept with the reason and logged.
   */
  countQuarantined(site: string): Promise<number>;
  /**
   * One cheap round trip to where events are stored (readiness probes): resolves when it answers, rejects when it
   * cannot be reached or the sink is closed. Queued events are not flushed for it.
   */
  ping(): Promise<void>;
}

/** Reads over stored events. Read-your-writes: an acknowledged (appended) event is in the next answer, flushed or not. */
export interface ReportQueries {
  countEvents(site: string): Promise<number>;
  /** Stored events the collector turned into `nudge_error` because their props were invalid (a subset of countEvents). */
  countInvalidProps(site: string): Promise<number>;
  /** The browser visitor (anonymous id) each user id was last seen with. */
  visitorsForUsers(site: string, userIds: string[]): Promise<Map<string, string>>;
  /** The newest events, received last first. */
  tail(site: string, limit: number): Promise<EventRow[]>;

  funnel(site: string, experiment: string, range: TimeRange, scope?: ReportScope): Promise<FunnelVariantRow[]>;
  /** Per variant and exposure day: visitors first exposed that day, and how many of them purchased afterwards. */
  conversionOverTime(
    site: string,
    experiment: string,
    range: TimeRange,
    scope?: ReportScope,
  ): Promise<ConversionPoint[]>;
  /** Visitors per variant by the period of their first exposure: period k is [bounds[k-1], bounds[k]) (ascending bounds). */
  exposurePeriods(
    site: string,
    experiment: string,
    range: TimeRange,
    bounds: number[],
    scope?: ReportScope,
  ): Promise<ExposurePeriodRow[]>;
  vitals(site: string, experiment: string, range: TimeRange, scope?: ReportScope): Promise<VitalsRow[]>;
  widgets(site: string, range: TimeRange): Promise<{ widgets: WidgetRow[]; claims: DisplayedClaim[] }>;
  referrals(site: string, range: TimeRange): Promise<ReferralRow[]>;
  /** `nudge_error` events in the range grouped by what went wrong, at most `limit` groups. */
  errors(site: string, range: TimeRange, limit: number): Promise<ErrorReport>;
}

/**
 * The control database's SQL (store/sql/sql.ts): features that keep their own control data (rewards, accounts,
 * metrics, alerts) create their tables with `migrate` and write portable SQL, so they run on DuckDB and Postgres alike.
 */
export interface ControlDatabase {
  readonly sql: Sql;
}

/** Everything one backend provides. */
export type Store = Lifecycle & ControlStore & EventSink & ReportQueries & ControlDatabase;
