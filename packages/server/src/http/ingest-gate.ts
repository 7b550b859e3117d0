// The checks every ingest request passes before its events are read (flood, site rate, backlog), and the 503 after.
import type { Context } from 'hono';
import type { Deps } from './deps.js';
import { fail } from './errors.js';
import { clientAddress, limited } from './limits.js';

/** Per client address: checked before the body is read, so a flood costs no parsing. */
export const addressLimited = (c: Context, d: Pick<Deps, 'limits'>) =>
  limited(c, d.limits.perAddress, `addr:${clientAddress(c)}`);

const NO_WIDGETS: ReadonlyMap<string, string> = new Map();
/** Widget id -> type in the site's live config, for the rows' widgetType (built once per version, not per request). */
export const widgetTypes = (d: Pick<Deps, 'configs'>, site: string): ReadonlyMap<string, string> =>
  d.configs.get(site)?.widgetTypes ?? NO_WIDGETS;

/** The site's rate, then the event sink's back-pressure: while it cannot keep up, refuse instead of acknowledging. */
export async function siteRefused(
  c: Context,
  d: Pick<Deps, 'limits' | 'events'>,
  site: string,
): Promise<Response | undefined> {
  const flood = await limited(c, d.limits.perSite, `site:${site}`);
  if (flood) return flood;
  if (!d.events.full()) return undefined;
  c.header('Retry-After', '2');
  return fail(c, 503, 'overloaded', 'the collector is writing a backlog; retry shortly');
}

/** Seconds a client is asked to wait when its events were not stored; the write buffer retries its flush every 1 s. */
const NOT_STORED_RETRY_S = 2;
const LOG_EVERY_MS = 10_000;
let lastLog = 0;
let unlogged = 0;

/**
 * The events may not be stored (a flush failed, or a store cannot be reached): 503 with Retry-After, never a 2xx, so
 * the client keeps them and sends them again (stored once, by id). Logged at most every 10 s, with how many since.
 */
export function notStored(c: Context, err: unknown): Response {
  unlogged++;
  const now = Date.now();
  if (now - lastLog >= LOG_EVERY_MS) {
    console.error(`[nudge-server] answered 503 to ${unlogged} ingest request(s): events not stored (${String(err)})`);
    lastLog = now;
    unlogged = 0;
  }
  c.header('Retry-After', String(NOT_STORED_RETRY_S));
  return fail(c, 503, 'not_stored', 'the events could not be stored; send them again shortly');
}
