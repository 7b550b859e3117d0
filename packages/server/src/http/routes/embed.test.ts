import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyEmbed } from '../../embed-assets.js';
import { startServer, type RunningServer } from '../../server.js';
import { embedRoutes, negotiate } from './embed.js';

// A built embed as the embed's build lays it out (the names do not matter to the route: it serves what is there).
const built = mkdtempSync(join(tmpdir(), 'nudge-embed-built-'));
mkdirSync(join(built, 'chunks'));
const entry = `(()=>{${'window.nudge=window.nudge||[];'.repeat(40)}})();\n`;
const chunk = `export const a=${JSON.stringify('chunk '.repeat(200))};\n`;
writeFileSync(join(built, 'nudge.js'), entry);
writeFileSync(join(built, 'nudge-runtime.js'), `import"./chunks/x-Ab12Cd34.js";${'export{};'.repeat(30)}`);
writeFileSync(join(built, 'chunks', 'x-Ab12Cd34.js'), chunk);
writeFileSync(join(built, 'nudge-manifest.json'), JSON.stringify({ eager: ['nudge.js', 'nudge-runtime.js'] }));
const dir = mkdtempSync(join(tmpdir(), 'nudge-embed-'));
const sizes = copyEmbed(built, join(dir, 'embed'));
const root = join(dir, 'embed');
writeFileSync(join(dir, 'secret.js'), 'TOP-SECRET-CONTENT');
writeFileSync(join(root, '.hidden.js'), 'hidden');
symlinkSync(join(dir, 'secret.js'), join(root, 'link.js'));

const app = new Hono().route('/nudge/v1', embedRoutes([root]));
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('copyEmbed', () => {
  it('copies every file and writes smaller brotli and gzip siblings', () => {
    expect(sizes.map((s) => s.file).sort()).toEqual([
      'chunks/x-Ab12Cd34.js',
      'nudge-manifest.json',
      'nudge-runtime.js',
      'nudge.js',
    ]);
    const js = sizes.find((s) => s.file === 'nudge.js')!;
    expect(js.br).toBeLessThan(js.bytes);
    expect(brotliDecompressSync(readFileSync(join(root, 'nudge.js.br'))).toString()).toBe(entry);
    expect(gunzipSync(readFileSync(join(root, 'chunks/x-Ab12Cd34.js.gz'))).toString()).toBe(chunk);
  });

  it('refuses a folder without nudge.js', () => {
    expect(() => copyEmbed(dir + '/nope', join(dir, 'out'))).toThrow(/build the embed first/);
  });
});

describe('GET /nudge/v1/*', () => {
  it('sends brotli to a browser that accepts it, gzip or identity to others, always with Vary', async () => {
    const br = await get('/nudge/v1/nudge.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(entry);

    const gz = await get('/nudge/v1/nudge.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(entry);

    const plain = await get('/nudge/v1/nudge.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(entry);
  });

  it('revalidates the entry by ETag and caches hashed chunks for a year', async () => {
    const first = await get('/nudge/v1/nudge.js', { 'accept-encoding': 'br' });
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get('/nudge/v1/nudge.js', { 'if-none-match': etag, 'accept-encoding': 'gzip' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/nudge/v1/nudge.js', { 'if-none-match': 'W/"other"' })).status).toBe(200);

    const c = await get('/nudge/v1/chunks/x-Ab12Cd34.js');
    expect(c.status).toBe(200);
    expect(c.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/nudge/v1/nudge-runtime.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/nudge/v1/nudge-manifest.json')).headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    );
  });

  it('a rebuilt file is served without a restart, under a new ETag', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'nudge-embed-re-'));
    writeFileSync(join(tmp, 'nudge.js'), 'one();');
    const a = new Hono().route('/nudge/v1', embedRoutes([tmp]));
    const one = await a.request('/nudge/v1/nudge.js');
    expect(await one.text()).toBe('one();');
    writeFileSync(join(tmp, 'nudge.js'), 'two(2);');
    const two = await a.request('/nudge/v1/nudge.js');
    expect(await two.text()).toBe('two(2);');
    expect(two.headers.get('etag')).not.toBe(one.headers.get('etag'));
  });

  it('lets any shop load the files (CORS for import(), CORP for cross-origin isolated pages)', async () => {
    const r = await get('/nudge/v1/chunks/x-Ab12Cd34.js', { origin: 'https://any-shop.example' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('serves nothing outside the folder, no hidden file, no sibling by name, no other type', async () => {
    for (const path of [
      '/nudge/v1/../secret.js',
      '/nudge/v1/%2e%2e/secret.js',
      '/nudge/v1/chunks/%2e%2e/%2e%2e/secret.js',
      '/nudge/v1/..%2fsecret.js',
      '/nudge/v1/chunks%2f..%2f..%2fsecret.js',
      '/nudge/v1/%5c..%5csecret.js',
      '/nudge/v1/.hidden.js',
      '/nudge/v1/link.js',
      '/nudge/v1/nudge.js.br',
      '/nudge/v1/nudge.js.gz',
      '/nudge/v1/nope.js',
      '/nudge/v1/chunks',
      '/nudge/v1//',
      '/nudge/v1/nudge.js%00.js',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).not.toMatch(/TOP-SECRET|hidden|export/);
    }
  });

  it('says the embed is not built when there is no folder', async () => {
    const r = await new Hono().route('/nudge/v1', embedRoutes([join(dir, 'none')])).request('/nudge/v1/nudge.js');
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ error: 'embed_not_built' });
  });
});

describe('GET /nudge/v1/ (the folder itself)', () => {
  const TAG = '<script async src="http://localhost/nudge/v1/nudge.js" data-site="YOUR-SITE-ID"></script>';

  it('tells a merchant who opens it what it is, where nudge.js is and the tag to paste, listing no file', async () => {
    for (const path of ['/nudge/v1/', '/nudge/v1']) {
      const r = await get(path, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe('text/plain; charset=UTF-8');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await r.text();
      expect(text).toContain('http://localhost/nudge/v1/nudge.js');
      expect(text).toContain(`  ${TAG}\n`);
      expect(text).toContain('http://localhost/console/');
      expect(text).not.toMatch(/nudge-runtime|chunks|manifest|not built/);
    }
  });

  it('says to paste the tag before </body>, as the README and Site settings do, and names the buy bar its button', async () => {
    const text = await (await get('/nudge/v1/')).text();
    expect(text).toContain('just before </body>');
    expect(text).not.toContain('<head>');
    expect(text).toContain('data-track-add-to-cart="#add-to-cart"');
    const readme = readFileSync(join(import.meta.dirname, '../../../../../README.md'), 'utf8');
    expect(readme).toContain('on every page, before `</body>`');
  });

  it('takes https from X-Forwarded-Proto only with --trust-proxy: any client can send the header', async () => {
    const r = await get('/nudge/v1/', { accept: 'application/json', 'x-forwarded-proto': 'https' });
    expect(((await r.json()) as { script: string }).script).toBe('http://localhost/nudge/v1/nudge.js');
  });

  it('answers JSON to a client that asks for it, with https behind a TLS-ending proxy', async () => {
    const trusted = new Hono().route('/nudge/v1', embedRoutes([root], { trustProxy: true }));
    const r = await trusted.request('/nudge/v1/', {
      headers: { accept: 'application/json', 'x-forwarded-proto': 'https' },
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      script: 'https://localhost/nudge/v1/nudge.js',
      tag: '<script async src="https://localhost/nudge/v1/nudge.js" data-site="YOUR-SITE-ID"></script>',
      console: 'https://localhost/console/',
      built: true,
    });
  });

  it('says so when the embed is not built here yet', async () => {
    const none = new Hono().route('/nudge/v1', embedRoutes([join(dir, 'none')]));
    const r = await none.request('/nudge/v1/');
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain('not built on this server yet: run pnpm build');
    expect(text).toContain(TAG);
    const json = await none.request('/nudge/v1/', { headers: { accept: 'application/json' } });
    expect(await json.json()).toMatchObject({ built: false });
  });
});

describe('negotiate', () => {
  const both = { br: 1, gzip: 1 };
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', 'identity'],
    ['GZIP', 'gzip'],
    ['deflate', 'identity'],
  ])('%s -> %s', (accept, want) => expect(negotiate(accept, both)).toBe(want));
  it('falls back to what exists', () => expect(negotiate('br, gzip', { gzip: 1 })).toBe('gzip'));
});

describe('on the real server', () => {
  let s: RunningServer;
  beforeAll(async () => {
    s = await startServer({ port: 0, data: ':memory:', adminToken: 't', log: () => {}, embedDir: root });
  });
  afterAll(() => s.close());

  /** Raw HTTP, so the path reaches the server exactly as written (fetch would resolve the dots first). */
  const raw = (path: string) =>
    new Promise<{ status: number; body: string }>((ok, ko) => {
      const req = request({ host: '127.0.0.1', port: s.port, path }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => ok({ status: res.statusCode!, body }));
      });
      req.on('error', ko).end();
    });

  it('serves /nudge/v1/nudge.js and refuses raw dot-dot paths', async () => {
    const r = await fetch(`${s.url}/nudge/v1/nudge.js`, { headers: { 'accept-encoding': 'br' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBe('br');
    expect(await r.text()).toBe(entry);
    for (const path of [
      '/nudge/v1/../secret.js',
      '/nudge/v1/chunks/../../secret.js',
      '/nudge/v1/..%2f..%2fsecret.js',
    ]) {
      const x = await raw(path);
      expect(x.status, path).toBe(404);
      expect(x.body).not.toContain('TOP-SECRET');
    }
  });

  it('answers the folder itself through the whole app, with the address the merchant used', async () => {
    for (const path of ['/nudge/v1/', '/nudge/v1']) {
      const r = await fetch(`${s.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(await r.text()).toContain(`<script async src="${s.url}/nudge/v1/nudge.js" data-site="YOUR-SITE-ID">`);
    }
    // this server runs without --trust-proxy: a client's X-Forwarded-Proto does not make the tag https
    const forged = await fetch(`${s.url}/nudge/v1/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(await forged.text()).toContain(`src="${s.url}/nudge/v1/nudge.js"`);
  });
});
