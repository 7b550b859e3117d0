// Segment's HTTP Tracking API (/v1/batch, /v1/track, /v1/identify, /v1/page): server-side libraries, write-key auth.
import { Hono, type Context } from 'hono';
import { ingestSegment, MAX_SEGMENT_BATCH, segmentKeys } from '../../ingest/segment-batch.js';
import { bodyLimit } from '../body-limit.js';
import { crawlerRefused, isCrawler } from '../bots.js';
import { credentials } from '../credentials.js';
import type { Deps } from '../deps.js';
import { fail, parseJson } from '../errors.js';
import { addressLimited, notStored, siteRefused, widgetTypes } from '../ingest-gate.js';

export const segmentRoutes = (
  d: Pick<Deps, 'events' | 'control' | 'reports' | 'sites' | 'configs' | 'limits' | 'secrets'>,
) => {
  const answer = async (c: Context, messages: unknown[], writeKeyFromBody: unknown) => {
    const receivedAt = Date.now();
    const key =
      credentials(c.req.header('authorization')).basicUser ??
      (typeof writeKeyFromBody === 'string' ? writeKeyFromBody : undefined);
    if (!key) return fail(c, 401, 'missing_write_key', 'send the write key as Basic auth user name');
    const record = await d.control.findWriteKey(d.secrets.hash(key));
    if (!record || !d.sites.get(record.site)) return fail(c, 401, 'invalid_write_key', 'unknown write key');
    const refused = await siteRefused(c, d, record.site);
    if (refused) return refused;
    if (messages.length > MAX_SEGMENT_BATCH)
      return fail(c, 400, 'invalid_batch', `at most ${MAX_SEGMENT_BATCH} messages per batch`, [
        { path: 'batch', message: 'too many messages' },
      ]);
    // a crawler calling the API itself is refused whole, as on /v1/events; a backend forwarding a crawler's visit
    // (context.userAgent) has that message left out, counted the same way
    const crawler = await crawlerRefused(c, d, record.site, messages, segmentKeys);
    if (crawler) return crawler;
    let r;
    try {
      r = await ingestSegment(d, record.site, messages, receivedAt, widgetTypes(d, record.site), isCrawler);
    } catch (err) {
      return notStored(c, err);
    }
    if (r.crawlers && r.crawlers === messages.length)
      return fail(
        c,
        403,
        'crawler',
        'events from known crawlers are not collected; they are counted as left out',
        r.issues,
      );
    if (r.issues.length && !r.rows)
      return c.json(
        {
          error: 'invalid_events',
          message: `all ${messages.length} message(s) rejected`,
          issues: r.issues,
          accepted: 0,
        },
        400,
      );
    return c.json({ success: true, accepted: r.accepted, ...(r.issues.length ? { issues: r.issues } : {}) }, 200);
  };

  /** The parsed body (flood-checked first, so a flood costs no parsing), else the error to answer. */
  const read = async (c: Context): Promise<{ body: unknown } | Response> => {
    const flood = await addressLimited(c, d);
    if (flood) return flood;
    const parsed = parseJson(await c.req.text());
    return parsed.ok ? { body: parsed.value } : fail(c, 400, 'invalid_json', `body is not JSON: ${parsed.message}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

  const single = (type: 'track' | 'identify' | 'page') => async (c: Context) => {
    const r = await read(c);
    if (r instanceof Response) return r;
    if (!isObject(r.body)) return fail(c, 400, 'invalid_batch', 'expected a message object');
    return answer(c, [{ ...r.body, type }], r.body.writeKey);
  };

  return new Hono()
    .post('/batch', bodyLimit, async (c) => {
      const r = await read(c);
      if (r instanceof Response) return r;
      const body = r.body;
      if (!isObject(body) || !Array.isArray(body.batch))
        return fail(c, 400, 'invalid_batch', 'expected { batch: [...] }', [
          { path: 'batch', message: 'expected an array of messages' },
        ]);
      return answer(c, body.batch, body.writeKey);
    })
    .post('/track', bodyLimit, single('track'))
    .post('/identify', bodyLimit, single('identify'))
    .post('/page', bodyLimit, single('page'));
};
