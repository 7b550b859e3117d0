// /nudge/v1/*: the embed's built files (nudge.js and its chunks) for any shop, precompressed, cached by content hash.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { ENCODINGS, SERVED } from '../../embed-assets.js';
import { fail } from '../errors.js';
import { embedIndex } from './embed-index.js';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/**
 * Path segments that start with a letter, digit, `_` or `-`: so no `.`, `..` or hidden file, no `\`, `%` or NUL;
 * with SERVED, no precompressed sibling asked for by name.
 */
const SAFE_PATH = /^(?:[\w-][\w.-]*\/)*[\w-][\w.-]*$/;

/** The embed build names its chunks `chunks/[name]-[hash].js`: a new build gives changed code a new name. */
const IMMUTABLE = /^chunks\//;

type Encoding = 'br' | 'gzip' | 'identity';
interface Asset {
  stamp: string;
  etag: string;
  type: string;
  bodies: Partial<Record<Encoding, Uint8Array>>;
}

/** The encoding to send: the best of br, gzip that the client accepts (q > 0) and we have, else identity. */
export function negotiate(accept: string | undefined, have: Partial<Record<Encoding, unknown>>): Encoding {
  const q = new Map<string, number>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    if (!token) continue;
    const qp = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    q.set(token.trim(), qp ? Number(qp[1]) : 1);
  }
  const ok = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  for (const e of ['br', 'gzip'] as const) if (have[e] && ok(e)) return e;
  return 'identity';
}

/** True when an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for GET). */
const matches = (header: string | undefined, etag: string) =>
  !!header && (header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.slice(2)));

/**
 * Serves the first of `dirs` that holds a nudge.js (the server build's dist/embed, else the embed package's own dist/
 * in the workspace). Files are read on first request and again when their size or time changes (a rebuild), so a
 * running server needs no restart; a missing precompressed sibling is made once in memory. `trustProxy`: the server's
 * --trust-proxy, without which the index ignores X-Forwarded-Proto.
 */
export const embedRoutes = (dirs: string[], opts: { trustProxy?: boolean } = {}) => {
  const cache = new Map<string, Asset>();
  const rootDir = () => {
    const dir = dirs.find((d) => existsSync(join(d, 'nudge.js')));
    try {
      return dir && realpathSync(dir);
    } catch {
      return undefined;
    }
  };

  async function load(dir: string, rel: string): Promise<Asset | undefined> {
    const file = join(dir, rel);
    let real: string;
    try {
      // A symlink out of the folder is not followed: the file's real path must still be inside.
      real = realpathSync(file);
    } catch {
      return undefined;
    }
    if (!real.startsWith(dir + sep)) return undefined;
    const st = statSync(real, { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    const stamp = `${st.size}:${st.mtimeMs}`;
    const hit = cache.get(rel);
    if (hit?.stamp === stamp) return hit;
    const identity = await readFile(real);
    const bodies: Asset['bodies'] = { identity };
    for (const enc of ENCODINGS) {
      const sibling = real + enc.suffix;
      const packed = existsSync(sibling) ? await readFile(sibling) : enc.compress(identity);
      if (packed.length < identity.length) bodies[enc.name] = packed;
    }
    const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
    const asset = { stamp, etag: `W/"${hash}"`, type: TYPES[rel.slice(rel.lastIndexOf('.') + 1)]!, bodies };
    cache.set(rel, asset);
    return asset;
  }

  const headers = (c: Context, rel: string, etag: string) => {
    c.header('Cache-Control', IMMUTABLE.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache');
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    // Any shop's page loads these: nudge.js as a classic script, the rest with import(), which is a CORS request.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Timing-Allow-Origin', '*');
  };

  return new Hono().get('/*', async (c) => {
    const rel = c.req.path.replace(/^.*?\/nudge\/v1\/?/, '');
    // the folder itself: what it is for and the tag to paste (no listing of the files)
    if (rel === '') return embedIndex(c, !!rootDir(), !!opts.trustProxy);
    if (!SAFE_PATH.test(rel) || !SERVED.test(rel)) return fail(c, 404, 'not_found', 'no such file');
    const dir = rootDir();
    if (!dir) return fail(c, 503, 'embed_not_built', 'the embed is not built: run pnpm build');
    const asset = await load(dir, rel);
    if (!asset) return fail(c, 404, 'not_found', 'no such file');
    headers(c, rel, asset.etag);
    if (matches(c.req.header('if-none-match'), asset.etag)) return c.body(null, 304);
    const enc = negotiate(c.req.header('accept-encoding'), asset.bodies);
    const body = asset.bodies[enc]!;
    if (enc !== 'identity') c.header('Content-Encoding', enc);
    c.header('Content-Type', asset.type);
    c.header('Content-Length', String(body.length));
    return c.body(body as Uint8Array<ArrayBuffer>, 200);
  });
};
