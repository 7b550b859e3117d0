// What the route groups share: the stores, the site and config services, the config bus and the limits.
import type { ConfigBus } from '../config/bus.js';
import type { ConfigService } from '../config/service.js';
import type { Sites } from '../sites.js';
import type { Store } from '../store/store.js';
import type { Limits } from './limits.js';

export interface Deps {
  store: Store;
  sites: Sites;
  configs: ConfigService;
  hub: ConfigBus;
  limits: Limits;
}

/** Queued (acknowledged, not yet written) events above which ingest answers 503 rather than grow without bound. */
export const MAX_PENDING_EVENTS = 200_000;
