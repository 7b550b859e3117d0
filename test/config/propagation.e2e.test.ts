// Remote config in real Chromium: live SSE publish reaches the page's $config (time printed), bad documents are
// refused with a nudge_error, a dropped stream catches up, and a reload applies the cached document with a 304
// without downloading the validator chunk.
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startConfigServer, type ConfigServer } from '../support/config-server.js';

const root = resolve(import.meta.dirname, '../..');
const doc = (version: number, label: string, extra: Record<string, unknown> = {}) => ({
  schema: 1,
  site: 'demo',
  version,
  widgets: [{ id: 'bar', type: 'buy-bar', props: { label, position: 'bottom', ...extra } }],
  experiments: [],
});

type Win = { seen: { version: number; at: number; label?: string }[]; nudge: { flush(): Promise<void> } };
let browser: Browser;
let server: ConfigServer;

/** The fixture page bundled once (dev mode so config refusals print to the console), every chunk served. */
async function bundle() {
  const out = (await build({
    configFile: false,
    root,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"development"' },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: resolve(root, 'test/fixtures/config/page.ts'), formats: ['es'], fileName: 'page' },
    },
  })) as
    | { output: { type: string; fileName: string; code?: string }[] }
    | { output: { type: string; fileName: string; code?: string }[] }[];
  const assets: Record<string, { type: string; body: string }> = {
    '/': {
      type: 'text/html',
      body: '<!doctype html><html lang="en"><title>config e2e</title><script type="module" src="/page.js"></script></html>',
    },
    '/static/demo.json': { type: 'application/json', body: JSON.stringify(doc(42, 'From a static file')) },
  };
  for (const c of (Array.isArray(out) ? out[0]! : out).output)
    if (c.type === 'chunk') assets[`/${c.fileName}`] = { type: 'text/javascript', body: c.code ?? '' };
  return assets;
}

beforeAll(async () => {
  const assets = await bundle();
  [browser, server] = await Promise.all([
    launchChromium(),
    startConfigServer({ site: 'demo', document: doc(1, 'Buy'), assets, retryMs: 300 }),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

const seen = (page: Page) => page.evaluate(() => (window as unknown as Win).seen);
const waitVersion = (page: Page, v: number) =>
  page.waitForFunction((v) => (window as unknown as Win).seen.some((s) => s.version === v), v, {
    timeout: 10_000,
    polling: 5,
  });
async function waitStreams(n: number) {
  const end = Date.now() + 10_000;
  while (server.streams() < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(server.streams()).toBeGreaterThanOrEqual(n);
}

it('a publish reaches an open page over SSE; refusals, reconnects and reloads behave', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  // The zod validator is its own chunk: fetched for a new document only, never for an unchanged config.
  const validatorLoads: string[] = [];
  page.on('request', (r) => /\/validator-[^/]*\.js$/.test(new URL(r.url()).pathname) && validatorLoads.push(r.url()));
  await page.goto(server.url);
  await waitVersion(page, 1);
  await waitStreams(1);
  expect(validatorLoads.length).toBe(1); // first visit: the document must be validated

  // Live push: time from publish to the page's $config holding the new document.
  const times: number[] = [];
  for (let v = 2; v <= 8; v++) {
    const at = server.publish(doc(v, `Buy ${v}`));
    await waitVersion(page, v);
    const got = (await seen(page)).find((s) => s.version === v)!;
    expect(got.label).toBe(`Buy ${v}`);
    times.push(got.at - at);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `config propagation (publish -> page $config over SSE): median ${sorted[sorted.length >> 1]} ms, max ${sorted[sorted.length - 1]} ms over ${times.length} publishes [${times.join(', ')}]`,
  );

  // An invalid document is refused whole: $config keeps version 8, the console names the field, nudge_error is sent.
  server.publish(doc(9, 'Broken', { position: 'sideways' }));
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as unknown as Win).nudge.flush());
  const errors = server.batches.flatMap((b) => b.events).filter((e) => e.name === 'nudge_error');
  expect(errors.map((e) => e.props.path)).toContain('widgets.0.props.position');
  expect(warnings.join('\n')).toContain('widgets.0.props.position');
  expect((await seen(page)).at(-1)!.version).toBe(8);

  // Stream dropped (server restart): a publish made while it is down arrives after the reconnect.
  server.dropStreams();
  server.publish(doc(10, 'After drop'));
  await waitVersion(page, 10);

  // Reload: the cached document is applied before any network answer, and the refresh is a conditional 304.
  const before = server.fetches.length;
  await page.reload();
  await page.waitForFunction(() => (window as unknown as Win).seen.length > 0);
  expect((await seen(page))[0]!.version).toBe(10);
  const end = Date.now() + 5000;
  while (server.fetches.length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(server.fetches[before]).toEqual({ ifNoneMatch: '"r10"', status: 304 });
  // Returning visitor, config unchanged (cache applied, 304, stream reopened): the validator is not downloaded.
  validatorLoads.length = 0;
  await waitStreams(1);
  await page.waitForTimeout(300);
  expect(validatorLoads).toEqual([]);
  // A publish after that is a new document: now it loads, and the document is applied.
  server.publish(doc(11, 'After reload'));
  await waitVersion(page, 11);
  expect(validatorLoads.length).toBe(1);
  await context.close();
});

it('static hosting: any URL serving the JSON works, without a stream', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const streamsBefore = server.streams();
  await page.goto(`${server.url}/?config=/static/demo.json`);
  await waitVersion(page, 42);
  expect((await seen(page)).at(-1)!.label).toBe('From a static file');
  await page.waitForTimeout(300);
  expect(server.streams()).toBe(streamsBefore);
  await context.close();
});
