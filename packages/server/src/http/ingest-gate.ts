// The checks every ingest request passes before its events are read: per-address flood, per-site rate, backlog.
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
