// A real page (createNudge from @nudge/core, bundled by vite) goes through the funnel under two variants against a
// real nudge server; the experiment report must count exactly what the visitors did. Also Segment's own Node library.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analytics } from '@segment/analytics-node';
import { startServer, type RunningServer } from '@nudge/server';
import type { Browser } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';

const CORE = fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url));
const EXPERIMENT = 'bar-color';

let server: RunningServer;
let shop: Server;
let shopUrl = '';
let browser: Browser;

async function admin(method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}/v1/admin${path}`, {
    method,
    headers: { authorization: 'Bearer e2e-token', 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await r.json()) as any;
}

beforeAll(async () => {
  // The page's SDK: @nudge/core bundled the way a shop would bundle it.
  const dir = mkdtempSync(join(tmpdir(), 'nudge-e2e-'));
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
    const file = /^\/([\w.-]+\.m?js)(\?|$)/.exec(req.url ?? '')?.[1];
    if (file) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(out, file)));
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>shop</title><h1>Kettle</h1>
      <script type="module">import { createNudge, $config } from '/sdk.js'; window.sdk = { createNudge, $config };</script>`);
  });
  await new Promise<void>((ok) => shop.listen(0, '127.0.0.1', ok));
  shopUrl = `http://127.0.0.1:${(shop.address() as { port: number }).port}`;

  server = await startServer({ port: 0, data: ':memory:', adminToken: 'e2e-token', log: () => {} });
  await admin('POST', '/sites', { id: 'e2e', allowedOrigins: [shopUrl] });
  const pub = await admin('POST', '/sites/e2e/config', {
    config: {
      schema: 1,
      site: 'e2e',
      version: 1,
      widgets: [{ id: 'bar', type: 'buy-bar', props: { color: '#111111' } }],
      experiments: [
        {
          key: EXPERIMENT,
          status: 'running',
          traffic: 1,
          variants: [
            { key: 'control', weight: 1, patch: { bar: { color: '#1d4ed8' } } },
            { key: 'red', weight: 1, patch: { bar: { color: '#d92d20' } } },
          ],
        },
      ],
    },
  });
  expect(pub.version).toBe(2);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  shop?.close();
});

interface Visit {
  variant: string | null;
  anonymousId: string;
}

/**
 * One visitor in a fresh browser profile: a view_item on another product page before the exposure (must not count),
 * then `depth` funnel steps on the exposure's page. With `viewAtLoad`, that page's view_item is sent before the
 * exposure, the way a real product page sends it at load before the buy bar scrolls into view (counts).
 */
async function visit(depth: number, value: number, forced = false, viewAtLoad = false): Promise<Visit> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${shopUrl}/${forced ? `?nudge_force=${EXPERIMENT}:red` : ''}`);
  await page
    .waitForFunction(() => 'sdk' in window, undefined, { timeout: 10_000 })
    .catch((e: Error) => {
      throw new Error(`${e.message}; page errors: ${problems.join(' | ')}`);
    });
  const out = await page.evaluate(
    async ({ endpoint, depth, value, experiment, viewAtLoad }) => {
      const { createNudge, $config } = (window as any).sdk;
      const nudge = createNudge({ site: 'e2e', endpoint, flushInterval: 50, live: false });
      for (let i = 0; i < 200 && !$config.get(); i++) await new Promise((r) => setTimeout(r, 50));
      const item = { item_id: 'kettle', item_name: 'Kettle', price: value, quantity: 1 };
      history.pushState(null, '', '/p/mug');
      nudge.track('view_item', { currency: 'USD', value: 5, items: [{ ...item, item_id: 'mug' }] }); // other page, before exposure
      await new Promise((r) => setTimeout(r, 20));
      history.pushState(null, '', '/p/kettle');
      const early = viewAtLoad && depth >= 1;
      if (early) nudge.track('view_item', { currency: 'USD', value, items: [item] }); // this page, before exposure
      await new Promise((r) => setTimeout(r, 20));
      const variant = nudge.variant(experiment);
      await new Promise((r) => setTimeout(r, 20));
      const steps = ['view_item', 'add_to_cart', 'begin_checkout'];
      for (let i = early ? 1 : 0; i < Math.min(depth, 3); i++)
        nudge.track(steps[i], { currency: 'USD', value, items: [item] });
      if (depth >= 4)
        nudge.track('purchase', { transaction_id: `T-${Math.random()}`, currency: 'USD', value, items: [item] });
      await nudge.flush();
      const id = JSON.parse(localStorage.getItem('nudge_id') ?? '{}').a as string;
      return { variant, anonymousId: id };
    },
    { endpoint: server.url, depth, value, experiment: EXPERIMENT, viewAtLoad },
  );
  await ctx.close();
  return out;
}

describe('funnel report from a real page under two variants', () => {
  it('counts exposed visitors and funnel steps exactly (view_item also when sent at load on the exposure page)', async () => {
    const expected: Record<string, { exposed: number; steps: number[]; revenue: number; orders: number }> = {
      control: { exposed: 0, steps: [0, 0, 0, 0], revenue: 0, orders: 0 },
      red: { exposed: 0, steps: [0, 0, 0, 0], revenue: 0, orders: 0 },
    };
    const seen = { control: 0, red: 0 } as Record<string, number>;
    // Assignment is random per visitor, so the depth follows a fixed sequence and the expectation is built from the
    // variant each visitor actually got; bounded to 14 visitors.
    for (let i = 0; i < 14 && (seen.control! < 3 || seen.red! < 3); i++) {
      const depth = [4, 2, 0, 3, 1][i % 5]!;
      const value = 20 + i;
      const v = await visit(depth, value, false, i % 2 === 1);
      expect(v.variant === 'control' || v.variant === 'red').toBe(true);
      const e = expected[v.variant!]!;
      seen[v.variant!] = (seen[v.variant!] ?? 0) + 1;
      e.exposed++;
      for (let s = 0; s < 4; s++) if (depth > s) e.steps[s]!++;
      if (depth >= 4) {
        e.orders++;
        e.revenue += value;
      }
    }
    expect(seen.control).toBeGreaterThanOrEqual(1);
    expect(seen.red).toBeGreaterThanOrEqual(1);
    // A forced (QA) visitor buys too, and must be left out.
    const qa = await visit(4, 999, true);
    expect(qa.variant).toBe('red');

    const report = await admin('GET', `/sites/e2e/reports/experiments/${EXPERIMENT}`);
    const got = Object.fromEntries(
      report.variants.map((v: any) => [
        v.variant,
        {
          exposed: v.exposed,
          steps: [v.steps.view_item, v.steps.add_to_cart, v.steps.begin_checkout, v.steps.purchase],
          revenue: v.revenue,
          orders: v.orders,
        },
      ]),
    );
    expect(got).toEqual(expected);
    const red = report.variants.find((v: any) => v.variant === 'red');
    // a handful of visitors: no verdict, and the report says how many more are needed
    expect(red.vsControl.steps.purchase).toMatchObject({ enough: false, reason: 'sample' });
    console.log(`funnel e2e: ${JSON.stringify(expected)}; report query ${report.queryMs.toFixed(1)} ms`);
  });
});

describe('Segment compatibility', () => {
  it('records a purchase sent with @segment/analytics-node and shows it in the report', async () => {
    const key = (await admin('POST', '/sites/e2e/write-keys')).key as string;
    // A visitor exposed in the browser; the shop's backend reports the order server-side through Segment's library.
    const v = await visit(1, 10);
    const before = await admin('GET', `/sites/e2e/reports/experiments/${EXPERIMENT}`);
    const row = (r: any) => r.variants.find((x: any) => x.variant === v.variant);
    const analytics = new Analytics({
      writeKey: key,
      host: server.url,
      flushAt: 10,
      flushInterval: 100,
      maxRetries: 0,
    });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    analytics.identify({ anonymousId: v.anonymousId, userId: 'user-42', traits: { orders_count: 1 } });
    analytics.track({
      userId: 'user-42',
      event: 'Order Completed',
      properties: {
        order_id: 'SEG-1',
        revenue: 123.5,
        currency: 'USD',
        products: [{ product_id: 'kettle', name: 'Kettle', price: 123.5, quantity: 1 }],
      },
    });
    await analytics.closeAndFlush({ timeout: 5000 });
    expect(errors).toEqual([]);
    const after = await admin('GET', `/sites/e2e/reports/experiments/${EXPERIMENT}`);
    expect(row(after).steps.purchase).toBe(row(before).steps.purchase + 1);
    expect(row(after).orders).toBe(row(before).orders + 1);
    expect(row(after).revenue).toBeCloseTo(row(before).revenue + 123.5, 6);
    const tail = await admin('GET', '/sites/e2e/events/tail?limit=5');
    expect(tail.events.find((e: { name: string }) => e.name === 'purchase')).toMatchObject({
      name: 'purchase',
      source: 'segment',
      userId: 'user-42',
      anonymousId: v.anonymousId,
      props: { transaction_id: 'SEG-1', segment_event: 'Order Completed' },
    });
  });

  it('refuses a wrong write key', async () => {
    const r = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('wk_nope:').toString('base64')}`,
      },
      body: JSON.stringify({ batch: [{ type: 'track', event: 'Order Completed', messageId: 'x', userId: 'u' }] }),
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ error: 'invalid_write_key' });
  });
});

describe('live config push to an open page', () => {
  it('a publish reaches the page through the SSE stream (time printed)', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${shopUrl}/`);
    await page.waitForFunction(() => 'sdk' in window, undefined, { timeout: 10_000 });
    const before = await page.evaluate(
      async ({ endpoint }) => {
        const { createNudge, $config } = (window as any).sdk;
        (window as any).nudge = createNudge({ site: 'e2e', endpoint, live: true });
        for (let i = 0; i < 200 && !$config.get(); i++) await new Promise((r) => setTimeout(r, 50));
        return $config.get()?.version as number;
      },
      { endpoint: server.url },
    );
    expect(before).toBeGreaterThanOrEqual(2);
    // Let the stream open, then publish and time the page seeing the new version.
    await expect
      .poll(async () => (await admin('GET', '/sites/e2e')).streams, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    const cur = await admin('GET', '/sites/e2e/config');
    const waiting = page.evaluate(
      (target) =>
        new Promise<number>((resolve) => {
          const { $config } = (window as any).sdk;
          const unbind = $config.listen((c: { version: number } | null) => {
            if (c && c.version >= target) {
              unbind();
              resolve(performance.now());
            }
          });
        }),
      cur.version + 1,
    );
    const sentAt = await page.evaluate(() => performance.now());
    const pub = await admin('POST', '/sites/e2e/config', {
      config: { ...cur.config, widgets: [{ id: 'bar', type: 'buy-bar', props: { color: '#00aa00' } }] },
    });
    expect(pub.version).toBe(cur.version + 1);
    const seenAt = await waiting;
    console.log(
      `live push: publish -> page $config updated in ${(seenAt - sentAt).toFixed(0)} ms (includes the admin request)`,
    );
    await ctx.close();
  });
});
