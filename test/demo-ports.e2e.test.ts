// `pnpm demo` on ports of its choosing: the shop's own origin, as printed and under the other loopback name, gets its
// widgets (config fetch and live stream) and has its events stored, not refused by CORS.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { until } from './fixtures/embed/harness.js';

let demo: ChildProcess;
let browser: Browser;
const printed = { shop: '', server: '', token: '' };

beforeAll(async () => {
  // port 0: free ports, never the seeded dev ports; its own process group so afterAll can stop tsx and the demo
  demo = spawn('pnpm', ['-s', 'demo', '--port', '0', '--server-port', '0', '--data', mkdtempSync(join(tmpdir(), 'nudge-demo-ports-'))], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    demo.on('exit', (code) => reject(new Error(`pnpm demo exited with ${code}:\n${out}`)));
    demo.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Ctrl-C stops')) resolve();
    });
  });
  printed.shop = /Shop \(English\):\s+(\S+)\/en\//.exec(out)![1]!;
  printed.server = /Growth console:\s+(\S+)\/console\//.exec(out)![1]!;
  printed.token = /Admin token:\s+(\S+)/.exec(out)![1]!;
  expect(out).toContain(`pnpm demo:traffic --endpoint ${printed.server} --shop ${printed.shop}`);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (demo?.pid && demo.exitCode === null) process.kill(-demo.pid, 'SIGINT');
});

it('shows the widgets and stores the events of a shop on a port outside the seeded list, opened as 127.0.0.1 or localhost', async () => {
  expect(printed.shop).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const stats = async () => (await (await fetch(`${printed.server}/v1/admin/sites/demo/stats`, { headers: { authorization: `Bearer ${printed.token}` } })).json()).events as number;
  for (const origin of [printed.shop, printed.shop.replace('127.0.0.1', 'localhost')]) {
    const refused: string[] = [];
    const page = await browser.newPage();
    page.on('response', (r) => void (r.url().startsWith(printed.server) && r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`)));
    page.on('requestfailed', (r) => void (r.url().startsWith(printed.server) && refused.push(`failed ${r.url()}`)));
    const before = await stats();
    await page.goto(`${origin}/en/p/tieguanyin-oolong`);
    const banner = page.locator('nudge-stock-banner');
    await until(async () => (await banner.count()) && banner.evaluate((el) => /left/.test(el.shadowRoot?.textContent ?? '')), 15_000, 100, `the stock banner on ${origin}`);
    await until(async () => (await stats()) > before, 15_000, 200, `events from ${origin}`);
    await page.close();
    expect(refused, origin).toEqual([]);
  }
});
