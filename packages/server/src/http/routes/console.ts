// The built console under /console/ (static files, SPA fallback to index.html) with its security and cache headers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { fail } from '../errors.js';

/**
 * Security headers of the console's pages: scripts only from the console itself (no inline, no eval); styles also
 * inline, because the console's templates use style= attributes and its pages a <style> block; framing refused,
 * except the widget preview, which the console frames itself.
 */
function consoleHeaders(preview: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https: http:",
    // the preview runs the real widgets, and a stock banner polls its feedUrl
    preview ? "connect-src 'self' https: http:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${preview ? "'self'" : "'none'"}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': preview ? 'SAMEORIGIN' : 'DENY',
    'Referrer-Policy': 'no-referrer', // (nosniff: on every response)
  };
}

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>Nudge console not built</title><h1>The Nudge console is not built</h1>' +
  '<p>Run <code>pnpm build</code> (or <code>pnpm --filter @nudge/server build</code>) and reload. The API under /v1 works without it.</p>';

/** Paths without an extension are the console's own routes: its index.html. */
const isFile = (path: string) => /\.[^/]*$/.test(path);

/** The two static handlers, made only once there is a console to serve (each logs when its root is missing). */
const staticFiles = (root: string) => ({
  files: serveStatic({ root, rewriteRequestPath: (p) => p.slice('/console'.length) }),
  app: serveStatic({ root, path: 'index.html' }),
});

export const consoleRoutes = (consoleDir: string | undefined) => {
  const built = () => !!consoleDir && existsSync(join(consoleDir, 'index.html'));
  let handlers: ReturnType<typeof staticFiles> | undefined;
  const serve = () => (handlers ??= staticFiles(consoleDir ?? ''));
  return new Hono()
    .get('/', (c) => c.redirect('/console/'))
    .get('/console', (c) => c.redirect('/console/'))
    .get('/console/*', async (c, next) => {
      for (const [k, v] of Object.entries(consoleHeaders(c.req.path === '/console/preview.html'))) c.header(k, v);
      if (!built()) return c.html(NOT_BUILT, 503);
      await next();
      // Only a file served gets a cache header: a 404 kept for a year would outlive the deploy that adds the file.
      // Hashed bundles never change under their name; everything else is revalidated.
      if (c.res.status === 200 || c.res.status === 206)
        c.res.headers.set(
          'Cache-Control',
          c.req.path.startsWith('/console/assets/') && isFile(c.req.path)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
    })
    .get('/console/*', (c, next) => serve().files(c, next))
    .get('/console/*', (c, next) => (isFile(c.req.path) ? next() : serve().app(c, next)))
    .get('/console/*', (c) => fail(c, 404, 'not_found', 'no such file'));
};
