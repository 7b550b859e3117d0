// The ClickHouse events backend: `openEvents(url)` for the server's --events / NUDGE_EVENTS_URL, and a composition.
import type { ControlStore, Lifecycle, Store } from '../ports.js';
import { ClickHouseEvents, type ClickHouseEventsOptions } from './clickhouse-events.js';
import { parseEventsUrl, type Engine } from './connection.js';

export { ClickHouseEvents, type ClickHouseEventsOptions } from './clickhouse-events.js';
export { parseEventsUrl, type Engine } from './connection.js';

/** Whether `url` names ClickHouse (`clickhouse://` or `clickhouses://`). */
export const isClickHouseUrl = (url: string): boolean => /^clickhouses?:\/\//i.test(url.trim());

/** Why `url` cannot be a ClickHouse events URL (for a clear start-up error), or undefined when it can. */
export function clickHouseUrlProblem(url: string): string | undefined {
  try {
    parseEventsUrl(url);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Opens (and migrates) the events backend a `clickhouse://` URL names. */
export async function openEvents(url: string | Engine, opts: ClickHouseEventsOptions = {}): Promise<ClickHouseEvents> {
  const events = new ClickHouseEvents(url, opts);
  await events.init();
  return events;
}

/**
 * One Store from control data on one backend and events plus reports on ClickHouse; both must be started. Closing it
 * closes the events first (their last flush), then the control store.
 */
export function withClickHouseEvents(control: ControlStore & Lifecycle, events: ClickHouseEvents): Store {
  const c = control;
  return {
    init: async () => {
      await c.init();
      await events.init();
    },
    close: async () => {
      try {
        await events.close();
      } finally {
        await c.close();
      }
    },
    getMeta: (k) => c.getMeta(k),
    setMeta: (k, v) => c.setMeta(k, v),
    countOnce: (s, k, r) => c.countOnce(s, k, r),
    counter: (s, k) => c.counter(s, k),
    firstSeen: (s, k, keys, at) => c.firstSeen(s, k, keys, at),
    createSite: (s) => c.createSite(s),
    getSite: (id) => c.getSite(id),
    listSites: () => c.listSites(),
    updateSite: (id, p) => c.updateSite(id, p),
    addWriteKey: (k) => c.addWriteKey(k),
    listWriteKeys: (s) => c.listWriteKeys(s),
    findWriteKey: (h) => c.findWriteKey(h),
    deleteWriteKey: (s, p) => c.deleteWriteKey(s, p),
    insertConfig: (r) => c.insertConfig(r),
    getConfig: (s, v) => c.getConfig(s, v),
    latestConfig: (s) => c.latestConfig(s),
    configHistory: (s) => c.configHistory(s),
    append: (rows) => events.append(rows),
    flush: () => events.flush(),
    pending: () => events.pending(),
    full: () => events.full(),
    countQuarantined: (s) => events.countQuarantined(s),
    ping: () => events.ping(),
    countEvents: (s) => events.countEvents(s),
    countInvalidProps: (s) => events.countInvalidProps(s),
    visitorsForUsers: (s, ids) => events.visitorsForUsers(s, ids),
    tail: (s, n) => events.tail(s, n),
    funnel: (s, e, r, sc) => events.funnel(s, e, r, sc),
    conversionOverTime: (s, e, r, sc) => events.conversionOverTime(s, e, r, sc),
    exposurePeriods: (s, e, r, b, sc) => events.exposurePeriods(s, e, r, b, sc),
    vitals: (s, e, r, sc) => events.vitals(s, e, r, sc),
    widgets: (s, r) => events.widgets(s, r),
    referrals: (s, r) => events.referrals(s, r),
    errors: (s, r, n) => events.errors(s, r, n),
  };
}
