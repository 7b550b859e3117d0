// The storage interface: everything the server persists and every report query, so another backend can follow.
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigAction, ConfigChange } from '../config/history.js';

export interface SiteRecord {
  id: string;
  name: string;
  allowedOrigins: string[];
  createdAt: number;
}

export interface WriteKeyRecord {
  site: string;
  /** first characters of the key, enough to recognise it in a list */
  prefix: string;
  hash: string;
  createdAt: number;
}

export interface ConfigRecord {
  site: string;
  version: number;
  /** the full published document */
  doc: NudgeConfig;
  author: string;
  action: ConfigAction;
  changes: ConfigChange[];
  createdAt: number;
}

/** One stored event, flattened so reports read columns instead of parsing JSON. */
export interface EventRow {
  id: string;
  /** ms timestamp the id was minted at (UUIDv7), else the client's event time: bounds the duplicate lookup */
  idMs: number;
  site: string;
  name: string;
  ts: number;
  receivedAt: number;
  anonymousId: string | null;
  userId: string | null;
  sessionId: string | null;
  seq: number | null;
  url: string | null;
  path: string | null;
  referrer: string | null;
  /** active variants */
  experiments: Record<string, string>;
  /** force-assigned experiment keys */
  forced: string[];
  props: Record<string, unknown>;
  context: Record<string, unknown>;
  source: 'web' | 'segment';
  /** experiment_exposure only */
  expKey: string | null;
  expVariant: string | null;
  expForced: boolean;
  /** purchase revenue */
  value: number | null;
  transactionId: string | null;
  /** referral code the visitor arrived with */
  refCode: string | null;
  /** the config widget id an event is about */
  widget: string | null;
  /** that widget's type (e.g. 'coupon-popup'), from the live config at ingest */
  widgetType: string | null;
}

export interface TimeRange {
  from: number;
  to: number;
}

export const FUNNEL_STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelVariantRow {
  variant: string;
  exposed: number;
  steps: Record<FunnelStep, number>;
  orders: number;
  revenue: number;
  /** sum of squared per-visitor revenue, for the variance of revenue per visitor */
  revenueSq: number;
  /** of `exposed` and `orders`, those from simulated traffic (`props.simulated: true`) */
  simulated: { exposed: number; orders: number };
}

/** How an experiment report reads the events beyond the time range. */
export interface ReportScope {
  /** the experiment stopped here: exposures and purchases after it are not attributed (from the config history) */
  until?: number;
  /** leave out visitors whose exposure, and purchases, came from simulated traffic */
  excludeSimulated?: boolean;
  /** IANA time zone the days of `conversionOverTime` are cut in (default UTC) */
  timeZone?: string;
}

/** Visitors first exposed in each period between config changes (see `Store.exposurePeriods`). */
export interface ExposurePeriodRow {
  variant: string;
  period: number;
  visitors: number;
}

export interface ConversionPoint {
  variant: string;
  /** the visitors' exposure day (ISO date in the report's time zone) */
  day: string;
  exposed: number;
  converted: number;
}

export interface VitalsRow {
  variant: string;
  /** web_vitals events received */
  samples: number;
  /** page views they stand for: each sample weighs 1 / its props.sample_rate (1 when absent or not in (0, 1]) */
  pageViews: number;
  /** the sampling rate when every sample carries the same one (1 when none was sampled), else null */
  sampleRate: number | null;
  lcp: number | null;
  inp: number | null;
  cls: number | null;
}

export interface WidgetRow {
  widget: string;
  shows: number;
  claims: number;
  shares: number;
  dismissals: number;
  /** the widget's type when its events were stored (the latest), null when unknown */
  type: string | null;
}

export interface DisplayedClaim {
  widget: string;
  /** The figures shown (the view_promotion props without promotion ids and asOf), as JSON. */
  claim: string;
  shows: number;
  /** Oldest and newest time those figures were read (their asOf), when the banner sent one. */
  asOf?: { first: string; last: string };
}

export interface ReferralRow {
  code: string;
  landings: number;
  firstPurchases: number;
}

/** `nudge_error` events grouped by what went wrong (one row per code/source/event/path/widget). */
export interface ErrorGroup {
  /** invalid_props, invalid_config, invalid_name, ... (null when the sender gave none) */
  code: string | null;
  /** where in the browser it happened: widget, mounting, product, spa, ... */
  source: string | null;
  /** the event a bad-props or bad-name error is about, e.g. purchase */
  event: string | null;
  /** the bad field, e.g. transaction_id (inside the event's props) or widgets.0.props.amount (config) */
  path: string | null;
  /** config widget id */
  widget: string | null;
  /** its type when the events were stored (the latest), null when unknown */
  widgetType: string | null;
  count: number;
  /** distinct anonymous ids */
  visitors: number;
  firstSeen: number;
  lastSeen: number;
  /** the most recent message of the group */
  example: { message: string | null };
}

export interface ErrorReport {
  /** the largest groups, most frequent first */
  groups: ErrorGroup[];
  /** every nudge_error in the range */
  total: number;
  /** how many groups there are in all (more than groups.length when the list was cut) */
  totalGroups: number;
}

export interface CountReport {
  keys: string[];
  n: number;
}

export interface Store {
  init(): Promise<void>;
  close(): Promise<void>;

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

  /** False, writing nothing, when the site already has that version. */
  insertConfig(rec: ConfigRecord): Promise<boolean>;
  getConfig(site: string, version: number): Promise<ConfigRecord | undefined>;
  latestConfig(site: string): Promise<ConfigRecord | undefined>;
  configHistory(site: string): Promise<ConfigRecord[]>;

  /** Queue events for writing; they are durable after the next flush (batched, see `flush`). */
  append(rows: EventRow[]): void;
  /** Write everything queued; resolves when it is stored. */
  flush(): Promise<void>;
  /** Number of queued, not yet flushed events. */
  pending(): number;
  /**
   * Acknowledged events the store could not write (a value its columns cannot hold) and set aside instead of letting
   * them block the queue: kept as JSON with the reason (DuckDB: the `quarantine` table) and logged.
   */
  countQuarantined(site: string): Promise<number>;
  // Reads below are read-your-writes: an acknowledged (appended) event is in the next answer, flushed or not.
  countEvents(site: string): Promise<number>;
  /** Stored events the collector turned into `nudge_error` because their props were invalid (a subset of countEvents). */
  countInvalidProps(site: string): Promise<number>;
  /** The browser visitor (anonymous id) each user id was last seen with. */
  visitorsForUsers(site: string, userIds: string[]): Promise<Map<string, string>>;
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
