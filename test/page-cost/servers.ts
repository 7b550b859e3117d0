// The page-cost benchmark's servers on 127.0.0.1: the shop (page, theme, Nudge's dist and the vendors' scripts, gzip
// as a CDN would serve them) and the local endpoint that answers GrowthBook's and PostHog's requests.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { productPage, svg, THEME_JS, type RenderedWidgets, type Tool } from './page.js';

interface Asset {
  type: string;
  body: Buffer;
  gz: Buffer;
  etag: string;
  cache: string;
}

const asset = (type: string, body: string | Buffer, cache: string): Asset => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return {
    type,
    body: b,
    gz: gzipSync(b, { level: 9 }),
    etag: `"${createHash('sha1').update(b).digest('hex').slice(0, 16)}"`,
    cache,
  };
};

const JS = 'text/javascript; charset=utf-8';
/** A file of a root devDependency (the vendors' packages do not export their CDN bundles). */
const vendorFile = (path: string) => join(dirname(fileURLToPath(import.meta.url)), '../../node_modules', path);
const YEAR = 'public, max-age=31536000, immutable';

function send(req: IncomingMessage, res: ServerResponse, a: Asset, extra: Record<string, string> = {}) {
  if (req.headers['if-none-match'] === a.etag) return res.writeHead(304, { etag: a.etag, ...extra }).end();
  const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, {
    'content-type': a.type,
    'cache-control': a.cache,
    etag: a.etag,
    vary: 'accept-encoding',
    ...(gz ? { 'content-encoding': 'gzip' } : {}),
    ...extra,
  });
  res.end(gz ? a.gz : a.body);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

const closer = (server: Server) => () =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

/** The local endpoint for GrowthBook (features) and PostHog (remote config, flags, capture, its lazy extensions). */
export async function startVendorEndpoint(): Promise<Running> {
  const phDist = vendorFile('posthog-js/dist');
  const features = asset(
    'application/json',
    JSON.stringify({
      status: 200,
      features: {
        'new-checkout': { defaultValue: false, rules: [{ condition: { country: 'US' }, force: true }] },
        'hero-copy': {
          defaultValue: 'control',
          rules: [
            {
              key: 'hero-copy',
              seed: 'hero-copy',
              hashAttribute: 'id',
              coverage: 1,
              weights: [0.5, 0.5],
              variations: ['control', 'bold'],
              meta: [{ key: '0' }, { key: '1' }],
              phase: '0',
            },
          ],
        },
        'free-shipping-threshold': { defaultValue: 50 },
      },
      experiments: [],
      dateUpdated: '2026-12-01T00:00:00Z',
    }),
    'no-cache',
  );
  const cors = (req: IncomingMessage) => ({
    'access-control-allow-origin': String(req.headers.origin ?? '*'),
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'content-type, authorization',
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    req.resume();
    if (req.method === 'OPTIONS')
      return res.writeHead(204, { ...cors(req), 'access-control-allow-methods': 'GET, POST' }).end();
    if (path.startsWith('/api/features/')) return send(req, res, features, cors(req));
    const json = (body: unknown) =>
      res.writeHead(200, { ...cors(req), 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path.startsWith('/static/')) {
      const file = join(phDist, path.slice('/static/'.length).replace(/[^\w.-]/g, ''));
      try {
        return send(req, res, asset(JS, readFileSync(file), 'public, max-age=3600'), cors(req));
      } catch {
        return res.writeHead(404, cors(req)).end();
      }
    }
    if (/^\/array\/[^/]+\/config\.js$/.test(path))
      return res.writeHead(200, { ...cors(req), 'content-type': JS }).end('/* no site apps */');
    if (/^\/array\/[^/]+\/config$/.test(path))
      return json({ sessionRecording: false, heatmaps: false, surveys: false });
    if (path.startsWith('/flags') || path.startsWith('/decide'))
      return json({ flags: {}, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false });
    return json({ status: 1 });
  });
  const url = await listen(server);
  return { url, close: closer(server) };
}

/** The shop: the product page per variant, its theme and images, Nudge's dist and the vendors' scripts. */
export async function startShop(o: {
  dist: string;
  nudgeEndpoint: string;
  apiEndpoint: string;
}): Promise<Running & { setRendered(r: RenderedWidgets): void }> {
  const files = new Map<string, Asset>();
  const walk = (dir: string, prefix: string) => {
    for (const f of readdirSync(dir)) {
      const full = join(dir, f);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${f}/`);
      else if (f.endsWith('.js'))
        // As the embed README asks: hashed chunks cached for a year, the two fixed names revalidated.
        files.set(`/nudge/${prefix}${f}`, asset(JS, readFileSync(full), prefix ? YEAR : 'no-cache'));
    }
  };
  walk(o.dist, '');
  const gbFile = vendorFile('@growthbook/growthbook/dist/bundles/auto.min.js');
  files.set('/vendor/gb/auto.min.js', asset(JS, readFileSync(gbFile), 'public, max-age=3600'));
  files.set(
    '/vendor/ph/array.js',
    asset(JS, readFileSync(vendorFile('posthog-js/dist/array.js')), 'public, max-age=3600'),
  );
  files.set(
    '/vendor/ph/init.js',
    asset(
      JS,
      `window.posthog=[];window.posthog._i=[["phc_bench",{api_host:${JSON.stringify(o.apiEndpoint)},person_profiles:"identified_only",loaded:function(){window.__bench&&window.__bench.done()}},"posthog"]];window.posthog.__SV=1;`,
      'public, max-age=3600',
    ),
  );
  files.set('/theme.js', asset(JS, THEME_JS, 'public, max-age=3600'));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    const tool = url.searchParams.get('tool') as Tool | null;
    if (url.pathname === '/p/tieguanyin' && tool) {
      const html = productPage({ tool, nudgeEndpoint: o.nudgeEndpoint, apiEndpoint: o.apiEndpoint, rendered });
      return send(req, res, asset('text/html; charset=utf-8', html, 'no-store'));
    }
    const img = /^\/img\/([\w-]+)\.svg$/.exec(url.pathname);
    if (img) return send(req, res, asset('image/svg+xml', svg(img[1]!), 'public, max-age=3600'));
    const a = files.get(url.pathname);
    if (a) return send(req, res, a, { 'access-control-allow-origin': '*' });
    res.writeHead(404).end();
  });
  const url = await listen(server);
  let rendered: RenderedWidgets | undefined;
  return {
    url,
    close: closer(server),
    /** What the 'static' variant serves in the slots (captured from a Nudge load). */
    setRendered: (r: RenderedWidgets) => void (rendered = r),
  };
}
