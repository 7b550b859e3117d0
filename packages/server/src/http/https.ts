// Whether a request reached us over https: directly, or through a TLS-ending proxy that says so in X-Forwarded-Proto.
import type { Context } from 'hono';

/**
 * The session cookie's `Secure` flag and the embed index's script URL both follow it. `trustForwarded` false (the
 * embed index without --trust-proxy): X-Forwarded-Proto is ignored, since any client can send one.
 */
export const viaHttps = (c: Context, trustForwarded = true): boolean =>
  new URL(c.req.url).protocol === 'https:' ||
  (trustForwarded && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
