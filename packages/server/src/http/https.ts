// Whether a request reached us over https: directly, or through a TLS-ending proxy that says so in X-Forwarded-Proto.
import type { Context } from 'hono';

/**
 * The session cookie's `Secure` flag and the embed index's script URL both follow it, by two rules on purpose. The
 * cookie believes X-Forwarded-Proto always: a forged "https" can only add `Secure` (the forger's own browser then keeps
 * the cookie off plain http), while a TLS proxy run without --trust-proxy still gets a Secure cookie. The index's URLs
 * believe it only with --trust-proxy (`trustForwarded` false without): a forged scheme there would hand a merchant a
 * tag that does not load.
 */
export const viaHttps = (c: Context, trustForwarded = true): boolean =>
  new URL(c.req.url).protocol === 'https:' ||
  (trustForwarded && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
