// Issue 16 in the real console: an editor defines a ratio metric with a condition, the planner answers what the API
// plans, an alert's page draws the chart that triggered it, and a person opts in to daily summaries; each view passes
// axe-core (in English and Chinese) and is driven by keyboard where it matters.
import type { Page } from 'playwright';
import { expect, it } from 'vitest';
import { AlertStore } from '../packages/server/src/alerts/store.js';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('metrics-token', () => []);
const PASSWORD = 'a long enough passphrase';
let page: Page;
const ui = () => page.locator('nudge-console');

it('an editor signs in from an invitation and defines a ratio metric with a condition', async () => {
  const admin = adminClient(s.server.url, 'metrics-token');
  const r = await admin.post('/users', { email: 'eddie@shop.test', role: 'editor' });
  const context = await s.browser.newContext({ locale: 'en-US' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(r.body.inviteUrl);
  await ui().getByLabel('New password').fill(PASSWORD);
  await ui().getByRole('button', { name: 'Save and sign in' }).click();
  await poll(() => ui().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await ui().locator('header select').first().selectOption('demo');
  await ui().getByRole('button', { name: 'Metrics', exact: true }).click();
  const rows = ui().locator('#metrics tbody tr');
  await poll(() => rows.count()).toBe(9);
  // the built-ins, read-only, in words
  expect(await rows.filter({ hasText: 'Orders with a coupon' }).textContent()).toContain(
    'purchase events per visitor where coupon present, divided by purchase events per visitor',
  );
  expect(await rows.filter({ hasText: 'built in' }).count()).toBe(9);
  expect(await axeViolations(page)).toEqual([]);

  const form = ui().locator('#metric-form');
  await form.getByLabel('Key').fill('big_order_share');
  await form.getByLabel('Name').fill('Orders over 100');
  await form.getByLabel('Kind').selectOption('ratio');
  const top = form.locator('fieldset', { hasText: 'Top of the ratio' }).first();
  await top.getByLabel('Counted as').selectOption('count');
  await top.getByRole('button', { name: 'Add a condition' }).click();
  await top.getByLabel('Property', { exact: true }).fill('value');
  await top.getByRole('combobox', { name: /^Is/ }).selectOption('gt');
  await top.getByLabel('Value', { exact: true }).fill('100');
  const bottom = form.locator('fieldset', { hasText: 'Bottom of the ratio' }).first();
  await bottom.getByLabel('Counted as').selectOption('count');
  await form.getByLabel('Shown as').selectOption('percent');
  expect(await axeViolations(page)).toEqual([]);
  // submitted from the keyboard
  await form.getByLabel('Name').press('Enter');
  await poll(() => rows.count()).toBe(10);
  const own = rows.filter({ hasText: 'Orders over 100' });
  expect(await own.textContent()).toContain(
    'purchase events per visitor where value greater than 100, divided by purchase events per visitor',
  );
  const stored = (await admin.get('/sites/demo/metrics')).body.metrics.find(
    (m: { key: string }) => m.key === 'big_order_share',
  );
  expect(stored).toMatchObject({
    numerator: { event: 'purchase', aggregate: 'count', filters: [{ property: 'value', op: 'gt', value: 100 }] },
    denominator: { event: 'purchase', aggregate: 'count', filters: [] },
    format: 'percent',
    higherIsBetter: true,
  });
  // a bad key is refused by the server with its field named
  await form.getByLabel('Key').fill('Bad Key');
  await form.getByLabel('Name').fill('x');
  await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
  expect(await ui().locator('#metric-form input[name="key"]:invalid').count()).toBe(1);
});

it('the planner answers what the API plans', async () => {
  const planner = ui().locator('#planner');
  await planner.getByLabel('Conversion rate now (%)').fill('5');
  await planner.getByLabel('Smallest lift worth finding (%)').fill('10');
  await planner.getByLabel('Visitors a day entering the test').fill('2000');
  await planner.getByLabel('Visitors a day entering the test').press('Enter');
  const admin = adminClient(s.server.url, 'metrics-token');
  const plan = (await admin.get('/sites/demo/metrics/planner?baseline=0.05&minLift=0.1&dailyVisitors=2000')).body;
  await poll(() => ui().locator('#planner-answer').textContent()).toContain(
    `${plan.perVariant.toLocaleString('en-US')} visitors per variant`,
  );
  expect(await ui().locator('#planner-answer').textContent()).toContain(`about ${plan.days} days`);
  await planner.getByLabel('Method').selectOption('fixed');
  await planner.getByRole('button', { name: 'Calculate' }).click();
  await poll(() => ui().locator('#planner-answer').textContent()).toContain('fixed horizon');
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await page.waitForTimeout(300);
  expect(await axeViolations(page)).toEqual([]);
  await ui().getByLabel('Language / 语言').selectOption('en');
});

it("an alert's page draws the chart that triggered it; its events are reached by keyboard", async () => {
  const days = Array.from({ length: 29 }, (_, k) => ({
    day: new Date(Date.UTC(2026, 10, 1) + k * 86_400_000).toISOString().slice(0, 10),
    value: k === 28 ? 0.02 : 0.05,
  }));
  await new AlertStore(s.server.store.sql).addEvent('demo', {
    id: 'e2e-fired',
    rule: 'conversion-drop',
    kind: 'fired',
    at: Date.UTC(2026, 10, 30, 1),
    figures: {
      metric: 'conversion_rate',
      value: 0.02,
      volume: 2000,
      history: [0.05, 0.049, 0.051, 0.05].map((value) => ({ value, volume: 2000 })),
      series: days,
      expected: 0.05,
      limit: 0.04,
      band: { low: 0.04, high: 0.06 },
      window: { from: Date.UTC(2026, 10, 29), to: Date.UTC(2026, 10, 30) - 1 },
    },
    delivery: { status: 'delivered', email: { status: 'delivered' } },
  });
  await ui().getByRole('button', { name: 'Alerts', exact: true }).click();
  await ui().getByRole('button', { name: 'Conversion 20% below expected' }).click();
  await poll(() => ui().locator('#alert-chart').count()).toBe(1);
  const summary =
    'fired on 2026-11-29: the value was 2.00%; expected 5.00%, no alarm from 4.00% to 6.00%, limit 4.00%.';
  expect(await ui().locator('#alert-chart-summary').textContent()).toContain(summary);
  expect(await ui().locator('#alert-chart').getAttribute('aria-label')).toContain(summary);
  // chart.js drew on the canvas (it sets its size): the chart is real, not an empty box
  await poll(() =>
    ui()
      .locator('#alert-chart')
      .evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0),
  ).toBe(true);
  expect(await ui().locator('table', { hasText: 'Fired and resolved' }).textContent()).toContain('email delivered');
  const show = ui().getByRole('button', { name: 'Show its chart' });
  await show.focus();
  await page.keyboard.press('Enter');
  await poll(() => show.getAttribute('aria-pressed')).toBe('true');
  await page.waitForTimeout(300);
  expect(await axeViolations(page)).toEqual([]);
});

it('a person opts in to daily summaries in their own settings', async () => {
  await ui().getByRole('button', { name: 'People & tokens', exact: true }).click();
  const form = ui().locator('#summaries');
  await poll(() => form.count()).toBe(1);
  await form.getByLabel('By email to my address').check();
  // the first site listed is the demo (by its name)
  await form
    .getByRole('checkbox', { name: /^Daily: / })
    .first()
    .check();
  await form.getByRole('button', { name: 'Save my summaries' }).click();
  await poll(() => ui().getByText('Your summaries are saved.').count()).toBe(1);
  const me = await page.evaluate(async () => (await (await fetch('/v1/admin/me/summaries')).json()) as unknown);
  expect(me).toMatchObject({
    settings: { email: true, webhook: null, sites: [{ site: 'demo', daily: true, weekly: false }], locale: 'en' },
  });
  // the emails speak the console's language, and the form says so
  expect(await ui().locator('#summaries-language').textContent()).toBe(
    'Your summary emails are in English, the language of this console.',
  );
  // a person who switches the console to Chinese is told, and saving puts their emails in Chinese
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => ui().locator('#summaries-language').textContent()).toBe(
    '你的摘要邮件目前使用English。保存后将改用此控制台的语言：简体中文。',
  );
  await page.waitForTimeout(300);
  expect(await axeViolations(page)).toEqual([]);
  await form.getByRole('button', { name: '保存我的摘要设置' }).click();
  await poll(async () =>
    page.evaluate(async () => ((await (await fetch('/v1/admin/me/summaries')).json()) as any).settings.locale),
  ).toBe('zh-CN');
  await poll(() => ui().locator('#summaries-language').textContent()).toBe(
    '你的摘要邮件使用简体中文，即此控制台的语言。',
  );
  await ui().getByLabel('Language / 语言').selectOption('en');
  expect(await ui().getByText('Nothing sent yet.').count()).toBe(1);
  await page.waitForTimeout(300);
  expect(await axeViolations(page)).toEqual([]);
});

it('an admin sets where alerts go: a signed webhook and email addresses; the secret is kept when left empty', async () => {
  const context = await s.browser.newContext({ locale: 'en-US' });
  const admin = await context.newPage();
  admin.setDefaultTimeout(20_000);
  await admin.goto(`${s.server.url}/console/`);
  const a = admin.locator('nudge-console');
  await a.getByLabel('Admin token').fill('metrics-token');
  await a.getByRole('button', { name: 'Sign in with the token' }).click();
  await a.getByRole('button', { name: 'Sign out' }).waitFor();
  await a.locator('header select').first().selectOption('demo');
  await a.getByRole('button', { name: 'Alerts', exact: true }).click();
  const form = a.locator('#alert-delivery');
  await form.getByLabel('Webhook URL').fill('https://hooks.example/alerts');
  await form.getByLabel('Signing secret').fill('a-signing-secret-of-24ch');
  await form.getByLabel('Email addresses').fill('ops@shop.example, ann@shop.example');
  await form.getByRole('button', { name: 'Save where alerts go' }).click();
  const api = adminClient(s.server.url, 'metrics-token');
  await poll(async () => (await api.get('/sites/demo/alerts')).body.delivery).toEqual({
    webhookUrl: 'https://hooks.example/alerts',
    secretSet: true,
    emails: ['ops@shop.example', 'ann@shop.example'],
    locale: 'en',
  });
  await poll(() => form.getByLabel('Email addresses').inputValue()).toBe('ops@shop.example, ann@shop.example');
  await form.getByLabel('Email addresses').fill('ops@shop.example');
  // the emails to these addresses in Chinese, whatever the console speaks
  await form.getByLabel('Language of the alert emails').selectOption('zh-CN');
  await form.getByLabel('Email addresses').press('Enter');
  await poll(async () => (await api.get('/sites/demo/alerts')).body.delivery).toEqual({
    webhookUrl: 'https://hooks.example/alerts',
    secretSet: true,
    emails: ['ops@shop.example'],
    locale: 'zh-CN',
  });
  await poll(() => form.getByLabel('Language of the alert emails').inputValue()).toBe('zh-CN');
  // a bad address is refused with its field named
  await form.getByLabel('Email addresses').fill('ops@shop.example, nope');
  await form.getByRole('button', { name: 'Save where alerts go' }).click();
  await poll(() => a.getByRole('alert').textContent()).toContain('emails.1');
  await admin.waitForTimeout(300);
  expect(await axeViolations(admin)).toEqual([]);
  await context.close();
});
