// The widget forms in the real console: human labels in both languages, colour and URL pickers that refuse what the
// server and the widgets would refuse (naming the field, before the server is asked), page facts said to come from
// the page, and widgets added, duplicated and removed; every state passes axe.
import { expect, it } from 'vitest';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('widgets-token', () => []);
const ui = () => s.page.locator('nudge-console');
/** A widget's card, by its heading "<id> <type>" (so `buy-bar` is not `buy-bar-copy`). */
const card = (id: string) =>
  ui().locator('section', { has: s.page.getByRole('heading', { name: new RegExp(`^${id} `) }) });
const live = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    widgets: { id: string; type: string; enabled?: boolean; props: Record<string, unknown> }[];
  };

it('signs in and opens the widget forms with human labels, help and defaults', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('widgets-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  await poll(() => card('buy-bar').count()).toBe(1);
  const stock = card('stock');
  expect(await stock.getByLabel('Low-stock threshold', { exact: true }).inputValue()).toBe('10');
  expect(await stock.getByText('“Only N left” shows at or under this many units. Default: 5').count()).toBe(1);
  expect(await stock.getByLabel('Feed interval (seconds)', { exact: true }).count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);
});

it('says where page facts come from instead of offering them as settings', async () => {
  const bar = card('buy-bar');
  expect(await bar.getByRole('spinbutton', { name: 'Price' }).count()).toBe(0);
  expect(await bar.getByRole('group', { name: 'Price', exact: true }).textContent()).toContain(
    'Comes from each product page: the page’s markup',
  );
  expect(await card('stock').getByRole('group', { name: 'Units in stock', exact: true }).textContent()).toContain(
    'the stock feed; nudge.setProduct() on the page',
  );
  expect(await card('stock').getByRole('spinbutton', { name: 'Units in stock' }).count()).toBe(0);
});

it('refuses the colour reddish and a javascript: link in the form, naming the field, before the server is asked', async () => {
  const bar = card('buy-bar');
  const colour = bar.getByLabel('Button colour', { exact: true });
  await colour.fill('reddish');
  await colour.press('Tab');
  await poll(() => bar.locator('.field-error').textContent()).toContain('Button colour: “reddish” is not a CSS colour');
  expect(await colour.getAttribute('aria-invalid')).toBe('true');
  expect(await bar.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  expect(await axeViolations(s.page)).toEqual([]);
  // a colour the server takes: the picker beside it follows, and the error is gone
  await colour.fill('rebeccapurple');
  await colour.press('Tab');
  await poll(() => bar.locator('.field-error').count()).toBe(0);
  expect(await bar.getByLabel('Button colour: pick a colour').inputValue()).toBe('#663399');
  await bar.getByLabel('Button colour: pick a colour').fill('#d92d20');
  await poll(() => colour.inputValue()).toBe('#d92d20');
  await bar.getByRole('button', { name: 'Discard changes' }).click();

  const coupon = card('welcome-coupon');
  const apply = coupon.getByLabel('Apply link', { exact: true });
  await apply.fill('javascript:alert(1)');
  await apply.press('Tab');
  await poll(() => coupon.locator('.field-error').textContent()).toContain(
    'Apply link: expected an http(s) URL or a path starting with /',
  );
  expect(await coupon.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  await apply.fill('/discount/{code}');
  await apply.press('Tab');
  await poll(() => coupon.locator('.field-error').count()).toBe(0);
  await coupon.getByRole('button', { name: 'Discard changes' }).click();
  // nothing reached the server
  const w = (await live()).widgets;
  expect(w.find((x) => x.id === 'buy-bar')!.props.color).toBe('#1f2937');
  expect(w.find((x) => x.id === 'welcome-coupon')!.props.applyUrl).toBeUndefined();
});

it('says the time zone beside a date, and stores the picked moment as an instant', async () => {
  const coupon = card('welcome-coupon');
  const zone = await s.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(await coupon.locator('#f-welcome-coupon-expiresAt-help').textContent()).toContain(`Time zone: ${zone}`);
  await coupon.getByLabel('Expires at', { exact: true }).fill('2030-05-01T10:00');
  await coupon.getByRole('button', { name: 'Raw JSON' }).click();
  const props = JSON.parse(await coupon.locator('textarea').inputValue()) as { expiresAt: string };
  const expected = await s.page.evaluate(() => new Date('2030-05-01T10:00').toISOString().replace('.000Z', 'Z'));
  expect(props.expiresAt).toBe(expected);
  await coupon.getByRole('button', { name: 'Form' }).click();
  await coupon.getByRole('button', { name: 'Discard changes' }).click();
});

it('shows the labels in Chinese', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => card('buy-bar').getByLabel('按钮颜色', { exact: true }).count()).toBe(1);
  expect(await card('stock').getByLabel('轮询间隔（秒）', { exact: true }).count()).toBe(1);
  expect(await card('stock').getByText('默认：60').count()).toBe(1);
  const colour = card('buy-bar').getByLabel('按钮颜色', { exact: true });
  await colour.fill('reddish');
  await colour.press('Tab');
  await poll(() => card('buy-bar').locator('.field-error').textContent()).toContain('按钮颜色：“reddish”不是 CSS 颜色');
  expect(await axeViolations(s.page)).toEqual([]);
  await card('buy-bar').getByRole('button', { name: '放弃修改' }).click();
  await ui().getByLabel('Language / 语言').selectOption('en');
  await poll(() => card('buy-bar').getByLabel('Button colour', { exact: true }).count()).toBe(1);
});

it('adds a widget from its type’s defaults, duplicates it and removes the copy after confirmation', async () => {
  await ui().getByLabel('Widget type').selectOption('stock-banner');
  await ui().getByLabel('Widget id').fill('pdp-stock');
  await ui().getByRole('button', { name: 'Add', exact: true }).click();
  await poll(() => card('pdp-stock').count()).toBe(1);
  const added = (await live()).widgets.find((w) => w.id === 'pdp-stock')!;
  expect(added).toMatchObject({ type: 'stock-banner', enabled: false });
  expect(added.props).toEqual({ lowStockThreshold: 5, maxAgeSeconds: 900, feedIntervalSeconds: 60 });
  expect(await card('pdp-stock').getByLabel('Feed interval (seconds)', { exact: true }).inputValue()).toBe('60');
  // the same id again is refused by name
  await ui().getByLabel('Widget id').fill('pdp-stock');
  await ui().getByRole('button', { name: 'Add', exact: true }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('“pdp-stock” is already used');

  await card('pdp-stock').getByRole('button', { name: 'Duplicate' }).click();
  await poll(() => card('pdp-stock-copy').count()).toBe(1);
  const copy = (await live()).widgets.find((w) => w.id === 'pdp-stock-copy')!;
  expect(copy).toMatchObject({ type: 'stock-banner', enabled: false, props: added.props });
  expect(await axeViolations(s.page)).toEqual([]);

  await card('pdp-stock-copy').getByRole('button', { name: 'Remove' }).click();
  const dialog = ui().locator('dialog#confirm');
  await poll(() => dialog.textContent()).toContain('Remove the widget “pdp-stock-copy” from every page?');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(() => card('pdp-stock-copy').count()).toBe(0);
  expect((await live()).widgets.map((w) => w.id)).not.toContain('pdp-stock-copy');
  expect((await live()).widgets.map((w) => w.id)).toContain('pdp-stock');

  // a widget an experiment changes is not removed from under it
  await card('buy-bar').getByRole('button', { name: 'Remove' }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('changed by the experiment buy-bar-color');
  expect((await live()).widgets.map((w) => w.id)).toContain('buy-bar');
});
