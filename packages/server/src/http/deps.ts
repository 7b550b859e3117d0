// What the route groups share: stores, sites, configs, the config bus, limits and secrets (as types free of Node's).
import type { ConfigBus } from '../config/bus.js';
import type { Configs } from '../config/configs.js';
import type { Sites } from '../sites.js';
import type { Store } from '../store/store.js';
import type { Secrets } from './credentials.js';
import type { Limits } from './limits.js';

export interface Deps {
  store: Store;
  sites: Sites;
  configs: Configs;
  bus: ConfigBus;
  limits: Limits;
  secrets: Secrets;
}

/** Queued (acknowledged, not yet written) events above which ingest answers 503 rather than grow without bound. */
export const MAX_PENDING_EVENTS = 200_000;
