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
    expect(ld).toMatchObject({
      '@type': 'Product',
      sku: 'WARE-POT-RU',
      offers: { priceCurrency: 'USD', inventoryLevel: { value: 3 } },
    });
    await page.evaluate(() => (window as any).nudge.ready());
    await until(() =>
      page.locator('nudge-stock-banner').evaluate((el) => /仅剩/.test(el.shadowRoot?.textContent ?? '')),
    );
    expect(await page.locator('#lang-switch').getAttribute('href')).toBe('/en/p/ru-kiln-teapot');
    await page.close();
  });

  it('an invite link keeps its code through the language redirect; the coupon a variant shows is honoured; a reload of the thank-you page sends no second purchase', async () => {
    const invite = await fetch(`${s.shop.url}/?ref=ANN10`, {
      redirect: 'manual',
      headers: { 'accept-language': 'en' },
    });
    expect(invite.headers.get('location')).toBe('/en/?ref=ANN10');
    // Each variant's code gives what its popup promises: $30 off from $150 (seven $24 teas: $168; one: $24).
    const order = (coupon: string, quantity: number) =>
      fetch(`${s.shop.url}/en/order`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({
          name: 'Ann Lee',
          email: 'ann@example.com',
          coupon,
          items: JSON.stringify([{ sku: 'TEA-JAS-100', quantity }]),
        }),
      }).then((r) => r.headers.get('location')!);
    const thanks = await order('welcome30', 7);
    const id = new URL(thanks, s.shop.url).searchParams.get('order')!;
    expect(s.shop.orders.get(id)).toMatchObject({ value: 138, discount: 30, coupon: 'WELCOME30' });
    expect(
      s.shop.orders.get(new URL(await order('WELCOME30', 1), s.shop.url).searchParams.get('order')!),
    ).toMatchObject({ value: 24 });
    const page = await s.browser.newPage();
    await page.goto(`${s.shop.url}${thanks}`);
    await page.evaluate(() => (window as any).nudge.ready().then((n: any) => n.flush()));
    await page.reload();
    await page.evaluate(() => (window as any).nudge.ready().then((n: any) => n.flush()));
    await page.close();
    await until(async () =>
      (await events(s.stack.admin, 200)).some((e) => e.name === 'purchase' && e.props.transaction_id === id),
    );
    expect(
      (await events(s.stack.admin, 200)).filter((e) => e.name === 'purchase' && e.props.transaction_id === id),
    ).toHaveLength(1);
  });

  it('the cart and checkout pages render the cart on the server: nothing shifts when the shop script runs', async () => {
    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${s.shop.url}/en/p/jasmine-silver-needle`);
    await page.fill('#quantity', '2');
    await page.click('#add-to-cart');
    for (const path of ['/en/cart', '/en/checkout', '/zh/cart']) {
      await page.goto(`${s.shop.url}${path}`);
      await page.evaluate(() => (window as any).nudge.ready());
      await page.waitForTimeout(300);
      const shift = await page.evaluate(
        () =>
          new Promise<number>((r) => {
            new PerformanceObserver((l) => r(l.getEntries().reduce((n, e) => n + (e as any).value, 0))).observe({
              type: 'layout-shift',
              buffered: true,
            });
            setTimeout(() => r(0), 200);
          }),
      );
      expect(shift, path).toBe(0);
      expect(await page.locator('#cart .cart-lines li').count(), path).toBe(1);
      expect(await page.locator('#cart-count').textContent(), path).toBe('2');
    }
    await context.close();
  });

  it('demo:traffic sends bounded, labelled shoppers whose variants show up in the experiment report', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      'pnpm',
      [
        '-s',
        'exec',
        'tsx',
        'demo/src/traffic.ts',
        '--endpoint',
        s.stack.server.url,
        '--shoppers',
        '80',
        '--seconds',
        '30',
      ],
      { timeout: 60_000 },
    );
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
