// Whether a request reached us over https: directly, or through a TLS-ending proxy that says so in X-Forwarded-Proto.
import type { Context } from 'hono';

const FORWARDED_HTTPS = 'forwardedHttps';

/**
 * Notes that a trusted proxy's X-Forwarded-Proto says the client's hop was https (its first entry: the hop the client
 * made). Called by the --trust-proxy middleware only (limits.ts trustedAddress), the one rule for every forwarded
 * header: without the flag, X-Forwarded-Proto is ignored like X-Forwarded-For, since any client can send one.
 */
export function noteForwardedProto(c: Context): void {
  if (c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') c.set(FORWARDED_HTTPS, true);
}

/**
 * The session cookie's `Secure` flag and the embed index's script URLs both follow it: the request's own scheme, or
 * https when a trusted proxy said so (noteForwardedProto). Behind a TLS-ending proxy start with --trust-proxy.
 */
export const viaHttps = (c: Context): boolean =>
  new URL(c.req.url).protocol === 'https:' || c.get(FORWARDED_HTTPS) === true;
