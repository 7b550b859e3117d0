// The merchant's install with nothing to host: a plain HTML shop loads nudge.js from the Nudge server's /nudge/v1/,
// under a strict CSP, compressed; a shop on an origin the site does not allow is told so in its console and counted.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@nudge/server';
import { copyEmbed } from '../packages/server/src/embed-assets.js';
import { launchChromium } from './support/chromium.js';
import {
  ADMIN_TOKEN,
  admin,
  embedDist,
  fixtureServer,
  until,
  watchErrors,
  type Admin,
} from './fixtures/embed/harness.js';

/** The plain HTML product page of the top README's install section. */
const shopPage = (server: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Oolong</title>
<link rel="stylesheet" href="/shop.css">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Oolong","sku":"OOL-1",
"offers":{"@type":"Offer","price":"32.00","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script>
</head><body>
<main><h1>Oolong</h1><p>USD 32</p>
<button id="add-to-cart" type="button">Add to cart</button>
<div class="nudge-slot" data-nudge-slot="stock-banner"></div>
</main>
<script async src="${server}/nudge/v1/nudge.js" data-site="demo" data-track-add-to-cart="#add-to-cart"></script>
</body></html>`;

let browser: Browser;
let server: RunningServer;
let a: Admin;
let shop: Awaited<ReturnType<typeof fixtureServer>>;
let stranger: Awaited<ReturnType<typeof fixtureServer>>;

beforeAll(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'nudge-hosted-')), 'embed');
  copyEmbed(await embedDist(), dir);
  [browser, server] = await Promise.all([
    launchChromium(),
    startServer({
      port: 0,
      host: '127.0.0.1',
      data: ':memory:',
      seedDemo: true,
      adminToken: ADMIN_TOKEN,
      log: () => {},
      embedDir: dir,
    }),
  ]);
  a = admin(server.url);
  // Only the server may run scripts on the shop's page: nothing inline, no eval.
  const page = () => ({
    html: shopPage(server.url),
    csp: `default-src 'self'; script-src ${server.url}; connect-src ${server.url}; style-src 'self'; img-src 'self' data:`,
  });
  const css = {
    html: '.nudge-slot { --nudge-stock-banner-min-height: 4.25rem; min-height: var(--nudge-stock-banner-min-height); }',
    headers: { 'content-type': 'text/css' },
  };
  shop = await fixtureServer('/nonexistent', { '/p': page, '/shop.css': css });
  stranger = await fixtureServer('/nonexistent', { '/p': page, '/shop.css': css });
  const { site } = await a.get('/sites/demo');
  await a.patch('/sites/demo', { allowedOrigins: [...site.allowedOrigins, shop.url] });
});
afterAll(async () => {
  await Promise.all([shop?.close(), stranger?.close(), browser?.close()]);
  await server?.close();
});

describe('nudge.js served by the Nudge server', () => {
  it('a plain HTML shop loads it and its chunks compressed and mounts the widgets, with no error', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const errors = await watchErrors(p);
    const files: { path: string; encoding: string | undefined; cache: string | undefined }[] = [];
    p.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/nudge/v1/'))
        files.push({
          path: u.pathname.slice(10),
          encoding: r.headers()['content-encoding'],
          cache: r.headers()['cache-control'],
        });
    });
    await p.goto(`${shop.url}/p`);
    await p.evaluate(() => (window as any).nudge.ready());
    const info = await p.evaluate(() => (window as any).nudge.debug());
    expect(info.configVersion).toBeGreaterThanOrEqual(1);
    // data-endpoint defaults to the script's origin: the config came from the server that served nudge.js
    expect(info.product).toMatchObject({ sku: 'OOL-1', price: 32, currency: 'USD' });
    await until(() => p.locator('[data-nudge-slot="stock-banner"] nudge-stock-banner').count());
    await until(() => files.some((f) => f.path.startsWith('chunks/')));
    console.log(`hosted embed: ${files.length} files from /nudge/v1/: ${files.map((f) => f.path).join(', ')}`);
    expect(files.find((f) => f.path === 'nudge.js')).toMatchObject({ encoding: 'br', cache: 'no-cache' });
    for (const f of files.filter((x) => x.path.startsWith('chunks/')))
      expect(f, f.path).toMatchObject({ encoding: 'br', cache: 'public, max-age=31536000, immutable' });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('a shop on an origin the site does not allow gets one [nudge] line naming it, and the console lists it', async () => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const lines: string[] = [];
    p.on('console', (m) => {
      if (m.text().startsWith('[nudge]')) lines.push(m.text());
    });
    const at = Date.now();
    await p.goto(`${stranger.url}/p`);
    await until(() => lines.length > 0, 10_000, 100, 'the [nudge] warning');
    await p.waitForTimeout(500);
    expect(lines).toEqual([
      `[nudge] origin ${stranger.url} is not allowed for site "demo": add it to the site's allowed origins (Nudge console, Site settings)`,
    ]);
    const report = await a.get('/sites/demo/reports/errors');
    const row = report.refusedOrigins.find((r: any) => r.origin === stranger.url);
    expect(row.count).toBeGreaterThanOrEqual(1);
    expect(row.lastSeen).toBeGreaterThanOrEqual(at - 1000);
    expect(report.refusedOrigins.some((r: any) => r.origin === shop.url)).toBe(false);
    await ctx.close();
  });
});
