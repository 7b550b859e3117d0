// The demo storefront: both languages with widgets in the page's language, and `pnpm demo:traffic` filling the
// console's reports with labelled, simulated shoppers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { events, until, useShopStack } from './fixtures/embed/harness.js';

const s = useShopStack();

describe('demo shop', () => {
  it('serves a Chinese product page with JSON-LD stock, widgets in Chinese, and a switch to the same page in English', async () => {
    const page = await s.browser.newPage({ viewport: { width: 390, height: 844 } });
    const res = await page.goto(`${s.shop.url}/zh/p/ru-kiln-teapot`);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(ld).toMatchObject({ '@type': 'Product', sku: 'WARE-POT-RU', offers: { priceCurrency: 'USD', inventoryLevel: { value: 3 } } });
    await page.evaluate(() => (window as any).nudge.ready());
    await until(() => page.locator('nudge-stock-banner').evaluate((el) => /仅剩/.test(el.shadowRoot?.textContent ?? '')));
    expect(await page.locator('#lang-switch').getAttribute('href')).toBe('/en/p/ru-kiln-teapot');
    await page.close();
  });

  it('demo:traffic sends bounded, labelled shoppers whose variants show up in the experiment report', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('pnpm', ['-s', 'exec', 'tsx', 'demo/src/traffic.ts', '--endpoint', s.stack.server.url, '--shoppers', '80', '--seconds', '30'], { timeout: 60_000 });
    console.log(stdout.trim());
    expect(stdout).toMatch(/simulated 80 shoppers/);
    const report = await s.stack.admin.get('/sites/demo/reports/experiments/buy-bar-color');
    const exposed = report.variants.map((v: any) => v.exposed);
    expect(exposed.every((n: number) => n > 10)).toBe(true);
    expect(exposed.reduce((a: number, b: number) => a + b, 0)).toBe(80);
    const sample = await events(s.stack.admin, 50);
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.every((e) => e.props.simulated === true)).toBe(true);
  });
});
