// The console's Errors view in real Chromium against a real server: a purchase sent without transaction_id (kept
// by the collector as a nudge_error), a failed widget and one widget's two kinds of error show up grouped, with a count badge on the nav entry, text
// rendered as text, an honest zero state for an empty period, and no axe-core violations in either state.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';
import { axeViolations as axeOn, poll, useConsoleStack } from './support/console-stack.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const s = useConsoleStack('errors-token', () => {
  const t = Date.now() - 60_000;
  return [
    // the thank-you page forgot transaction_id: three purchases from two visitors
    ...['buyer-1', 'buyer-1', 'buyer-2'].map((anonymousId, i) =>
      envelope('purchase', { currency: 'USD', value: 30, items: [] }, { anonymousId, ts: t + i }),
    ),
    envelope(
      'nudge_error',
      { source: 'widget', widget_id: 'stock', widget_type: 'stock-banner', message: HOSTILE },
      { anonymousId: 'v3', ts: t + 10 },
    ),
    // a widget's own report (NudgeElement.report): its GA4 promotion fields, no source
    envelope(
      'nudge_error',
      { promotion_id: 'buy-bar', creative_slot: 'buy-bar', message: 'could not load its view chunk' },
      { anonymousId: 'v4', ts: t + 5 },
    ),
    // the same widget's other kind of error (the buy bar names it with a code), from two visitors: a row of its own
    ...['v5', 'v6'].map((anonymousId, i) =>
      envelope(
        'nudge_error',
        {
          promotion_id: 'buy-bar',
          creative_slot: 'buy-bar',
          source: 'widget',
          code: 'no_add_to_cart',
          message: 'found no add-to-cart button on the page (set target); the bar stays hidden',
        },
        { anonymousId, ts: t + 20 + i },
      ),
    ),
  ];
});
const ui = () => s.page.locator('nudge-console');
const axeViolations = () => axeOn(s.page);

it('shows the error count next to the Errors nav entry after sign-in', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('errors-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await poll(() => ui().getByRole('button', { name: 'Errors, 7 in this period' }).count()).toBe(1);
  expect(await ui().locator('nav .badge').textContent()).toBe('7');
});

it('lists the groups: what, where, how many, visitors, pages, last seen and the example message as text', async () => {
  await ui()
    .getByRole('button', { name: /^Errors/ })
    .click();
  const rows = ui().locator('section[aria-labelledby="errors-h"] tbody tr');
  await poll(() => rows.count()).toBe(4);
  const head = ui().locator('section[aria-labelledby="errors-h"] thead th');
  expect(await head.allTextContents()).toEqual([
    'What went wrong',
    'Where',
    'Count',
    'Visitors',
    'Pages',
    'Last seen',
    'Example message',
  ]);
  const first = rows.nth(0).locator('td');
  expect(await first.nth(0).textContent()).toContain('purchase sent with an invalid field');
  expect(await first.nth(0).textContent()).toContain('invalid_props');
  expect(await first.nth(1).textContent()).toMatch(/Event: purchase\s*Field: transaction_id/);
  expect((await first.nth(2).textContent())?.trim()).toBe('3');
  expect((await first.nth(3).textContent())?.trim()).toBe('2');
  expect((await first.nth(4).textContent())?.trim()).toBe('1');
  expect(await first.nth(6).textContent()).toMatch(/\S/);
  // the buy bar's missing button is its own row, in words with the fix, apart from its failed view chunk
  const noButton = rows.nth(1).locator('td');
  expect(await noButton.nth(0).textContent()).toContain('The buy bar found no add-to-cart button');
  expect(await noButton.nth(0).textContent()).toContain('Set its target');
  expect(await noButton.nth(0).textContent()).toContain('Count: sessions (sent once per visit)');
  expect(await noButton.nth(1).textContent()).toMatch(/Widget: buy-bar\s*\(buy-bar\)/);
  expect((await noButton.nth(2).textContent())?.trim()).toBe('2');
  expect((await noButton.nth(3).textContent())?.trim()).toBe('2');
  const widget = rows.nth(2).locator('td');
  expect(await widget.nth(0).textContent()).toContain('A widget failed');
  // what it was grouped by, as text (the hostile message's markup stays text: no img below)
  expect(await widget.nth(0).textContent()).toContain('Reported as');
  expect(await widget.nth(0).textContent()).toContain('Count: times it happened');
  expect(await widget.nth(1).textContent()).toMatch(/Widget: stock\s*\(stock-banner\)/); // its type from the demo config
  expect((await widget.nth(6).textContent())?.trim()).toBe(HOSTILE);
  const reported = rows.nth(3).locator('td');
  expect(await reported.nth(0).textContent()).toContain('A widget failed');
  expect(await reported.nth(1).textContent()).toMatch(/Widget: buy-bar\s*\(buy-bar\)/);
  expect((await reported.nth(6).textContent())?.trim()).toBe('could not load its view chunk');
  expect(await ui().locator('img').count()).toBe(0);
  expect(await s.page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await axeViolations()).toEqual([]);
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-errors.png'), fullPage: true });
});

it('is keyboard usable and says so plainly when the period has no errors (badge gone)', async () => {
  const from = ui().getByLabel('From');
  await from.fill('2020-01-01');
  await ui().getByLabel('To').fill('2020-01-31');
  // keyboard only from the To field to Refresh (a date input's day/month/year parts take Tab stops of their own)
  await ui().getByLabel('To').focus();
  const focused = () =>
    s.page.evaluate(
      () => document.querySelector('nudge-console')?.shadowRoot?.activeElement?.textContent?.trim() ?? '',
    );
  for (let i = 0; i < 6 && (await focused()) !== 'Refresh'; i++) await s.page.keyboard.press('Tab');
  expect(await focused()).toBe('Refresh');
  await s.page.keyboard.press('Enter');
  await poll(() => ui().getByRole('status').textContent()).toContain('No errors in this period.');
  expect(await ui().locator('nav .badge').count()).toBe(0);
  expect(await ui().getByRole('button', { name: 'Errors', exact: true }).count()).toBe(1);
  expect(await axeViolations()).toEqual([]);
});

it('speaks Chinese in the errors view', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => ui().getByRole('heading', { name: '错误（nudge_error 事件）' }).count()).toBe(1);
  expect(await ui().getByRole('status').textContent()).toContain('此时间段内没有错误。');
  expect(await ui().getByRole('button', { name: '错误', exact: true }).count()).toBe(1);
  await ui().getByLabel('Language / 语言').selectOption('en');
});
