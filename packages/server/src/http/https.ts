// Whether a request reached us over https: directly, or through a TLS-ending proxy that says so in X-Forwarded-Proto.
import type { Context } from 'hono';

/** The session cookie's `Secure` flag and the embed index's script URL both follow it. */
export const viaHttps = (c: Context): boolean =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
