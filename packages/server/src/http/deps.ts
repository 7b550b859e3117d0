// What the route groups share: the store's ports, sites, configs, the config bus, limits and secrets (free of Node's types).
import type { Accounts } from '../accounts/accounts.js';
import type { ConfigBus } from '../config/bus.js';
import type { Drafts } from '../config/drafts.js';
import type { Configs } from '../config/configs.js';
import type { RewardsService } from '../rewards/service.js';
import type { RefusedOrigins } from '../refused-origins.js';
import type { SeenOrigins } from '../seen-origins.js';
import type { Sites } from '../sites.js';
import type { ControlStore, EventSink, ReportQueries } from '../store/ports.js';
import type { MetricQueries } from '../store/metric-queries.js';
import type { MetricStore } from '../metrics/store.js';
import type { DashboardQueries } from '../store/dashboard-queries.js';
import type { AlertStore } from '../alerts/store.js';
import type { SummaryStore } from '../summaries/store.js';
import type { ScheduleHistory } from '../config/schedule-history.js';
import type { Secrets } from './credentials.js';
import type { Limits } from './limits.js';

/** Each route group takes the part it uses (`Pick<Deps, ...>`), so what it may touch is in its signature. */
export interface Deps {
  /** sites, write keys, config versions, counters and retry keys */
  control: ControlStore;
  /** where acknowledged events are queued for writing */
  events: EventSink;
  /** reads over stored events */
  reports: ReportQueries;
  sites: Sites;
  configs: Configs;
  bus: ConfigBus;
  limits: Limits;
  secrets: Secrets;
  /** people, sessions, API tokens and the audit trail */
  accounts: Accounts;
  /** drafts waiting for a publisher, and each site's approval rule */
  drafts: Drafts;
  /** per-variant sums of any metric over events (beside `reports`, so a backend can add it on its own) */
  metricQueries: MetricQueries;
  /** metric definitions, experiment metric roles and the site margin (control data) */
  metricStore: MetricStore;
  /** the shop dashboard's queries; undefined for a backend without them */
  dashboard: DashboardQueries | undefined;
  /** alert rules, delivery, state and events (control data) */
  alerts: AlertStore;
  /** people's daily and weekly summary settings and what was sent (control data) */
  summaries: SummaryStore;
  /** scheduled starts and stops, shown in the history (set by the composition once it exists) */
  schedules?: ScheduleHistory;
  /** coupon pools and claims, redemption */
  rewards: RewardsService;
  /** origins refused per site, for the errors report */
  refused: RefusedOrigins;
  /** allowed origins each site's tag was seen on last (the console's Install view) */
  seen: SeenOrigins;
}
