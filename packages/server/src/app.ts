// The HTTP surface as one hono app: the route groups mounted, with the error, 404 and nosniff handlers around them.
import { Hono } from 'hono';
import { Accounts } from './accounts/accounts.js';
import { scryptPasswords } from './accounts/passwords.js';
import { AccountStore } from './accounts/store.js';
import { InProcessBus, type ConfigBus } from './config/bus.js';
import { nodeSecrets } from './auth.js';
import { ConfigService } from './config/service.js';
import { Drafts } from './config/drafts.js';
import type { Deps } from './http/deps.js';
import { nosniff, notFound, onError } from './http/errors.js';
import { memoryLimits, trustedAddress, type LimitOptions, type Limits } from './http/limits.js';
import { adminRoutes } from './http/routes/admin/index.js';
import { authRoutes } from './http/routes/auth.js';
import { collectRoutes } from './http/routes/collect.js';
import { configRoutes } from './http/routes/config.js';
import { consoleRoutes } from './http/routes/console.js';
import { embedRoutes } from './http/routes/embed.js';
import { healthRoutes } from './http/routes/health.js';
import { claimRoutes, referralRoutes } from './http/routes/rewards.js';
import { leadConfirmRoutes } from './http/routes/lead-confirm.js';
import { segmentRoutes } from './http/routes/segment.js';
import { Rewards } from './rewards/rewards.js';
import { RefusedOrigins } from './refused-origins.js';
import { SeenOrigins } from './seen-origins.js';
import { Sites } from './sites.js';
import { MetricStore } from './metrics/store.js';
import { metricQueriesOf } from './store/metric-queries.js';
import { visitorEventsOf } from './store/visitor-events.js';
import { dashboardQueriesOf } from './store/dashboard-queries.js';
import { AlertScheduler } from './alerts/scheduler.js';
import { ScheduleHistory } from './config/schedule-history.js';
import { alertSources } from './alerts/sources.js';
import { AlertStore } from './alerts/store.js';
import { webhookDeliver } from './alerts/webhook.js';
import { siteMailer } from './mail.js';
import { SummaryScheduler } from './summaries/scheduler.js';
import { SummaryStore } from './summaries/store.js';
import type { Store } from './store/store.js';

export { MAX_BODY_BYTES } from './http/body-limit.js';

export interface AppOptions extends LimitOptions {
  store: Store;
  /** SHA-256 of the admin token */
  adminTokenHash: string;
  /** folder of the built console (index.html + assets) */
  consoleDir?: string;
  /** where the embed's built files may be (served under /nudge/v1/): the first folder holding a nudge.js */
  embedDirs?: string[];
  heartbeatMs?: number;
  /**
   * Rate limits and stream caps; default: in this process's memory, from `rateLimit` (ingest per site and per
   * client address; `config` the public config GETs and stream connects per address; `admin` the admin API per
   * address) and `streams` (open config streams per client address and in all).
   */
  limits?: Limits;
  /** How publishes reach open config streams; default: this process only. */
  bus?: ConfigBus;
  /**
   * Behind a load balancer: rate limits and stream caps count the address it appended last to X-Forwarded-For instead
   * of the socket's peer (the balancer). Off by default: the header is then ignored, as a client could forge it.
   */
  trustProxy?: boolean;
  /** People, sessions and tokens; default: in the store's control database (`store.sql`). */
  accounts?: Accounts;
  /** Lines for whoever runs the server (password reset links when no mail is set up); default: stderr. */
  log?: (line: string) => void;
  /** How long GET /readyz waits for each store (default 1000 ms). */
  readyTimeoutMs?: number;
}

export interface NudgeApp {
  app: Hono;
  configs: ConfigService;
  sites: Sites;
  /** the config bus (its count: open config streams in this process) */
  hub: ConfigBus;
  /** ends open SSE streams (graceful shutdown) */
  closeStreams(): void;
  /** starts draining: GET /readyz answers 503 from now on (requests are still served) */
  drain(): void;
  /** the alert rules' evaluator: `start(intervalMs)` runs it on a schedule, `runOnce(now)` once */
  alerts: AlertScheduler;
  /** people's daily and weekly summaries: `start(intervalMs)` sends what is due on a schedule, `runOnce(now)` once */
  summaries: SummaryScheduler;
  /** records scheduled starts and stops in the history: `start(intervalMs)` runs it (server.ts), `runOnce(now)` once */
  schedules: ScheduleHistory;
  /** origins refused per site (flushed before the store closes) */
  refused: RefusedOrigins;
  /** where each site's tag was seen (flushed before the store closes) */
  seen: SeenOrigins;
  /** Finishes the rewards' work for acknowledged events and the lead delivery round in flight (before the store closes). */
  settle(): Promise<void>;
}

export function createApp(opts: AppOptions): NudgeApp {
  const { store } = opts;
  const hub = opts.bus ?? new InProcessBus();
  const sites = new Sites(store);
  const configs = new ConfigService(store, hub);
  const rewards = new Rewards(store.sql, {
    config: (site) => configs.config(site),
    origin: (site) => sites.get(site)?.allowedOrigins.find((o) => o !== '*'),
    // a visitor data request covers their events too
    events: visitorEventsOf(store),
    // what the widgets read of the rewards (the email promise, the referral program, the next-order widget) is set
    // on every publish from the settings (configs.serverKeys below): a change to them is a publish like any other
    republish: async (site, note) => {
      await configs.update(site, (c) => c, { author: 'nudge-server', action: { type: 'publish', note } });
    },
  });
  rewards.resumeDelivery();
  configs.serverKeys((site) => rewards.publicKeys(site));
  const d: Deps = {
    control: store,
    // purchases that use an issued coupon code mark it redeemed as they are ingested
    events: rewards.watch(store),
    reports: store,
    sites,
    configs,
    bus: hub,
    limits: opts.limits ?? memoryLimits(opts),
    secrets: nodeSecrets,
    drafts: new Drafts(store.sql),
    accounts:
      opts.accounts ?? new Accounts(new AccountStore(store.sql), nodeSecrets, opts.adminTokenHash, scryptPasswords),
    metricQueries: metricQueriesOf(store),
    metricStore: new MetricStore(store.sql),
    dashboard: dashboardQueriesOf(store),
    alerts: new AlertStore(store.sql),
    summaries: new SummaryStore(store.sql),
    rewards,
    refused: new RefusedOrigins(store),
    seen: new SeenOrigins(store),
  };
  const log = opts.log ?? ((line: string) => console.error(`[nudge-server] ${line}`));
  // evaluated on a schedule by the server (server.ts starts it); the lock in the control store lets one server do it
  const alerts = new AlertScheduler({
    store: d.alerts,
    sources: alertSources(store, d.dashboard, configs, rewards),
    sites: () => sites.list().map((s) => s.id),
    deliver: webhookDeliver(),
    mail: siteMailer(store.sql),
    currency: (site) => configs.config(site)?.currency,
    holder: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  });
  // the alerts' lock table, under another name: one server sends each period's summaries
  const summaries = new SummaryScheduler({
    store: d.summaries,
    lock: (name, holder, now, until) => d.alerts.lock(name, holder, now, until),
    holder: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    dashboard: d.dashboard,
    config: (site) => configs.config(site),
    siteExists: (site) => !!sites.get(site),
    person: async (id) => (await d.accounts.users()).find((u) => u.id === id),
    // the site's published time zone (issue 15's schedules), else UTC
    timeZone: (site) => configs.config(site)?.timeZone,
    mail: siteMailer(store.sql),
    deliver: webhookDeliver(),
  });
  // the same lock pattern: of several servers one records each scheduled start and stop
  const schedules = new ScheduleHistory(store.sql, {
    sites: () => sites.list().map((s) => s.id),
    config: (site) => configs.config(site),
    version: async (site, v) => (await store.getConfig(site, v))?.doc,
    holder: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    lock: (name, holder, now, until) => d.alerts.lock(name, holder, now, until),
  });
  d.schedules = schedules;
  const open = new Set<() => void>();
  let draining = false;
  const app = new Hono()
    .onError(onError)
    .notFound(notFound)
    .use(nosniff)
    .use(trustedAddress(!!opts.trustProxy))
    .route(
      '/',
      healthRoutes(d, {
        draining: () => draining,
        ...(opts.readyTimeoutMs ? { timeoutMs: opts.readyTimeoutMs } : {}),
      }),
    )
    .route('/v1/events', collectRoutes(d))
    .route('/v1', segmentRoutes(d))
    .route('/v1/coupons', claimRoutes(d))
    .route('/v1/referrals', referralRoutes(d))
    .route('/v1/leads', leadConfirmRoutes(d))
    .route('/v1/config', configRoutes(d, { heartbeatMs: opts.heartbeatMs ?? 15_000, open }))
    .route('/v1/auth', authRoutes(d, log))
    .route('/v1/admin', adminRoutes(d))
    .route('/nudge/v1', embedRoutes(opts.embedDirs ?? [], { trustProxy: !!opts.trustProxy }))
    .route('/', consoleRoutes(opts.consoleDir));
  return {
    app,
    configs,
    sites,
    hub,
    alerts,
    summaries,
    schedules,
    closeStreams: () => {
      for (const done of open) done();
      // part of shutting down: no lead delivery round starts after this
      void rewards.stop();
    },
    drain: () => {
      draining = true;
    },
    refused: d.refused,
    seen: d.seen,
    settle: async () => {
      await rewards.settled();
      await rewards.stop();
    },
  };
}
