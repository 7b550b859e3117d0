// POST /v1/events: the browser tracker's batches (JSON, or text/plain from sendBeacon), CORS for the site's origins.
import { Hono } from 'hono';
import { checkBatch, ingestBrowser } from '../../ingest/browser.js';
import { bodyLimit } from '../body-limit.js';
import { crawlerRefused } from '../bots.js';
import { cors, corsForErrors, noteSeen, originRefused, preflight } from '../cors.js';
import type { Deps } from '../deps.js';
import { fail, parseJson } from '../errors.js';
import { addressLimited, notStored, siteRefused, widgetTypes } from '../ingest-gate.js';
import { clientAddress } from '../limits.js';

export const collectRoutes = (
  d: Pick<Deps, 'events' | 'control' | 'sites' | 'configs' | 'limits'> & Partial<Pick<Deps, 'refused' | 'seen'>>,
) =>
  new Hono()
    .options('/', (c) => preflight(c, d.sites, undefined, 'POST, OPTIONS'))
    .post('/', corsForErrors(d.sites), bodyLimit, async (c) => {
      const receivedAt = Date.now();
      const flood = await addressLimited(c, d);
      if (flood) return flood;
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type && type !== 'application/json' && type !== 'text/plain')
        return fail(c, 415, 'unsupported_media_type', 'send the batch as application/json or text/plain (beacon)');
      const parsed = parseJson(await c.req.text());
      if (!parsed.ok) return fail(c, 400, 'invalid_json', `body is not JSON: ${parsed.message}`);
      const batch = checkBatch(parsed.value);
      if (!batch.ok) return fail(c, 400, 'invalid_batch', 'the batch is malformed', batch.issues);
      if (!d.sites.get(batch.site)) return fail(c, 404, 'unknown_site', `no site "${batch.site}"`);
      if (!cors(c, d.sites, batch.site)) return originRefused(c, batch.site, d.refused);
      const refused = await siteRefused(c, d, batch.site);
      if (refused) return refused;
      const crawler = await crawlerRefused(c, d, batch.site, batch.events);
      if (crawler) return crawler;
      let body;
      try {
        // the client address goes with the batch to the next-order coupon's per-address cap (never stored as such)
        body = await ingestBrowser(d, batch, receivedAt, widgetTypes(d, batch.site), { address: clientAddress(c) });
      } catch (err) {
        return notStored(c, err);
      }
      // Nothing usable: a 400 with every path. Some usable: 200, because the good events are stored and a 4xx would
      // make the tracker count the whole batch as dropped; the bad ones are listed (and counted in /stats).
      if (body.rejected.length && !body.accepted)
        return c.json(
          {
            error: 'invalid_events',
            message: `all ${body.rejected.length} event(s) rejected`,
            issues: body.rejected.flatMap((r) => r.issues),
            ...body,
          },
          400,
        );
      // the tag runs there only if the batch stored an event: an empty or refused one is anyone's curl
      if (body.accepted) noteSeen(c, d.sites, d.seen, batch.site);
      return c.json(body, 200);
    });
