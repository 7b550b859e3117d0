// What the route groups share: the store's ports, sites, configs, the config bus, limits and secrets (free of Node's types).
import type { Accounts } from '../accounts/accounts.js';
import type { ConfigBus } from '../config/bus.js';
import type { Drafts } from '../config/drafts.js';
import type { Configs } from '../config/configs.js';
import type { RefusedOrigins } from '../refused-origins.js';
import type { Sites } from '../sites.js';
import type { ControlStore, EventSink, ReportQueries } from '../store/ports.js';
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
  /** origins refused per site, for the errors report */
  refused: RefusedOrigins;
}
