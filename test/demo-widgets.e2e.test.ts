// The demo as a visitor meets it: the URL `pnpm demo` prints for all four widgets shows all four, and one person's
// test orders move only their own stock figures, never the next person's.
import { describe, expect, it } from 'vitest';
import { ALL_FOUR_PATH } from '../demo/src/start-demo.js';
import { until, useShopStack, watchErrors } from './fixtures/embed/harness.js';

const s = useShopStack();

/** The offer's inventoryLevel the product page's JSON-LD states, as seen with `cookie`. */
const stockSeen = async (slug: string, cookie = '') => {
  const html = await fetch(`${s.shop.url}/en/p/${slug}`, { headers: { cookie } }).then((r) => r.text());
  const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
  return ld.offers.inventoryLevel.value as number;
};

describe('demo', () => {
  it('the "all four widgets" URL shows all four', async () => {
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = await watchErrors(page);
    await page.goto(`${s.shop.url}${ALL_FOUR_PATH}`);
    await page.evaluate(() => (window as any).nudge.ready());
    const shown = (tag: string) => page.locator(tag).evaluate((el) => el.getAttribute('state'));
    await until(async () => (await shown('nudge-stock-banner')) === 'shown', 10_000, 100, 'the stock banner');
    // The buy bar follows the page's own button (the tag names it): past it, the bar is there.
    await page.evaluate(() =>
      scrollTo(0, document.getElementById('add-to-cart')!.getBoundingClientRect().bottom + 100),
    );
    await until(async () => (await shown('nudge-buy-bar')) === 'shown', 10_000, 100, 'the buy bar');
    // The referral card, below the description, renders its view as it comes near the viewport.
    await page.locator('#nudge-referral').scrollIntoViewIfNeeded();
    await until(
      () => page.locator('nudge-referral-card').evaluate((el) => (el.shadowRoot?.textContent ?? '').includes('$10')),
      10_000,
      100,
      "the referral card with the friend's reward",
    );
    // The welcome coupon opens on its delay (4 s in the demo config).
    await until(
      () => page.locator('nudge-coupon-popup').evaluate((el) => !!el.shadowRoot?.querySelector('dialog[open]')),
      15_000,
      200,
      'the coupon popup',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a test order lowers the stock its buyer sees, not the next person's", async () => {
    const slug = 'ru-kiln-teapot';
    const start = await stockSeen(slug);
    expect(start).toBeGreaterThan(1);
    const res = await fetch(`${s.shop.url}/en/order`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        name: 'Ann Lee',
        email: 'ann@example.com',
        // two lines of the same product cannot take more than the stock there is
        items: JSON.stringify([
          { sku: 'WARE-POT-RU', quantity: 1 },
          { sku: 'WARE-POT-RU', quantity: 99 },
        ]),
      }),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^demo_bought=/);
    const order = s.shop.orders.get(new URL(res.headers.get('location')!, s.shop.url).searchParams.get('order')!)!;
    expect(order.items.reduce((n, i) => n + i.quantity, 0)).toBe(start);
    expect(await stockSeen(slug, cookie)).toBe(0);
    expect(await stockSeen(slug)).toBe(start);
    // a forged cookie cannot raise the stock or touch another product
    expect(await stockSeen(slug, 'demo_bought=%7B%22WARE-POT-RU%22%3A-5%2C%22__proto__%22%3A1%7D')).toBe(start);
  });
});
