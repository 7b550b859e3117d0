// The experiment form's variants edited with the widget's generated fields (a bad colour refused with the field named,
// the JSON view kept), an existing experiment's schedule set from the Experiments tab in Chinese (confirmed, published,
// the history naming the person), and the results page's metric table with a harmed guardrail said in words; axe clean.
import { expect, it } from 'vitest';
import { axeViolations, colourResults, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('edit-token', colourResults);
const ui = () => s.page.locator('nudge-console');
// by the heading's id, so the form is found in either language
const form = () => ui().locator('section', { has: s.page.locator('#nx-h') });
const card = (key: string) =>
  ui().locator('section.card', { has: s.page.getByRole('heading', { name: new RegExp(`${key}$`) }) });
const live = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    experiments: { key: string; schedule?: unknown }[];
  };

it('edits a variant with the widget’s own fields: a colour “reddish” is refused with the field named', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('edit-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  await ui().getByRole('button', { name: 'New experiment' }).click();
  await form().getByLabel('Key (letters, digits, - or _)').fill('green-bar');
  await form().getByLabel('Widget it changes').selectOption('buy-bar');
  const variant = form().locator('fieldset').nth(1);
  // the generated field: its label, help and default, and a colour picker beside the text
  const colour = variant.getByLabel('Button colour', { exact: true });
  expect(await variant.getByLabel('Button colour: pick a colour').count()).toBe(1);
  expect(await variant.getByText(/Any opaque CSS colour/).count()).toBe(1);
  // page facts (stock, price) are not the variant's to set
  expect(await variant.getByText(/Comes from each product page/).count()).toBe(0);
  await colour.fill('reddish');
  await colour.press('Tab');
  await poll(() => variant.locator('.field-error').first().textContent()).toBe(
    'Button colour: “reddish” is not a CSS colour (use a colour such as #d92d20, red or rgb(217 45 32))',
  );
  expect(await colour.getAttribute('aria-invalid')).toBe('true');
  // the server refuses it too, by the field's path
  await poll(() => form().getByRole('status').textContent()).toContain('variants.1.patch.buy-bar.color');
  expect(await axeViolations(s.page)).toEqual([]);
  await colour.fill('#0a7f3f');
  await colour.press('Tab');
  await poll(() => form().getByRole('status').textContent()).toContain('Checked by the server: ready to save.');
  // the JSON view shows the same patch, and an edit there comes back to the form
  await variant.getByRole('button', { name: 'Raw JSON' }).click();
  const json = variant.getByLabel('Variant 1: the props it changes, as JSON');
  expect(JSON.parse(await json.inputValue())).toEqual({ color: '#0a7f3f' });
  await json.fill('{"color": "#1d4ed8"}');
  // text that is no patch stays, says why, and keeps the form closed until it is one
  await json.fill('[1]');
  await poll(() => variant.locator('.field-error').textContent()).toBe(
    'This is not valid JSON: expected an object of props',
  );
  await variant.getByRole('button', { name: 'Form' }).click();
  expect(await json.count()).toBe(1);
  await json.fill('{"color": "#1d4ed8"}');
  await variant.getByRole('button', { name: 'Form' }).click();
  expect(await variant.getByLabel('Button colour', { exact: true }).inputValue()).toBe('#1d4ed8');
  // the same fields in Chinese: the widget's labels and the colour's issue in the console's language
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const zhColour = variant.getByLabel('按钮颜色', { exact: true });
  expect(await zhColour.inputValue()).toBe('#1d4ed8');
  await zhColour.fill('reddish');
  await zhColour.press('Tab');
  await poll(() => variant.locator('.field-error').first().textContent()).toContain('按钮颜色：“reddish”不是 CSS 颜色');
  expect(await axeViolations(s.page)).toEqual([]);
  await ui().getByLabel('Language / 语言').selectOption('en');
  await form().getByRole('button', { name: 'Cancel' }).click();
});

it('在中文控制台中为已有实验设置排期：确认、发布，历史记录写明操作人', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const exp = card('buy-bar-color');
  const schedule = exp.getByRole('group', { name: '排期' });
  await poll(() => schedule.count()).toBe(1);
  await schedule.getByLabel('开始时间', { exact: true }).fill('2027-03-01T09:00');
  await schedule.getByLabel('结束时间', { exact: true }).fill('2027-02-01T09:00');
  // an end before the start is named by its path, and the schedule cannot be applied
  await poll(() => schedule.locator('.field-error').textContent()).toContain('end');
  expect(await exp.getByRole('button', { name: '应用排期' }).isDisabled()).toBe(true);
  await schedule.getByLabel('结束时间', { exact: true }).fill('2027-04-01T00:00');
  await poll(() => schedule.locator('.field-error').count()).toBe(0);
  await schedule.getByRole('button', { name: '添加时段' }).click();
  await schedule.getByLabel('每月日期').fill('1');
  await schedule.getByLabel('每月日期').press('Tab');
  expect(await axeViolations(s.page)).toEqual([]);
  await exp.getByRole('button', { name: '应用排期' }).click();
  const dialog = ui().locator('dialog#confirm');
  await poll(() => dialog.textContent()).toContain('将 buy-bar-color 的排期改为');
  await dialog.getByRole('button', { name: '确认' }).click();
  await poll(async () => (await live()).experiments.find((e) => e.key === 'buy-bar-color')?.schedule).toEqual({
    start: '2027-03-01T09:00:00+00:00',
    end: '2027-04-01T00:00:00+00:00',
    windows: [{ monthDays: [1] }],
  });
  await ui().getByRole('button', { name: '历史', exact: true }).click();
  const row = ui().locator('tr', { hasText: '实验 buy-bar-color：排期' }).first();
  await poll(() => row.textContent()).toContain('Mei');
  expect(await row.textContent()).toContain('1 个重复时段');
  // polled: the tab button's background transition caught halfway is no colour anyone reads
  await poll(() => axeViolations(s.page)).toEqual([]);
  await ui().getByLabel('Language / 语言').selectOption('en');
});

it('shows the secondary and guardrail metrics under the goal, a harmed guardrail in words', async () => {
  const put = await fetch(`${s.server.url}/v1/admin/sites/demo/metrics/experiments/buy-bar-color`, {
    method: 'PUT',
    headers: { authorization: 'Bearer edit-token', 'content-type': 'application/json' },
    body: JSON.stringify({ goal: 'revenue_per_visitor', secondary: ['add_to_cart'], guardrails: ['purchase'] }),
  });
  expect(put.status).toBe(200);
  await ui().getByRole('button', { name: 'Results' }).click();
  const table = ui().locator('section', {
    has: s.page.getByRole('heading', { name: 'Goal, secondary and guardrail metrics' }),
  });
  await poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
  const text = (await table.textContent()) ?? '';
  for (const words of ['Revenue per visitor', 'Goal', 'Secondary', 'Guardrail', 'Purchased'])
    expect(text).toContain(words);
  // blue buys half as often as red: the purchase guardrail is harmed, said in words (not by colour alone)
  const blue = table.locator('tr', { hasText: 'Guardrail' }).filter({ hasText: 'blue' });
  await poll(() => blue.textContent()).toContain('Worse: blue harms Purchased');
  expect(await blue.getAttribute('class')).toContain('worse');
  // the interval and the method are shown for each compared variant
  expect(await blue.textContent()).toMatch(/−\d+\.\d% … [−+]?\d+\.\d% \(\d+(\.\d)?%\)/);
  expect(await blue.textContent()).toContain('sequential');
  expect(await axeViolations(s.page)).toEqual([]);
});
