// The ClickHouse events backend: `openEvents(url)` for --events / NUDGE_EVENTS_URL (store/compose.ts joins it to control).
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
