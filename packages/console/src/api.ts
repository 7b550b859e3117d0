// Admin API client: one typed method per endpoint, Bearer token from this tab's session, errors with their field paths.
//
// Every API type the console uses is here and nowhere else, so typing them from the server's routes (`hc<AdminApi>()`
// from hono/client, or InferResponseType of it) changes this one file: the methods keep their names and shapes.
import type { ConfigAction, ConfigChange } from '@nudge/server/api';

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

/** A widget's props as a JSON Schema (the server generates it from the core's zod schema). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
}

export interface SiteSummary {
  id: string;
  name: string;
  version: number;
}

export interface Widget {
  id: string;
  type: string;
  enabled?: boolean;
  props: Record<string, unknown>;
  [k: string]: unknown;
}
export interface Variant {
  key: string;
  weight: number;
  patch?: Record<string, Record<string, unknown>>;
}
export interface Experiment {
  key: string;
  name?: string;
  status: string;
  traffic: number;
  variants: Variant[];
  winner?: string;
}
export interface Config {
  site: string;
  version: number;
  widgets: Widget[];
  experiments: Experiment[];
  [k: string]: unknown;
}
export interface Published {
  version: number;
  config: Config;
}
export interface HistoryEntry {
  version: number;
  author: string;
  action: ConfigAction;
  changes: ConfigChange[];
  createdAt: number;
}
export interface Change {
  path: string;
  op: string;
  before?: unknown;
  after?: unknown;
}

/** The server's comparison (server/src/stats/stats.ts): a verdict, or how much more data it needs. */
export type Comparison =
  | {
      enough: true;
      scale: 'relative' | 'absolute';
      lift: number | null;
      difference: number;
      ci: [number, number];
      level: number;
      comparisons: number;
      pValue: number;
      significant: boolean;
    }
  | {
      enough: false;
      reason: 'sample' | 'noVariance';
      more: { control: number; treatment: number; conversions: number };
    };

export interface Srm {
  pValue: number;
  mismatch: boolean;
  variants: string[];
  observed: number[];
  expected: number[];
  unexpected: number[];
  mixed: boolean;
}

export interface VariantResult {
  variant: string;
  weight: number;
  exposed: number;
  steps: Record<string, number>;
  conversion: Record<string, number>;
  orders: number;
  revenue: number;
  revenuePerVisitor: number;
  averageOrderValue: number;
  simulated: { exposed: number; orders: number };
  vsControl?: { steps: Record<string, Comparison>; revenuePerVisitor: Comparison };
}
export interface VitalsRow {
  variant: string;
  samples: number;
  pageViews: number;
  sampleRate: number | null;
  lcp: number | null;
  inp: number | null;
  cls: number | null;
}
export interface Report {
  experiment: string;
  status: string;
  control: string;
  variants: VariantResult[];
  startedAt: number | null;
  stoppedAt: number | null;
  timeZone: string;
  method: { comparisons: number; level: number; minVisitors: number; minConversions: number };
  simulated: { exposed: number; orders: number; excluded: boolean };
  srm: Srm | null;
  /** by exposure day (in timeZone): visitors exposed up to the day and the share of them who purchased */
  overTime: { day: string; variants: Record<string, { rate: number }> }[];
  /** pageViews: what the samples stand for (each weighs 1/sample_rate); sampleRate: null when samples differ in rate */
  vitals: VitalsRow[];
}
export interface ErrorGroup {
  code: string | null;
  source: string | null;
  event: string | null;
  path: string | null;
  widget: string | null;
  /** the widget's type in the config in force or an older version; null when no version knows the id */
  widgetType: string | null;
  count: number;
  visitors: number;
  firstSeen: number;
  lastSeen: number;
  example: { message: string | null };
}
export interface ErrorReport {
  total: number;
  totalGroups: number;
  groups: ErrorGroup[];
}
export interface WidgetReport {
  widgets: { widget: string; type: string | null; shows: number; claims: number; shares: number; dismissals: number }[];
  stockClaims: {
    widget: string;
    shows: number;
    figures: Record<string, unknown>;
    asOf?: { first: string; last: string };
  }[];
}
export interface ReferralReport {
  rewards: { inviter: string | null; friend: string | null };
  codes: { code: string; landings: number; firstPurchases: number; rewardsOwed: { inviter: number; friend: number } }[];
}
export interface TailEvent {
  id: string;
  name: string;
  ts: number;
  receivedAt: number;
  anonymousId: string | null;
  source: string;
  experiments: Record<string, string>;
  props: Record<string, unknown>;
}
/** GET /stats: `events` is every stored row and includes `invalidProps`; `rejected` were refused and not stored. */
export interface Stats {
  events: number;
  invalidProps: number;
  rejected: number;
  clientDropped: number;
}
export interface WriteKey {
  prefix: string;
  createdAt: number;
}
/** A report period as ISO instants (the console sends its local days' boundaries). */
export interface Period {
  from: string;
  to: string;
}

const q = encodeURIComponent;
const period = (p: Period) => `from=${q(p.from)}&to=${q(p.to)}`;

export class AdminClient {
  /** `onUnauthorized` runs when the server refuses the token (401), before the error is thrown. */
  constructor(
    private readonly token: string,
    private readonly actor: string,
    private readonly onUnauthorized?: () => void,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'x-nudge-actor': this.actor,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; issues?: ApiIssue[] };
    if (res.status === 401) this.onUnauthorized?.();
    if (!res.ok)
      throw new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText, data.issues ?? []);
    return data as T;
  }

  sites = () => this.call<{ sites: SiteSummary[] }>('GET', '/sites');
  schema = () => this.call<{ widgets: Record<string, JsonSchema> }>('GET', '/schema');
  createSite = (id: string, name: string) => this.call<unknown>('POST', '/sites', { id, name });
  site = (site: string) => this.call<{ site: { allowedOrigins: string[] } }>('GET', `/sites/${site}`);
  setOrigins = (site: string, allowedOrigins: string[]) =>
    this.call<unknown>('PATCH', `/sites/${site}`, { allowedOrigins });
  writeKeys = (site: string) => this.call<{ writeKeys: WriteKey[] }>('GET', `/sites/${site}/write-keys`);
  createWriteKey = (site: string) => this.call<{ key: string }>('POST', `/sites/${site}/write-keys`, {});
  stats = (site: string) => this.call<Stats>('GET', `/sites/${site}/stats`);

  config = (site: string) => this.call<Published>('GET', `/sites/${site}/config`);
  publish = (site: string, config: Config, action: ConfigAction & { type: 'widget' }) =>
    this.call<Published>('POST', `/sites/${site}/config`, { config, action, baseVersion: config.version });
  rollback = (site: string, version: number) =>
    this.call<Published>('POST', `/sites/${site}/config/rollback`, { version });
  history = (site: string) => this.call<{ history: HistoryEntry[] }>('GET', `/sites/${site}/config/history`);
  diff = (site: string, from: number, to: number) =>
    this.call<{ changes: Change[] }>('GET', `/sites/${site}/config/diff?from=${from}&to=${to}`);
  /** start, pause, stop (with an optional winner), traffic, weights: checked against the version the person saw. */
  experimentAction = (site: string, key: string, action: string, body: Record<string, unknown>, baseVersion?: number) =>
    this.call<Published>('POST', `/sites/${site}/experiments/${q(key)}/${action}`, { ...body, baseVersion });

  experimentReport = (site: string, key: string, p: Period, timeZone: string, excludeSimulated: boolean) =>
    this.call<Report>(
      'GET',
      `/sites/${site}/reports/experiments/${q(key)}?${period(p)}&tz=${q(timeZone)}${excludeSimulated ? '&simulated=exclude' : ''}`,
    );
  widgetReport = (site: string, p: Period) =>
    this.call<WidgetReport>('GET', `/sites/${site}/reports/widgets?${period(p)}`);
  referralReport = (site: string, p: Period) =>
    this.call<ReferralReport>('GET', `/sites/${site}/reports/referrals?${period(p)}`);
  errorReport = (site: string, p: Period) =>
    this.call<ErrorReport>('GET', `/sites/${site}/reports/errors?${period(p)}`);
  tail = (site: string, limit: number) =>
    this.call<{ events: TailEvent[] }>('GET', `/sites/${site}/events/tail?limit=${limit}`);
}
