// Merchant copy per locale in the real console: a text prop written per language (added, removed), checked as the
// server checks it, previewed in the chosen language, published, and served; labels in both console languages, axe.
import { expect, it } from 'vitest';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('copy-token', () => []);
const ui = () => s.page.locator('nudge-console');
const card = (id: string) =>
  ui().locator('section', { has: s.page.getByRole('heading', { name: new RegExp(`^${id} `) }) });
const live = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    widgets: { id: string; props: Record<string, unknown> }[];
  };

it('turns the popup heading into a text per language, adds and removes languages, with no axe violations', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('copy-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  const coupon = card('welcome-coupon');
  await poll(() => coupon.count()).toBe(1);
  await coupon.getByLabel('Heading', { exact: true }).fill('A gift for you');
  await coupon.getByLabel('Heading', { exact: true }).press('Tab');
  await coupon.getByRole('button', { name: 'Heading: one text per language' }).click();
  const heading = coupon.getByRole('group', { name: 'Heading', exact: true });
  // the text typed so far becomes the console language's
  await poll(() => heading.getByLabel('English · en', { exact: true }).inputValue()).toBe('A gift for you');

  await heading.getByLabel('Add a language').selectOption('zh-CN');
  await heading.getByRole('button', { name: 'Add', exact: true }).click();
  const zh = heading.getByLabel('Chinese (China) · zh-CN', { exact: true });
  await zh.fill('送你一份礼物');
  await zh.press('Tab');
  await heading.getByLabel('Add a language').selectOption('zh-TW');
  await heading.getByRole('button', { name: 'Add', exact: true }).click();
  await poll(() => heading.getByLabel('Chinese (Taiwan) · zh-TW', { exact: true }).count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);
  await heading.getByRole('button', { name: 'Remove Chinese (Taiwan) · zh-TW from Heading' }).click();
  await poll(() => heading.getByLabel('Chinese (Taiwan) · zh-TW', { exact: true }).count()).toBe(0);

  await coupon.getByRole('button', { name: 'Raw JSON' }).click();
  expect(JSON.parse(await coupon.locator('textarea').inputValue())).toMatchObject({
    heading: { en: 'A gift for you', 'zh-CN': '送你一份礼物' },
  });
  await coupon.getByRole('button', { name: 'Form' }).click();
});

it('refuses a misspelt language tag, naming the field and the tag, before the server is asked', async () => {
  const coupon = card('welcome-coupon');
  // no input can hold more than the limit; a tag can only be mistyped in the JSON view
  expect(await coupon.getByLabel('Chinese (China) · zh-CN', { exact: true }).getAttribute('maxlength')).toBe('120');
  await coupon.getByRole('button', { name: 'Raw JSON' }).click();
  const good = await coupon.locator('textarea').inputValue();
  const props = JSON.parse(good) as { heading: Record<string, string> };
  await coupon.locator('textarea').fill(JSON.stringify({ ...props, heading: { ...props.heading, 'zh-cn': '礼物' } }));
  await coupon.getByRole('button', { name: 'Form' }).click();
  await poll(() => coupon.locator('.field-error').textContent()).toContain('Heading: “zh-cn” is not a language tag');
  expect(await coupon.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  expect(await axeViolations(s.page)).toEqual([]);
  await coupon.getByRole('button', { name: 'Raw JSON' }).click();
  await coupon.locator('textarea').fill(good);
  await coupon.getByRole('button', { name: 'Form' }).click();
  await poll(() => coupon.locator('.field-error').count()).toBe(0);
});

it('previews the popup open in the language chosen, then publishes the copy the shop serves', async () => {
  const coupon = card('welcome-coupon');
  await coupon.getByLabel('Preview in').selectOption('zh-CN');
  const frame = s.page.frameLocator('iframe[data-preview="welcome-coupon"]');
  await frame.getByRole('button', { name: 'Open the popup' }).click();
  await poll(() => frame.locator('nudge-coupon-popup [part~=heading]').textContent()).toBe('送你一份礼物');
  await coupon.getByLabel('Preview in').selectOption('en');
  await poll(() => frame.locator('nudge-coupon-popup [part~=heading]').textContent()).toBe('A gift for you');

  await coupon.getByRole('button', { name: 'Publish' }).click();
  await poll(async () => (await live()).widgets.find((w) => w.id === 'welcome-coupon')?.props.heading).toEqual({
    en: 'A gift for you',
    'zh-CN': '送你一份礼物',
  });
});

it('labels the editor in Chinese', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const heading = card('welcome-coupon').getByRole('group', { name: '标题', exact: true });
  await poll(() => heading.getByLabel('添加语言').count()).toBe(1);
  expect(await heading.getByLabel('中文（中国） · zh-CN', { exact: true }).inputValue()).toBe('送你一份礼物');
  expect(await heading.getByRole('button', { name: '从标题中删除英语 · en' }).count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);
  await ui().getByLabel('Language / 语言').selectOption('en');
});

it('the server refuses a language that does not exist, naming the key', async () => {
  const doc = await live();
  const i = doc.widgets.findIndex((w) => w.id === 'welcome-coupon');
  doc.widgets[i]!.props.heading = { en: 'Hi', xx: 'Hi' };
  const r = await fetch(`${s.server.url}/v1/admin/sites/demo/config`, {
    method: 'POST',
    headers: { authorization: 'Bearer copy-token', 'content-type': 'application/json' },
    body: JSON.stringify({ config: doc }),
  });
  expect(r.status).toBe(400);
  expect(JSON.stringify(await r.json())).toContain(`widgets.${i}.props.heading.xx`);
});
