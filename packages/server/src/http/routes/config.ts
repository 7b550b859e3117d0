// GET /v1/config/:site (ETag, short cache) and its SSE stream, which pushes each publish to open pages.
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { crawlerConfig, isCrawler } from '../bots.js';
import { cors, noteSeen, originRefused, preflight } from '../cors.js';
import type { Deps } from '../deps.js';
import { fail } from '../errors.js';
import { clientAddress, limited } from '../limits.js';

/** Says which config schema a served document was checked against at publish (core's CHECKED_HEADER). */
const CHECKED_HEADER = 'Nudge-Config-Checked';

/** What a refused stream is told to wait, in seconds. */
const STREAM_RETRY_S = 30;

export interface StreamOptions {
  heartbeatMs: number;
  /** ends every open stream (graceful shutdown) */
  open: Set<() => void>;
}

export const configRoutes = (
  d: Pick<Deps, 'sites' | 'configs' | 'bus' | 'limits'> & Partial<Pick<Deps, 'refused' | 'seen'>>,
  s: StreamOptions,
) => {
  /** The site's current config, or the answer refusing the request (rate, unknown site, origin). */
  const scope = async (c: Context) => {
    const flood = await limited(c, d.limits.config, clientAddress(c));
    if (flood) return { res: flood };
    const site = c.req.param('site') ?? '';
    const cur = d.sites.get(site) ? d.configs.get(site) : undefined;
    if (!cur) return { res: fail(c, 404, 'unknown_site', `no site "${site}"`) };
    if (!cors(c, d.sites, site)) return { res: originRefused(c, site, d.refused) };
    noteSeen(c, d.sites, d.seen, site);
    return { site, cur };
  };

  return (
    new Hono()
      // a refresh sends If-None-Match (not a simple header: the browser asks first), and a page's fetch wrapper may add more
      .options('/:site', (c) => preflight(c, d.sites, c.req.param('site'), 'GET, OPTIONS'))
      .get('/:site', async (c) => {
        const { res, cur } = await scope(c);
        if (res) return res;
        // a crawler is assigned to nothing: its copy has no running experiments (own ETag; caches keyed by agent)
        const served = isCrawler(c.req.header('user-agent')) ? crawlerConfig(cur) : cur;
        c.header('ETag', served.etag);
        c.header('Vary', 'User-Agent');
        c.header('Cache-Control', 'public, max-age=10, stale-while-revalidate=60');
        // Every document served here passed the config schema at publish: the browser client skips its own validator
        // (zod, ~50 ms on a slow phone) for documents so marked, and for this server's stream (core config/remote.ts).
        c.header(CHECKED_HEADER, '1');
        if (c.req.header('origin')) c.header('Access-Control-Expose-Headers', `Retry-After, ${CHECKED_HEADER}`);
        const inm = c.req.header('if-none-match');
        if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === served.etag)) return c.body(null, 304);
        return c.body(served.doc, 200, { 'Content-Type': 'application/json; charset=utf-8' });
      })
      .get('/:site/stream', async (c) => {
        const { res, site } = await scope(c);
        if (res) return res;
        // Taken before the stream starts, so parallel connects cannot all slip under the cap.
        const slot = d.limits.streams.acquire(clientAddress(c));
        if ('refused' in slot) {
          c.header('Retry-After', String(STREAM_RETRY_S));
          return fail(
            c,
            429,
            'too_many_streams',
            slot.refused === 'address'
              ? `at most ${slot.cap} open config streams per client address; retry after ${STREAM_RETRY_S} s`
              : `the server has ${slot.cap} open config streams; retry after ${STREAM_RETRY_S} s`,
          );
        }
        c.header('Cache-Control', 'no-cache, no-transform');
        c.header('X-Accel-Buffering', 'no');
        const crawler = isCrawler(c.req.header('user-agent'));
        const docFor = (cur: { doc: string; etag: string }) => (crawler ? crawlerConfig(cur).doc : cur.doc);
        try {
          return streamSSE(c, async (stream) => {
            let done!: () => void;
            const finished = new Promise<void>((r) => (done = r));
            // The bus says which version is in force; the document is this process's copy (read when it is newer).
            const send = (version: number) =>
              void d.configs
                .at(site, version)
                .then((cur) => cur && stream.writeSSE({ event: 'config', data: docFor(cur), id: String(cur.version) }))
                .catch(done);
            const unsubscribe = d.bus.subscribe(site, send);
            const beat = setInterval(
              () => void stream.writeSSE({ event: 'heartbeat', data: String(Date.now()) }).catch(done),
              s.heartbeatMs,
            );
            s.open.add(done);
            stream.onAbort(done);
            try {
              const cur = d.configs.get(site)!;
              await stream.writeSSE({ event: 'config', data: docFor(cur), id: String(cur.version), retry: 2000 });
              await finished;
            } finally {
              clearInterval(beat);
              unsubscribe();
              s.open.delete(done);
              slot.release();
            }
          });
        } catch (err) {
          slot.release();
          throw err;
        }
      })
  );
};
