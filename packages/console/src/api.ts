// Admin API client: hono's client typed from the server's routes (AdminApi), the session's headers, errors with paths.
import type { NudgeConfig } from '@nudge/core';
import type { AdminApi, ErrorBody, Issue, Role } from '@nudge/server/api';
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { JsonSchema } from './schema-form.js';

export type ApiIssue = Issue;

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

const client = (headers: Record<string, string>) => hc<AdminApi>('/v1/admin', { headers });
type Api = ReturnType<typeof client>;
type Site = Api['sites'][':site'];
type Reports = Site['reports'];
/** What an endpoint answers when it succeeds. */
type Ok<Endpoint> = InferResponseType<Endpoint, SuccessStatusCode>;

export type SiteSummary = Ok<Api['sites']['$get']>['sites'][number];
export type Published = WithConfig<Ok<Site['config']['$get']>>;
export type HistoryEntry = Ok<Site['config']['history']['$get']>['history'][number];
export type Change = Ok<Site['config']['diff']['$get']>['changes'][number];
export type Report = Ok<Reports['experiments'][':key']['$get']>;
export type VariantResult = Report['variants'][number];
export type Comparison = NonNullable<VariantResult['vsControl']>['revenuePerVisitor'];
export type Srm = NonNullable<Report['srm']>;
/** How results are judged: sequential (safe to read daily), fixed horizon, or Bayesian. */
export type StatsMethod = Report['method']['name'];
export type VitalsRow = Report['vitals'][number];
export type WidgetReport = Ok<Reports['widgets']['$get']>;
export type ReferralReport = Ok<Reports['referrals']['$get']>;
export type ErrorReport = Ok<Reports['errors']['$get']>;
export type ErrorGroup = ErrorReport['groups'][number];
export type Dashboard = Ok<Site['dashboard']['$get']>;
export type DashboardProducts = Ok<Site['dashboard']['products']['$get']>;
export type DashboardBreakdown = NonNullable<Dashboard['breakdown']>['by'];
export type AlertList = Ok<Site['alerts']['$get']>;
export type AlertRule = AlertList['rules'][number];
export type AlertPage = Ok<Site['alerts'][':id']['$get']>;
export type AlertEvent = AlertPage['events'][number];
export type TailEvent = Ok<Site['events']['tail']['$get']>['events'][number];
export type MetricRow = Ok<Site['metrics']['$get']>['metrics'][number];
export type NewMetric = InferRequestType<Site['metrics']['$post']>['json'];
export type Plan = Ok<Site['metrics']['planner']['$get']>;
export type PlanQuery = InferRequestType<Site['metrics']['planner']['$get']>['query'];
export type Summaries = Ok<Api['me']['summaries']['$get']>;
export type SummarySettingsInput = InferRequestType<Api['me']['summaries']['$put']>['json'];
export type Stats = Ok<Site['stats']['$get']>;
export type ExperimentSummary = Ok<Reports['experiments']['$get']>['experiments'][number];
export type Draft = Ok<Site['config']['drafts']['$get']>['drafts'][number];
export type User = Ok<Api['users']['$get']>['users'][number];
export type ApiToken = Ok<Api['tokens']['$get']>['tokens'][number];
export type CouponPool = Ok<Site['coupon-pools']['$get']>['pools'][number];
export type LedgerEntry = Ok<Site['rewards']['$get']>['entries'][number];
export type LeadRow = Ok<Site['leads']['$get']>['leads'][number];
export type NewPool = InferRequestType<Site['coupon-pools']['$post']>['json'];
export type LedgerFilter = NonNullable<InferRequestType<Site['rewards']['$get']>['query']>['status'];
export type LedgerStage = NonNullable<InferRequestType<Site['rewards']['$get']>['query']>['stage'];
export type CouponReport = Ok<Site['coupon-report']['$get']>;
/** A site's reward settings as the API shows them: secrets replaced by `secretSet` / `passwordSet`. */
export type RewardSettings = Ok<Site['reward-settings']['$get']>;
export type RewardSettingsPatch = InferRequestType<Site['reward-settings']['$patch']>['json'];
export type InstallInfo = Ok<Site['install']['$get']>;
export type WriteKey = Ok<Site['write-keys']['$get']>['writeKeys'][number];
/** A console widget edit (on, off, settings), recorded with the publish. */
export type WidgetEdit = NonNullable<InferRequestType<Site['config']['$post']>['json']['action']>;
/** A metric of the site (built in, or defined for it), as the goal picker lists it. */
export type SiteMetric = Ok<Site['metrics']['$get']>['metrics'][number];
/** An experiment's goal, secondary metrics and guardrails. */
export type MetricRoles = InferRequestType<Site['metrics']['experiments'][':key']['$put']>['json'];
type Experiments = Site['experiments'][':key'];
/** start, pause, stop, traffic, weights (`:action` is the route that refuses any other). */
export type ExperimentActionName = Exclude<keyof Experiments, ':action'>;

/** A report period as ISO instants (the console sends its local days' boundaries). */
export type Period = { from: string; to: string };

/** A response of the typed client; its body is a success type or the ErrorBody every route fails with. */
type Answer = { ok: boolean; status: number; statusText: string; json(): Promise<unknown> };
type OkBody<R extends Answer> = Exclude<Awaited<ReturnType<R['json']>>, ErrorBody>;
/**
 * The document as the core types it: the server checked it against the core's schema, and hono's JSON typing turns
 * its recursive audience conditions into plain JSON values.
 */
type WithConfig<T> = Omit<T, 'config'> & { config: NudgeConfig };

/** hono's client puts path parameters in as given; an experiment key may hold any character. */
const q = encodeURIComponent;

export class AdminClient {
  private readonly api: Api;

  /**
   * Signed in by the session cookie the browser sends; `csrf` is the session's secret every change carries (a cookie
   * alone is never enough). `onUnauthorized` runs when the session has ended (401), before the error is thrown.
   */
  constructor(
    csrf: string,
    private readonly onUnauthorized?: () => void,
  ) {
    this.api = client({ 'x-nudge-csrf': csrf });
  }

  /** The success body, or an ApiError from the error body (ErrorBody: code, message, issues by field path). */
  private async call<R extends Answer>(request: Promise<R>): Promise<OkBody<R>> {
    const res = await request;
    if (res.status === 401) this.onUnauthorized?.();
    const data: unknown = await res.json().catch(() => ({}));
    if (!res.ok) {
      const e = data as Partial<ErrorBody>;
      throw new ApiError(res.status, e.error ?? 'error', e.message ?? res.statusText, e.issues ?? []);
    }
    return data as OkBody<R>;
  }

  /** A publish's answer, or the config in force: its document typed as the core's. */
  private async published<R extends Answer>(request: Promise<R>) {
    return (await this.call(request)) as WithConfig<OkBody<R>>;
  }

  sites = () => this.call(this.api.sites.$get());
  /** The widgets' props schemas: JSON Schema documents, read by the settings form. */
  schema = async () => {
    const r = await this.call(this.api.schema.$get());
    return { widgets: r.widgets as Record<string, JsonSchema> };
  };
  createSite = (id: string, name: string) => this.call(this.api.sites.$post({ json: { id, name } }));
  site = (site: string) => this.call(this.api.sites[':site'].$get({ param: { site } }));
  setOrigins = (site: string, allowedOrigins: string[]) =>
    this.call(this.api.sites[':site'].$patch({ param: { site }, json: { allowedOrigins } }));
  writeKeys = (site: string) => this.call(this.api.sites[':site']['write-keys'].$get({ param: { site } }));
  createWriteKey = (site: string) => this.call(this.api.sites[':site']['write-keys'].$post({ param: { site } }));
  stats = (site: string) => this.call(this.api.sites[':site'].stats.$get({ param: { site } }));

  config = (site: string) => this.published(this.api.sites[':site'].config.$get({ param: { site } }));
  publish = (site: string, config: NudgeConfig, action: WidgetEdit) =>
    this.published(
      this.api.sites[':site'].config.$post({ param: { site }, json: { config, action, baseVersion: config.version } }),
    );
  /** Publishes a whole document with the author's note (a new experiment, say). */
  publishConfig = (site: string, config: NudgeConfig, message: string) =>
    this.published(
      this.api.sites[':site'].config.$post({ param: { site }, json: { config, message, baseVersion: config.version } }),
    );
  /** Checks a document as a publish would, without publishing: the issues by field path. */
  validate = (site: string, config: NudgeConfig) =>
    this.call(this.api.sites[':site'].config.validate.$post({ param: { site }, json: { config } }));
  rollback = (site: string, version: number) =>
    this.published(this.api.sites[':site'].config.rollback.$post({ param: { site }, json: { version } }));
  history = (site: string) => this.call(this.api.sites[':site'].config.history.$get({ param: { site } }));
  diff = (site: string, from: number, to: number) =>
    this.call(
      this.api.sites[':site'].config.diff.$get({ param: { site }, query: { from: String(from), to: String(to) } }),
    );
  /** start, pause, stop (with an optional winner), traffic, weights: checked against the version the person saw. */
  experimentAction = (
    site: string,
    key: string,
    action: ExperimentActionName,
    body: Record<string, unknown>,
    baseVersion?: number,
  ) =>
    // Every action answers the same publish; its body is checked by the route (bad fields come back by path).
    this.published(
      (this.api.sites[':site'].experiments[':key'][action] as Experiments['weights']).$post({
        param: { site, key: q(key) },
        json: { ...body, baseVersion } as { weights: Record<string, number>; baseVersion?: number },
      }),
    );

  /** `method`: the statistics to judge by; sequential (the server's default) is not sent. */
  experimentReport = (
    site: string,
    key: string,
    p: Period,
    timeZone: string,
    excludeSimulated: boolean,
    method: StatsMethod = 'sequential',
  ) =>
    this.call(
      this.api.sites[':site'].reports.experiments[':key'].$get({
        param: { site, key: q(key) },
        query: {
          ...p,
          tz: timeZone,
          ...(excludeSimulated ? { simulated: 'exclude' as const } : {}),
          ...(method !== 'sequential' ? { method } : {}),
        },
      }),
    );
  dashboard = (site: string, p: Period, timeZone: string, breakdown: DashboardBreakdown) =>
    this.call(this.api.sites[':site'].dashboard.$get({ param: { site }, query: { ...p, tz: timeZone, breakdown } }));
  dashboardProducts = (site: string, p: Period, channel: string) =>
    this.call(this.api.sites[':site'].dashboard.products.$get({ param: { site }, query: { ...p, channel } }));
  alerts = (site: string) => this.call(this.api.sites[':site'].alerts.$get({ param: { site } }));
  alertPage = (site: string, id: string) =>
    this.call(this.api.sites[':site'].alerts[':id'].$get({ param: { site, id: q(id) } }));
  /** Where alerts go (admins): `secret` left out keeps the one set; `emails` replaces the list. */
  setAlertDelivery = (
    site: string,
    d: { webhookUrl: string | null; secret?: string | null; emails: string[]; locale?: 'en' | 'zh-CN' | 'zh-TW' },
  ) => this.call(this.api.sites[':site'].alerts.delivery.$put({ param: { site }, json: d }));
  setAlertEnabled = (site: string, id: string, enabled: boolean) =>
    this.call(this.api.sites[':site'].alerts[':id'].$patch({ param: { site, id: q(id) }, json: { enabled } }));
  experimentOverview = (site: string) =>
    this.call(this.api.sites[':site'].reports.experiments.$get({ param: { site } }));
  widgetReport = (site: string, p: Period) =>
    this.call(this.api.sites[':site'].reports.widgets.$get({ param: { site }, query: p }));
  referralReport = (site: string, p: Period) =>
    this.call(this.api.sites[':site'].reports.referrals.$get({ param: { site }, query: p }));
  errorReport = (site: string, p: Period) =>
    this.call(this.api.sites[':site'].reports.errors.$get({ param: { site }, query: p }));
  drafts = (site: string) => this.call(this.api.sites[':site'].config.drafts.$get({ param: { site } }));
  saveDraft = (site: string, config: NudgeConfig, message: string) =>
    this.call(this.api.sites[':site'].config.drafts.$post({ param: { site }, json: { config, message } }));
  publishDraft = (site: string, id: string) =>
    this.published(this.api.sites[':site'].config.drafts[':id'].publish.$post({ param: { site, id: q(id) } }));
  discardDraft = async (site: string, id: string) => {
    const res = await this.api.sites[':site'].config.drafts[':id'].$delete({ param: { site, id: q(id) } });
    if (!res.ok) await this.call(Promise.resolve(res));
  };
  users = () => this.call(this.api.users.$get());
  invite = (email: string, role: Role) => this.call(this.api.users.$post({ json: { email, role } }));
  setUser = (id: string, patch: { role?: Role; disabled?: boolean }) =>
    this.call(this.api.users[':id'].$patch({ param: { id: q(id) }, json: patch }));
  tokens = () => this.call(this.api.tokens.$get());
  createToken = (name: string, role: Role) => this.call(this.api.tokens.$post({ json: { name, role } }));
  couponPools = (site: string) => this.call(this.api.sites[':site']['coupon-pools'].$get({ param: { site } }));
  createPool = (site: string, pool: NewPool) =>
    this.call(this.api.sites[':site']['coupon-pools'].$post({ param: { site }, json: pool }));
  importCodes = (site: string, pool: string, csv: string) =>
    this.call(
      this.api.sites[':site']['coupon-pools'][':pool'].import.$post({ param: { site, pool: q(pool) }, json: { csv } }),
    );
  ledger = (site: string, status: LedgerFilter, person = '', stage?: LedgerStage) =>
    this.call(
      this.api.sites[':site'].rewards.$get({
        param: { site },
        query: { ...(status ? { status } : {}), ...(person ? { person } : {}), ...(stage ? { stage } : {}) },
      }),
    );
  install = (site: string) => this.call(this.api.sites[':site'].install.$get({ param: { site } }));
  couponReport = (site: string, p: Period) =>
    this.call(this.api.sites[':site']['coupon-report'].$get({ param: { site }, query: p }));
  approveReward = (site: string, id: string) =>
    this.call(this.api.sites[':site'].rewards[':id'].approve.$post({ param: { site, id: q(id) } }));
  rejectReward = (site: string, id: string, reason: string) =>
    this.call(this.api.sites[':site'].rewards[':id'].reject.$post({ param: { site, id: q(id) }, json: { reason } }));
  deadLeads = (site: string) =>
    this.call(this.api.sites[':site'].leads.$get({ param: { site }, query: { status: 'dead' } }));
  rewardSettings = (site: string) => this.call(this.api.sites[':site']['reward-settings'].$get({ param: { site } }));
  /** The settings after the change; a webhook secret the server made is in it once (`secret`, `leadSecret`). */
  saveRewardSettings = async (site: string, patch: RewardSettingsPatch) =>
    (await this.call(
      this.api.sites[':site']['reward-settings'].$patch({ param: { site }, json: patch }),
    )) as RewardSettings & {
      secret?: string;
      leadSecret?: string;
    };
  retryLead = (site: string, id: string) =>
    this.call(this.api.sites[':site'].leads[':id'].retry.$post({ param: { site, id: q(id) } }));
  metrics = (site: string) => this.call(this.api.sites[':site'].metrics.$get({ param: { site } }));
  saveMetric = (site: string, metric: NewMetric) =>
    this.call(this.api.sites[':site'].metrics.$post({ param: { site }, json: metric }));
  deleteMetric = (site: string, key: string) =>
    this.call(this.api.sites[':site'].metrics[':key'].$delete({ param: { site, key: q(key) } }));
  planner = (site: string, query: PlanQuery) =>
    this.call(this.api.sites[':site'].metrics.planner.$get({ param: { site }, query }));
  summaries = () => this.call(this.api.me.summaries.$get());
  setSummaries = (settings: SummarySettingsInput) => this.call(this.api.me.summaries.$put({ json: settings }));
  setMetricRoles = (site: string, key: string, roles: MetricRoles) =>
    this.call(this.api.sites[':site'].metrics.experiments[':key'].$put({ param: { site, key: q(key) }, json: roles }));
  tail = (site: string, limit: number) =>
    this.call(this.api.sites[':site'].events.tail.$get({ param: { site }, query: { limit: String(limit) } }));
}
