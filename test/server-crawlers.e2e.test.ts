// Crawlers on a real page: @nudge/core in Chromium with a crawler's user agent is assigned to no experiment, sends no
// exposure that is stored, and counts nowhere; a person on the same page is exposed and counted.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '@nudge/server';
import type { Browser } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';

const CORE = fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url));
const CRAWLERS = [
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
];

let server: RunningServer;
let shop: Server;
let shopUrl = '';
let browser: Browser;

const admin = async (method: string, path: string, body?: unknown) =>
  (await (
    await fetch(`${server.url}/v1/admin${path}`, {
      method,
      headers: { authorization: 'Bearer e2e-token', 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  ).json()) as any;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-crawlers-'));
  writeFileSync(join(dir, 'entry.js'), `export { createNudge, $config } from ${JSON.stringify(CORE)};\n`);
  await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: join(dir, 'out'),
      lib: { entry: join(dir, 'entry.js'), formats: ['es'], fileName: () => 'sdk.js' },
      minify: false,
    },
  });
  const out = join(dir, 'out');
  shop = createServer((req, res) => {
    // the SDK and the chunks it loads (the config validator, the live client)
    const file = /^\/([\w.-]+\.m?js)(\?|$)/.exec(req.url ?? '')?.[1];
    if (file) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(out, file)));
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>shop</title><h1>Kettle</h1>
      <script type="module">import { createNudge, $config } from '/sdk.js'; window.sdk = { createNudge, $config };</script>`);
  });
  await new Promise<void>((ok) => shop.listen(0, '127.0.0.1', ok));
  shopUrl = `http://127.0.0.1:${(shop.address() as { port: number }).port}`;
  const data = mkdtempSync(join(tmpdir(), 'nudge-crawlers-data-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    data: join(data, 'db'),
    adminToken: 'e2e-token',
    log: () => {},
  });
  await admin('POST', '/sites', { id: 'c', allowedOrigins: [shopUrl] });
  await admin('POST', '/sites/c/config', {
    config: {
      schema: 1,
      site: 'c',
      version: 1,
      widgets: [],
      experiments: [
        {
          key: 'x',
          status: 'running',
          traffic: 1,
          variants: [
            { key: 'a', weight: 1 },
            { key: 'b', weight: 1 },
          ],
        },
      ],
    },
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  shop?.close();
});

/** One visit: the page's SDK loads the config, reads the variant (which exposes), views and buys, and flushes. */
async function visit(userAgent?: string): Promise<string | null> {
  const ctx = await browser.newContext(userAgent ? { userAgent } : {});
  try {
    const page = await ctx.newPage();
    await page.goto(shopUrl);
    await page.waitForFunction(() => 'sdk' in window, undefined, { timeout: 10_000 });
    return await page.evaluate(async (endpoint) => {
      const { createNudge, $config } = (window as any).sdk;
      const nudge = createNudge({ site: 'c', endpoint, flushInterval: 50, live: false });
      for (let i = 0; i < 200 && !$config.get(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!$config.get()) throw new Error('the config never arrived');
      const variant = nudge.variant('x');
      nudge.track('view_item', { currency: 'USD', value: 10, items: [{ item_id: 'k', price: 10, quantity: 1 }] });
      nudge.track('purchase', { transaction_id: `T-${Math.random()}`, currency: 'USD', value: 10, items: [] });
      await nudge.flush();
      return variant;
    }, server.url);
  } finally {
    await ctx.close();
  }
}

it('a crawler is never exposed and never counted; a person is', async () => {
  for (const ua of CRAWLERS) expect(await visit(ua), ua).toBeNull();
  const person = await visit();
  expect(['a', 'b']).toContain(person);
  const report = await admin('GET', '/sites/c/reports/experiments/x');
  expect(report.variants.map((v: any) => v.exposed).reduce((a: number, b: number) => a + b, 0)).toBe(1);
  expect(report.variants.find((v: any) => v.variant === person).steps.purchase).toBe(1);
  const stats = await admin('GET', '/sites/c/stats');
  // the person's events only (no exposure for a crawler: it had no experiment); every crawler event counted as left out
  expect(stats.bots).toBeGreaterThanOrEqual(2 * CRAWLERS.length);
  expect(report.leftOut.crawlerEvents).toBe(stats.bots);
  const tail = await admin('GET', '/sites/c/events/tail?limit=100');
  expect(new Set(tail.events.map((e: any) => e.anonymousId)).size).toBe(1);
  console.log(`crawlers: ${CRAWLERS.length} visits, ${stats.bots} events left out, 0 exposed; the person: 1 exposed`);
});
