// The ClickHouse events backend: `openEvents(url)` for the server's --events / NUDGE_EVENTS_URL, and a composition.
import { composeStore, type ControlPart } from '../compose.js';
import type { Store } from '../ports.js';
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
 * One Store from control data on one backend and events plus reports on ClickHouse (compose.ts's composition);
 * closing it closes the events first (their last flush), then the control store.
 */
export const withClickHouseEvents = (control: ControlPart, events: ClickHouseEvents): Store =>
  composeStore(control, events);
