// Known crawlers (the isbot list) get a config without running experiments, and their events are refused and counted.
import type { Context } from 'hono';
import { createIsbotFromList, list } from 'isbot';
import type { Deps } from './deps.js';
import { fail } from './errors.js';

/**
 * isbot's list without the automation and audit tools (headless browsers, Playwright, Selenium, Lighthouse): those
 * drive real pages for tests and page-cost audits, including this repository's own end-to-end suite, and are not
 * crawlers of the shop. Server side only: the every-page client budget has no room for the list.
 */
const AUTOMATION = /^(headless|playwright|selenium|phantomjs|chrome-lighthouse)$/;
const crawler = createIsbotFromList(list.filter((p) => !AUTOMATION.test(p)));

/**
 * isbot also matches bare HTTP-library agents (`node`, `undici`, `curl/8.5.0`, `python-requests/2.31`): those are
 * server-side senders (the tracker in Node, a shop's backend), not crawlers. A crawler either describes itself
 * (`Mozilla/5.0 (compatible; Googlebot/2.1; ...)`, `facebookexternalhit/1.1 (+http://...)`: a space) or names itself
 * one (`Googlebot-Image/1.0`, `Twitterbot/1.0`).
 */
const DECLARED = /\s|bot|crawl|spider|slurp|archiver|preview/i;

/** True for a known crawler's user agent (an absent one is not: server-side senders often send none). */
export const isCrawler = (userAgent: string | undefined | null): boolean =>
  !!userAgent && DECLARED.test(userAgent) && crawler(userAgent);

const stripped = new WeakMap<object, { doc: string; etag: string }>();

/**
 * The document a crawler gets: running and paused experiments removed, so it is assigned to none and never exposed
 * (a stopped experiment stays: its winner is what every visitor sees). Computed once per version.
 */
export function crawlerConfig(cur: { doc: string; etag: string }): { doc: string; etag: string } {
  let out = stripped.get(cur);
  if (!out) {
    const doc = JSON.parse(cur.doc) as { experiments?: { status?: string }[] };
    doc.experiments = (doc.experiments ?? []).filter((e) => e.status !== 'running' && e.status !== 'paused');
    out = { doc: JSON.stringify(doc), etag: `${cur.etag.replace(/"$/, '')}-crawler"` };
    stripped.set(cur, out);
  }
  return out;
}

const idOf = (e: unknown) =>
  typeof e === 'object' && e !== null && typeof (e as { id?: unknown }).id === 'string' ? (e as { id: string }).id : '';

/**
 * A crawler's batch: not stored (so no report counts it), counted once per event id in the site's `bots` counter
 * (shown in /stats and the experiment report), and answered 403 so nothing is acknowledged that is not stored.
 */
export async function crawlerRefused(
  c: Context,
  d: Pick<Deps, 'control'>,
  site: string,
  events: readonly unknown[],
  /** the key an event is counted under once (default: its `id`) */
  keysOf: (e: unknown) => string[] = (e) => [idOf(e)].filter(Boolean),
): Promise<Response | undefined> {
  if (!isCrawler(c.req.header('user-agent'))) return undefined;
  const keys = events.flatMap(keysOf);
  await d.control.countOnce(site, 'bots', [{ keys, n: events.length }]);
  return fail(c, 403, 'crawler', 'events from known crawlers are not collected; they are counted as left out');
}
