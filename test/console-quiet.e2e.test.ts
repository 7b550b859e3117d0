// The console in real Chromium logs no errors in a normal session (no 401 asking who is signed in, no missing icon,
// no summaries asked of the admin token), names built-ins and the direct channel in the reader's language, and counts
// report days in the site's time zone when it has one.
import type { Page } from 'playwright';
import { expect, it } from 'vitest';
import { adminClient, envelope } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

// two visitors who came straight to the shop (no referrer, no campaign: the direct channel); one buys
const s = useConsoleStack('quiet-token', () => [
  envelope('page_view', {}, { anonymousId: 'v1' }),
  envelope('page_view', {}, { anonymousId: 'v2' }),
  envelope('purchase', { transaction_id: 'T1', currency: 'USD', value: 30, items: [] }, { anonymousId: 'v1' }),
]);
const ui = (page: Page) => page.locator('nudge-console');

/** Whatever the page logs as an error, and every answer of 400 or more, as "status path" lines. */
function noise(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && seen.push(`console: ${m.text()} ${m.location().url}`)));
  page.on('pageerror', (e) => void seen.push(`page: ${e.message}`));
  page.on('response', (r) => void (r.status() >= 400 && seen.push(`${r.status()} ${new URL(r.url()).pathname}`)));
  return seen;
}

it('logs no error through a token session: sign-in page, Shop, People, Alerts, Metrics, Results', async () => {
  const context = await s.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const seen = noise(page);
  await page.goto(`${s.server.url}/console/`);
  await ui(page).getByLabel('Admin token').fill('quiet-token');
  await ui(page).getByRole('button', { name: 'Sign in with the token' }).click();
  await ui(page).getByRole('button', { name: 'Sign out' }).waitFor();
  await ui(page).locator('header select').first().selectOption('demo');
  await ui(page).getByRole('button', { name: 'Shop', exact: true }).click();
  // the channel's drill-down reads as a sentence
  const direct = ui(page).getByRole('button', { name: 'Products bought via Direct' });
  await direct.click();
  await poll(() => ui(page).getByRole('heading', { name: 'Products bought via Direct' }).count()).toBe(1);
  await ui(page).getByRole('button', { name: 'People & tokens', exact: true }).click();
  await poll(() => ui(page).getByText('Summaries belong to a person', { exact: false }).count()).toBeGreaterThan(0);
  await ui(page).getByRole('button', { name: 'Alerts', exact: true }).click();
  await poll(() => ui(page).getByRole('button', { name: 'Coupon pool running low' }).count()).toBe(1);
  await ui(page).getByRole('button', { name: 'Metrics', exact: true }).click();
  await poll(() => ui(page).getByRole('cell', { name: 'Purchased', exact: true }).count()).toBe(1);
  await ui(page).getByRole('button', { name: 'Results', exact: true }).click();
  await page.waitForTimeout(500);
  // the icon is the console's own file, allowed by its strict CSP (no request for /favicon.ico to fail)
  const icon = await page.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '';
    const r = await fetch(href);
    return { path: new URL(href).pathname, status: r.status, type: r.headers.get('content-type') };
  });
  expect(icon).toMatchObject({ path: '/console/favicon.svg', status: 200, type: expect.stringContaining('svg') });
  // a reload resumes the session from the cookie, again without an error
  await page.reload();
  await ui(page).getByRole('button', { name: 'Sign out' }).waitFor();
  await page.waitForTimeout(500);
  expect(seen).toEqual([]);
  await context.close();
});

it("in Chinese: built-in metric and alert names translated; the Shop's days in the site's time zone", async () => {
  const api = adminClient(s.server.url, 'quiet-token');
  const current = (await api.get('/sites/demo/config')).body.config;
  const published = await api.post('/sites/demo/config', { config: { ...current, timeZone: 'Asia/Shanghai' } });
  expect(published.status).toBe(200);
  // the browser is in Los Angeles, the shop in Shanghai
  const context = await s.browser.newContext({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const seen = noise(page);
  await page.goto(`${s.server.url}/console/`);
  await page.evaluate(async () => {
    const r = await fetch('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'quiet-token', name: 'Mei' }),
    });
    if (!r.ok) throw new Error(`sign-in ${r.status}`);
  });
  const dashboard = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/admin/sites/demo/dashboard');
  await page.reload();
  await ui(page).getByRole('button', { name: '退出' }).waitFor();
  await ui(page).locator('header select').first().selectOption('demo');
  await ui(page).getByRole('button', { name: '店铺', exact: true }).click();
  let asked = new URL((await dashboard).url());
  // the first ask may predate the site's config; the one after it is in the site's zone
  if (asked.searchParams.get('tz') !== 'Asia/Shanghai') {
    const again = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/admin/sites/demo/dashboard');
    await ui(page).getByRole('button', { name: '刷新', exact: true }).click();
    asked = new URL((await again).url());
  }
  expect(asked.searchParams.get('tz')).toBe('Asia/Shanghai');
  // From's first instant is midnight in Shanghai (UTC+8): 16:00 UTC the day before
  expect(asked.searchParams.get('from')).toMatch(/T16:00:00\.000Z$/);
  await poll(() =>
    ui(page).getByText('日期按站点时区（Asia/Shanghai，即排期所用的时区）的零点到零点计算。').count(),
  ).toBe(1);
  await poll(() => ui(page).getByRole('button', { name: '直接访问渠道购买的商品' }).count()).toBe(1);
  await ui(page).getByRole('button', { name: '告警', exact: true }).click();
  await poll(() => ui(page).getByRole('button', { name: '转化率低于预期 20%' }).count()).toBe(1);
  expect(await ui(page).getByText('Conversion 20% below expected').count()).toBe(0);
  await ui(page).getByRole('button', { name: '指标', exact: true }).click();
  await poll(() => ui(page).getByRole('cell', { name: '完成购买', exact: true }).count()).toBe(1);
  expect(await ui(page).getByText('Purchased', { exact: true }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  expect(seen).toEqual([]);
  await context.close();
});
