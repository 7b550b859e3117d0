// The coupon popup on the demo shop with only the script tag, against a real server's pool: the shopper's own code,
// the same one after a reload, the variant's static code once the pool is empty, then a purchase redeeming it.
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { publish, until, useShopStack, watchErrors } from './fixtures/embed/harness.js';

const s = useShopStack(async () => {
  await publish(s.stack.admin, (c) => {
    c.widgets.find((w: any) => w.id === 'welcome-coupon').trigger = { delayMs: 100 };
    // one $20 pool for the popup's own offer: the $30 variant would (rightly) get its static code instead, so the
    // offer test is paused here; pools bound to variants are covered by the rewards contract (rewards.contract.ts)
    c.experiments.find((e: any) => e.key === 'coupon-threshold').status = 'paused';
  });
  await s.stack.admin.post('/sites/demo/coupon-pools', {
    id: 'welcome',
    widget: 'welcome-coupon',
    kind: 'generated',
    prefix: 'HI-',
    count: 1,
    amount: 20,
    currency: 'USD',
  });
});

/** Opens a product page in a new browser (a new visitor), waits for the popup and claims; the revealed code. */
async function claimAsNewVisitor(): Promise<{ page: Page; code: string; errors: string[] }> {
  const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = await watchErrors(page);
  await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
  const popup = page.locator('nudge-coupon-popup');
  await until(() => popup.evaluate((el) => !!el.shadowRoot?.querySelector('dialog[open]')));
  await popup.locator('[part~=cta]').click();
  const code = await until(() =>
    popup.evaluate((el) => {
      const c = el.shadowRoot?.querySelector('[part~=code]')?.textContent ?? '';
      return /^[\w-]+$/.test(c) ? c : undefined;
    }),
  );
  return { page, code, errors };
}

const codeIn = (page: Page) =>
  until(() =>
    page.locator('nudge-coupon-popup').evaluate((el) => {
      const c = el.shadowRoot?.querySelector('[part~=code]')?.textContent ?? '';
      return /^[\w-]+$/.test(c) ? c : undefined;
    }),
  );

describe('coupon pool through the script tag', () => {
  let first: Awaited<ReturnType<typeof claimAsNewVisitor>>;

  it("reveals the shopper's own pool code, the same after a reload, and the static code once the pool is empty", async () => {
    first = await claimAsNewVisitor();
    expect(first.code).toMatch(/^HI-[A-Z2-9]{8}$/);
    expect((await s.stack.admin.get('/sites/demo/coupon-pools')).pools[0]).toMatchObject({
      issued: 1,
      remaining: 0,
      low: true,
    });
    // after a reload the claimed popup, opened again, shows the same code (asked from the server), not the static one
    await first.page.reload();
    await first.page.evaluate(() => (window as any).nudge.ready());
    await until(() => first.page.locator('nudge-coupon-popup').count());
    await first.page.locator('nudge-coupon-popup').evaluate((el: any) => el.show());
    expect(await codeIn(first.page)).toBe(first.code);
    const second = await claimAsNewVisitor();
    expect(second.code).toBe('WELCOME20'); // the pool is empty: the popup's static code
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('a purchase with the issued code is one redemption in the coupon report, to the cent', async () => {
    await first.page.evaluate((coupon) => {
      const n = (window as any).nudge;
      const items = [{ item_id: 'TEA-OOL-150', price: 32, quantity: 5 }];
      n.track('purchase', { transaction_id: 'T-E2E-1', currency: 'USD', value: 140.5, coupon, items });
      return n.flush();
    }, first.code);
    const row = await until(async () => {
      const r = await s.stack.admin.get('/sites/demo/coupon-report');
      const w = r.widgets.find((x: any) => x.widget === 'welcome-coupon');
      return w?.redeemed ? w : undefined;
    });
    expect(row).toMatchObject({ redeemed: 1, discount: 20, revenue: 140.5, netRevenue: 120.5, currency: 'USD' });
    expect(row.bySource).toMatchObject({ pool: 1, static: 1 });
  });
});
