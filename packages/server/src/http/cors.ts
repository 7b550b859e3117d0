// Cross-origin answers: a site's allowed origins get CORS headers, Retry-After readable by the page.
import type { Context, MiddlewareHandler } from 'hono';
import type { RefusedOrigins } from '../refused-origins.js';
import { requestOrigin, type SeenOrigins } from '../seen-origins.js';
import type { Sites } from '../sites.js';
import { fail } from './errors.js';

/**
 * Sets CORS headers when `origin` may call `site` (any site, when undefined); true when allowed. A request without an
 * Origin is not a browser cross-origin request (server-side, curl, same-origin GET) and is allowed.
 */
export function cors(c: Context, sites: Sites, site: string | undefined): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  const ok = site ? sites.allows(site, origin) : sites.anyAllows(origin);
  if (ok) {
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    // The tracker honours Retry-After on 429/503; cross-origin it can only read it when exposed.
    c.header('Access-Control-Expose-Headers', 'Retry-After');
  }
  return ok;
}

/** A request header name (an RFC 9110 token), as a preflight may echo it. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/;

/**
 * Answers a CORS preflight from an origin `site` allows (any site's, when undefined): `methods`, and the request
 * headers the page's fetch will send. Those are Nudge's own (`content-type`, `if-none-match` on a config refresh) and
 * whatever another script's fetch wrapper adds (tracing headers such as `traceparent`, `x-datadog-*`): refusing one
 * would fail Nudge's request on that shop. Names only, bounded, echoed; no credentials are ever allowed.
 */
export function preflight(c: Context, sites: Sites, site: string | undefined, methods: string) {
  if (!cors(c, sites, site)) return originRefused(c);
  const asked = (c.req.header('access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => HEADER_NAME.test(h) && h !== 'content-type')
    .slice(0, 32);
  c.header('Access-Control-Allow-Methods', methods);
  c.header('Access-Control-Allow-Headers', ['content-type', ...asked].join(', '));
  c.header('Access-Control-Max-Age', '600');
  c.header('Vary', 'Origin, Access-Control-Request-Headers');
  return c.body(null, 204);
}

/**
 * The 403 for an origin `site` does not allow, counted for the site's errors report. The page may read it (CORS on
 * the refusal only), so the browser SDK can say in the page's console which origin to allow and where.
 */
export function originRefused(c: Context, site?: string, refused?: Pick<RefusedOrigins, 'note'>) {
  const origin = c.req.header('origin') ?? '';
  if (site !== undefined) refused?.note(site, origin);
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
  return fail(
    c,
    403,
    'origin_not_allowed',
    site === undefined
      ? `origin ${origin} is not allowed`
      : `origin ${origin} is not allowed for site "${site}": add it to the site's allowed origins (Nudge console, Site settings)`,
  );
}

/**
 * Errors must be readable by the page too (else a 400 looks like a network failure and gets retried forever), so any
 * origin some site allows gets CORS headers up front; the request's own site is checked once it is known.
 */
export const corsForErrors =
  (sites: Sites): MiddlewareHandler =>
  async (c, next) => {
    cors(c, sites, undefined);
    await next();
  };

/** An allowed page of `site` asked for its config or sent events: where the tag runs (the Install view). */
export function noteSeen(c: Context, sites: Sites, seen: Pick<SeenOrigins, 'note'> | undefined, site: string): void {
  if (!seen) return;
  const origin = requestOrigin((name) => c.req.header(name));
  // a Referer is whatever the client says: only an origin the site allows is recorded
  if (origin && sites.allows(site, origin)) seen.note(site, origin);
}
