// The experiment form in the real console: the audience builder (rules and all / any / not groups by mouse and
// keyboard, the JSON view kept in step both ways, the server's issues at the rule they name), the goal, secondary and
// guardrail metrics saved as the experiment's roles, and the results page led by the goal; axe clean.
import { expect, it } from 'vitest';
import { axeViolations, colourResults, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('aud-token', colourResults);
const ui = () => s.page.locator('nudge-console');
const form = () => ui().locator('section', { has: s.page.getByRole('heading', { name: 'New experiment' }) });
const root = () => form().getByRole('group', { name: 'Visitors for whom all of these hold', exact: true });
const json = async () => JSON.parse(await form().locator('#nx-aud').inputValue()) as unknown;
const live = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    experiments: { key: string; audience?: unknown; variants?: unknown[] }[];
  };

it('builds an audience with rules and any / not groups, by mouse and keyboard', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('aud-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  await ui().getByRole('button', { name: 'New experiment' }).click();
  await form().getByLabel('Key (letters, digits, - or _)').fill('mobile-lapsed');
  await form().getByLabel('Widget it changes').selectOption('buy-bar');
  expect(await form().getByText('No rule yet: every visitor can enter.').count()).toBe(1);

  const addTo = (group: ReturnType<typeof root>, name: string) => group.getByLabel(`Add to “${name}”`, { exact: true });
  await addTo(root(), 'Visitors for whom all of these hold').selectOption('device');
  // by keyboard: the Add button takes Enter
  await root().getByRole('button', { name: 'Add', exact: true }).last().press('Enter');
  await poll(() => root().getByLabel('Device', { exact: true }).inputValue()).toBe('mobile');
  await addTo(root(), 'Visitors for whom all of these hold').selectOption('any');
  await root().getByRole('button', { name: 'Add', exact: true }).last().click();
  const any = root().getByRole('group', { name: 'Any of these', exact: true });
  const first = any.getByRole('group', { name: 'Condition 1', exact: true });
  await addTo(first, 'Condition 1').selectOption('segment');
  await first.getByRole('button', { name: 'Add', exact: true }).click();
  await first.getByRole('checkbox', { name: 'dormant' }).check();
  await any.getByRole('button', { name: 'Add a condition to “Any of these”' }).click();
  const second = any.getByRole('group', { name: 'Condition 2', exact: true });
  await addTo(second, 'Condition 2').selectOption('utmSource');
  await second.getByRole('button', { name: 'Add', exact: true }).click();
  await second.getByLabel('UTM source', { exact: true }).fill('newsletter, email');
  await second.getByLabel('UTM source', { exact: true }).press('Tab');
  await addTo(root(), 'Visitors for whom all of these hold').selectOption('not');
  await root().getByRole('button', { name: 'Add', exact: true }).last().click();
  const not = root().getByRole('group', { name: 'Not this', exact: true });
  await addTo(not, 'Not this').selectOption('path');
  await not.getByRole('button', { name: 'Add', exact: true }).click();
  await not.getByLabel('Page path (glob)', { exact: true }).fill('/checkout/**');
  await not.getByLabel('Page path (glob)', { exact: true }).press('Tab');
  await poll(() => form().getByRole('status').textContent()).toContain('Checked by the server: ready to save.');
  expect(await axeViolations(s.page)).toEqual([]);

  await form().getByRole('button', { name: 'JSON', exact: true }).click();
  expect(await json()).toEqual({
    device: 'mobile',
    any: [{ segment: ['new', 'dormant'] }, { utmSource: ['newsletter', 'email'] }],
    not: { path: '/checkout/**' },
  });
});

it('round-trips any valid audience through the builder unchanged', async () => {
  const audiences = [
    { all: [{ visitor: 'returning', visits: { gte: 3, lte: 10 } }, { cartValue: { gte: 150 } }], hasReferral: false },
    { any: [{ locale: 'zh', device: 'desktop' }, { not: { referrerHost: ['google.com', 'bing.com'] } }] },
    { segment: 'high_value', utmCampaign: 'spring', utmMedium: ['cpc'], path: ['/products/*', '/blog/**'] },
    { not: { not: { all: [] } } },
  ];
  for (const a of audiences) {
    await form().locator('#nx-aud').fill(JSON.stringify(a));
    await form().getByRole('button', { name: 'Builder', exact: true }).click();
    await poll(() => root().count()).toBe(1);
    await form().getByRole('button', { name: 'JSON', exact: true }).click();
    expect(await json()).toEqual(a);
  }
});

it('says why JSON that is not an object cannot go to the builder, and shows the server’s issue at its rule', async () => {
  await form().locator('#nx-aud').fill('{"device": ');
  await form().getByRole('button', { name: 'Builder', exact: true }).click();
  await poll(() => form().locator('#nx-aud-err').textContent()).toContain('The audience is not valid JSON');
  await form().locator('#nx-aud').fill('{"device": "tablet", "visits": {"gte": 2}}');
  await form().getByRole('button', { name: 'Builder', exact: true }).click();
  await poll(() => form().getByRole('status').textContent()).toContain('audience.device');
  const device = root().getByLabel('Device', { exact: true });
  expect(await device.getAttribute('aria-invalid')).toBe('true');
  expect(await root().locator('.field-error').count()).toBe(1);
  await device.selectOption('desktop');
  await poll(() => form().getByRole('status').textContent()).toContain('Checked by the server: ready to save.');
  expect(await root().locator('.field-error').count()).toBe(0);
});

it('saves the audience as built, and the goal, secondary and guardrail metrics chosen', async () => {
  await root().getByRole('button', { name: 'Remove the rule “Visits”' }).click();
  await form().getByLabel('Goal metric').selectOption('revenue_per_visitor');
  const secondary = form().getByRole('group', { name: /^Secondary metrics/ });
  const guardrails = form().getByRole('group', { name: /^Guardrails/ });
  // the goal is no secondary metric any more, and is not offered as one
  expect(await secondary.getByRole('checkbox', { name: 'Revenue per visitor' }).count()).toBe(0);
  expect(await secondary.getByRole('checkbox', { name: 'Purchased' }).isChecked()).toBe(false);
  await secondary.getByRole('checkbox', { name: 'Purchased' }).check();
  await guardrails.getByRole('checkbox', { name: 'Discount given per visitor' }).check();
  expect(await axeViolations(s.page)).toEqual([]);
  await form().getByRole('button', { name: 'Create, not running yet' }).click();
  await poll(async () => (await live()).experiments.find((e) => e.key === 'mobile-lapsed')?.audience).toEqual({
    device: 'desktop',
  });
  const roles = await fetch(`${s.server.url}/v1/admin/sites/demo/metrics/experiments/mobile-lapsed`, {
    headers: { authorization: 'Bearer aud-token' },
  });
  expect(await roles.json()).toMatchObject({
    goal: 'revenue_per_visitor',
    secondary: ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'],
    guardrails: ['discount_per_visitor'],
  });
});

it('leads the results with the goal chosen for the experiment', async () => {
  const put = await fetch(`${s.server.url}/v1/admin/sites/demo/metrics/experiments/buy-bar-color`, {
    method: 'PUT',
    headers: { authorization: 'Bearer aud-token', 'content-type': 'application/json' },
    body: JSON.stringify({ goal: 'revenue_per_visitor', secondary: ['purchase'], guardrails: [] }),
  });
  expect(put.status).toBe(200);
  await ui().getByRole('button', { name: 'Results' }).click();
  await poll(() => ui().getByText('Goal: Revenue per visitor.', { exact: false }).count()).toBe(1);
  await poll(() => ui().locator('.sentences li').first().textContent()).toMatch(/on Revenue per visitor/);
  expect(await axeViolations(s.page)).toEqual([]);
});

it('previews each variant in the form, the popup open on request', async () => {
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  await ui().getByRole('button', { name: 'New experiment' }).click();
  await form().getByLabel('Widget it changes').selectOption('welcome-coupon');
  const variant = form().locator('fieldset').nth(1);
  await variant.getByLabel('Heading', { exact: true }).fill('A bigger gift, today');
  await variant.getByLabel('Heading', { exact: true }).press('Tab');
  const frame = s.page.frameLocator('iframe[data-preview="nx-variant"]');
  const heading = frame.locator('nudge-coupon-popup [part~=heading]');
  const dialogOpen = () =>
    frame.locator('nudge-coupon-popup').evaluate((el) => !!el.shadowRoot!.querySelector('dialog[open]'));
  await form().getByLabel('Preview as variant').selectOption('b');
  await form().getByRole('button', { name: 'Open the popup' }).click();
  await poll(dialogOpen).toBe(true);
  await poll(() => heading.textContent()).toBe('A bigger gift, today');
  // the control shows the widget as it is: the built-in heading, the popup still open
  await form().getByLabel('Preview as variant').selectOption('control');
  await poll(() => heading.textContent()).not.toBe('A bigger gift, today');
  expect(await dialogOpen()).toBe(true);
  expect(await axeViolations(s.page)).toEqual([]);
  // a variant's text per language, with the same editor as the widget form, checked by the server
  await variant.getByRole('button', { name: 'Heading: one text per language' }).click();
  const perLocale = variant.getByRole('group', { name: 'Heading', exact: true });
  expect(await perLocale.getByLabel('English · en', { exact: true }).inputValue()).toBe('A bigger gift, today');
  await perLocale.getByLabel('Add a language').selectOption('zh-CN');
  await perLocale.getByRole('button', { name: 'Add', exact: true }).click();
  await perLocale.getByLabel('Chinese (China) · zh-CN', { exact: true }).fill('今天礼物更大');
  await perLocale.getByLabel('Chinese (China) · zh-CN', { exact: true }).press('Tab');
  await form().getByLabel('Key (letters, digits, - or _)').fill('bigger-gift');
  await poll(() => form().getByRole('status').textContent()).toContain('Checked by the server: ready to save.');
  await form().getByRole('button', { name: 'Create, not running yet' }).click();
  await poll(async () => (await live()).experiments.find((e) => e.key === 'bigger-gift')).toMatchObject({
    variants: [
      { key: 'control' },
      { key: 'b', patch: { 'welcome-coupon': { heading: { en: 'A bigger gift, today', 'zh-CN': '今天礼物更大' } } } },
    ],
  });
});
