import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServer } from '../../server.js';
import { consoleRoutes } from './console.js';

const dir = mkdtempSync(join(tmpdir(), 'nudge-console-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dir, 'preview.html'), '<!doctype html><title>preview</title>');
writeFileSync(join(dir, 'assets', 'app-1234.js'), 'export {};');
writeFileSync(join(tmpdir(), 'nudge-secret.txt'), 'secret');
const app = consoleRoutes(dir);

it('serves index.html for the console and its own routes, revalidated, under a strict policy', async () => {
  for (const path of ['/console/', '/console/sites/demo']) {
    const r = await app.request(path);
    expect(r.status, path).toBe(200);
    expect(await r.text()).toContain('<title>console</title>');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  }
  expect((await app.request('/console/preview.html')).headers.get('content-security-policy')).toContain(
    "frame-ancestors 'self'",
  );
});

it('serves hashed assets as immutable with their type; a missing file or a path out of the folder is a 404', async () => {
  const js = await app.request('/console/assets/app-1234.js');
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toContain('javascript');
  expect(js.headers.get('cache-control')).toContain('immutable');
  expect((await app.request('/console/assets/nope.js')).status).toBe(404);
  expect(await (await app.request('/console/assets/nope.js')).json()).toMatchObject({ error: 'not_found' });
  expect((await app.request('/console/../nudge-secret.txt')).status).toBe(404);
  expect((await app.request('/console/%2e%2e/nudge-secret.txt')).status).toBe(404);
  expect((await app.request('/console/assets/%2e%2e/%2e%2e/nudge-secret.txt')).status).toBe(404);
});

it('gives a cache header only to a file it serves: a 404 asset must not be kept for a year', async () => {
  for (const path of ['/console/assets/app-5678.js', '/console/nope.css', '/console/%2e%2e/nudge-secret.txt']) {
    const r = await app.request(path);
    expect(r.status, path).toBe(404);
    expect(r.headers.get('cache-control'), path).toBeNull();
  }
  // the console's own routes under assets/ are its index.html, revalidated like any other page
  const page = await app.request('/console/assets/page');
  expect([page.status, page.headers.get('cache-control')]).toEqual([200, 'no-cache']);
  expect((await app.request('/console/preview.html')).headers.get('cache-control')).toBe('no-cache');
});

it('looks for no files, and logs nothing, while the console is not built', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const none = consoleRoutes(join(dir, 'not-built'));
    expect((await none.request('/console/assets/app-1234.js')).status).toBe(503);
    expect(logged).not.toHaveBeenCalled();
  } finally {
    logged.mockRestore();
  }
});

it('redirects / and /console to the console', async () => {
  expect((await app.request('/')).headers.get('location')).toBe('/console/');
  expect((await app.request('/console')).headers.get('location')).toBe('/console/');
});

describe('console', () => {
  it('explains when the console is not built', async () => {
    const t = await startServer({
      port: 0,
      data: ':memory:',
      adminToken: 't',
      consoleDir: '/nonexistent',
      log: () => {},
    });
    try {
      const r = await fetch(`${t.url}/console/`);
      expect(r.status).toBe(503);
      expect(await r.text()).toContain('pnpm build');
    } finally {
      await t.close();
    }
  });
});
