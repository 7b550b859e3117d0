// Issue 14 in the shopper's browser through the script tag and a real server: the signed-in customer's own referral
// code and the program's rewards on the referral card, and the next-order coupon shown on the thank-you page.
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { publish, until, useShopStack, watchErrors } from './fixtures/embed/harness.js';

const s = useShopStack(async () => {
  await s.stack.admin.patch('/sites/demo/reward-settings', {
    referral: {
      currency: 'USD',
      stages: [
        { stage: 'friend_signup', friend: 20, inviter: 20 },
        { stage: 'friend_first_order', inviter: 50 },
      ],
      onRule: 'hold',
      pool: 'referral-secret-pool',
    },
  });
  await s.stack.admin.post('/sites/demo/coupon-pools', {
    id: 'next-order',
    kind: 'generated',
    prefix: 'NEXT-',
    count: 3,
    validDays: 30,
    amount: 10,
    currency: 'USD',
  });
  await publish(s.stack.admin, (c) => {
    // the welcome popup would take the one modal slot on the thank-you page; the card words the program's rewards
    c.widgets.find((w: any) => w.id === 'welcome-coupon').enabled = false;
    c.widgets.find((w: any) => w.id === 'refer-a-friend').props = {};
    c.widgets.push({
      id: 'thanks-coupon',
      type: 'coupon-popup',
      enabled: true,
      audience: { path: '/en/thanks' },
      props: { amount: 10, currency: 'USD' },
    });
  });
  // named once the config has the popup: only a coupon popup of the config in force may show it
  const next = await s.stack.admin.patch('/sites/demo/reward-settings', {
    nextOrder: { widget: 'thanks-coupon', pool: 'next-order', minOrder: 50 },
  });
  expect(next.nextOrder).toMatchObject({ widget: 'thanks-coupon', pool: 'next-order' });
});

async function visit(path: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = await watchErrors(page);
  await page.goto(`${s.shop.url}${path}`);
  await page.evaluate(() => (window as any).nudge.ready());
  return { page, errors };
}

describe('referral card for a signed-in customer', () => {
  it("shows the customer's own code from the server (the same on every device) and the program's rewards", async () => {
    const config = await (await fetch(`${s.stack.server.url}/v1/config/demo`)).text();
    expect(config).not.toContain('referral-secret-pool');
    const { page, errors } = await visit('/en/');
    await page.evaluate(() => (window as any).nudge.identify('cust-ann'));
    const card = page.locator('[data-nudge-slot="referral-card"] nudge-referral-card');
    const link = await until(() =>
      card.evaluate((el) => el.shadowRoot?.querySelector<HTMLInputElement>('[part~=link]')?.value),
    );
    const mine = await (
      await fetch(`${s.stack.server.url}/v1/referrals/code`, {
        method: 'POST',
        body: JSON.stringify({ site: 'demo', anonymousId: 'another-device', userId: 'cust-ann' }),
      })
    ).json();
    expect(new URL(link).searchParams.get('ref')).toBe(mine.code);
    expect(mine.code).toMatch(/^[A-Z2-9]{8}$/);
    const body = await card.evaluate((el) => el.shadowRoot?.querySelector('[part~=body]')?.textContent);
    expect(body).toBe(
      'Friends get $20 when they sign up. You get $20 when they sign up and $50 after their first order.',
    );
    expect(await card.evaluate((el) => el.shadowRoot?.querySelector('[part~=heading]')?.textContent)).toBe(
      'Give $20, get up to $70',
    );
    expect(errors).toEqual([]);
  });
});

describe('next-order coupon on the thank-you page', () => {
  const purchase = (page: Page, id: string, value: number) =>
    page.evaluate(
      ([id, value]) => {
        const n = (window as any).nudge;
        n.track('purchase', { transaction_id: id, currency: 'USD', value, items: [] });
        return n.flush();
      },
      [id, value] as const,
    );
  const popup = (page: Page) => page.locator('nudge-coupon-popup[widget-id="thanks-coupon"]');

  it('shows the buyer the code the server bound at their purchase, issued from the pool', async () => {
    const { page, errors } = await visit('/en/thanks');
    await purchase(page, 'T-NEXT-1', 80);
    const code = await until(
      () =>
        popup(page).evaluate((el) =>
          el.shadowRoot?.querySelector('dialog[open]') ? el.shadowRoot.querySelector('[part~=code]')?.textContent : '',
        ),
      20_000,
    );
    expect(code).toMatch(/^NEXT-[A-Z2-9]{8}$/);
    expect(await popup(page).evaluate((el) => el.shadowRoot?.querySelector('[part~=heading]')?.textContent)).toBe(
      'Thank you! A coupon for your next order',
    );
    const pool = (await s.stack.admin.get('/sites/demo/coupon-pools')).pools.find((p: any) => p.id === 'next-order');
    expect(pool).toMatchObject({ issued: 1, remaining: 2 });
    // only the buyer's own: another visitor asking for this widget gets nothing
    const other = await fetch(`${s.stack.server.url}/v1/coupons/claim`, {
      method: 'POST',
      body: JSON.stringify({ site: 'demo', widget: 'thanks-coupon', anonymousId: 'someone-else' }),
    });
    expect(other.status).toBe(204);
    expect(errors).toEqual([]);
  });

  it('shows nothing after an order below the minimum, and issues nothing', async () => {
    const { page, errors } = await visit('/en/thanks');
    await purchase(page, 'T-NEXT-2', 30);
    // the popup asks for 15 s at most; then it has given up for good
    await page.waitForTimeout(16_000);
    expect(await popup(page).evaluate((el) => !!el.shadowRoot?.querySelector('dialog[open]'))).toBe(false);
    const pool = (await s.stack.admin.get('/sites/demo/coupon-pools')).pools.find((p: any) => p.id === 'next-order');
    expect(pool).toMatchObject({ issued: 1, remaining: 2 });
    expect(errors).toEqual([]);
  });
});
