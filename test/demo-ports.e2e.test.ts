// The demo on ports of its choosing (startDemo, as `pnpm demo --port --server-port` runs it): the shop's own origin,
// as printed and under the other loopback name, gets its widgets (config fetch, live stream) and has its events stored.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ORIGINS } from '@nudge/server/demo';
import { startDemo, type RunningDemo } from '../demo/src/start-demo.js';
import { embedDist, until } from './fixtures/embed/harness.js';
import { launchChromium } from './support/chromium.js';

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  // port 0: free ports, not among the seeded dev ports
  [demo, browser] = await Promise.all([
    embedDist().then((embedDir) =>
      startDemo({ port: 0, serverPort: 0, host: '127.0.0.1', data: ':memory:', adminToken: 'demo-token', embedDir }),
    ),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

it('shows the widgets and stores the events of a shop on a port outside the seeded list, opened as 127.0.0.1 or localhost', async () => {
  const { shop, server } = demo;
  expect(DEMO_ORIGINS).not.toContain(shop.url);
  expect(demo.allowed).toEqual([shop.url, shop.url.replace('127.0.0.1', 'localhost')]);
  const stats = async () =>
    (
      await (
        await fetch(`${server.url}/v1/admin/sites/demo/stats`, { headers: { authorization: 'Bearer demo-token' } })
      ).json()
    ).events as number;
  for (const origin of demo.allowed) {
    const refused: string[] = [];
    const page = await browser.newPage();
    page.on(
      'response',
      (r) => void (r.url().startsWith(server.url) && r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`)),
    );
    page.on('requestfailed', (r) => void (r.url().startsWith(server.url) && refused.push(`failed ${r.url()}`)));
    const before = await stats();
    await page.goto(`${origin}/en/p/tieguanyin-oolong`);
    const banner = page.locator('nudge-stock-banner');
    await until(
      async () => (await banner.count()) && banner.evaluate((el) => /left/.test(el.shadowRoot?.textContent ?? '')),
      15_000,
      100,
      `the stock banner on ${origin}`,
    );
    await until(async () => (await stats()) > before, 15_000, 200, `events from ${origin}`);
    await page.close();
    expect(refused, origin).toEqual([]);
  }
});

it('pnpm demo --help lists its flags', async () => {
  const { stdout } = await promisify(execFile)('pnpm', ['-s', 'exec', 'tsx', 'demo/src/demo.ts', '--help'], {
    timeout: 30_000,
  });
  for (const flag of ['--port', '--server-port', '--host', '--data', 'pnpm demo:traffic --endpoint'])
    expect(stdout).toContain(flag);
});
