// People and roles in the real console: an invited editor chooses a password from the link and saves a draft, a
// viewer sees no publish control (and the API refuses it), a publisher publishes the draft from History, and the
// history names both people; every view passes axe.
import type { BrowserContext, Page } from 'playwright';
import { expect, it } from 'vitest';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('people-token', () => []);
const PASSWORD = 'a long enough passphrase';

async function invited(email: string, role: string): Promise<{ page: Page; context: BrowserContext }> {
  const admin = adminClient(s.server.url, 'people-token');
  const r = await admin.post('/users', { email, role });
  expect(r.status).toBe(201);
  const context = await s.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(r.body.inviteUrl);
  const ui = page.locator('nudge-console');
  await ui.getByLabel('New password').fill(PASSWORD);
  await ui.getByRole('button', { name: 'Save and sign in' }).click();
  await poll(() => ui.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  // the link's secret is gone from the address bar once used
  expect(page.url()).not.toContain('invite=');
  await ui.locator('header select').first().selectOption('demo');
  return { page, context };
}

it('keeps each role to what it may do, and the history names the people', async () => {
  const viewer = await invited('vera@shop.test', 'viewer');
  const v = viewer.page.locator('nudge-console');
  await v.getByRole('button', { name: 'Widgets', exact: true }).click();
  await poll(() => v.getByRole('heading', { name: /^buy-bar/ }).count()).toBe(1);
  expect(await v.getByRole('switch').count()).toBe(0);
  expect(await v.getByRole('button', { name: /^(Publish|Save as draft)$/ }).count()).toBe(0);
  expect(await axeViolations(viewer.page)).toEqual([]);
  // the API refuses what the console hides
  const csrf = await viewer.page.evaluate(async () => (await (await fetch('/v1/auth/me')).json()).csrf as string);
  const refused = await viewer.page.evaluate(
    async (token) =>
      (
        await fetch('/v1/admin/sites/demo/experiments/buy-bar-color/pause', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-nudge-csrf': token },
          body: '{}',
        })
      ).json(),
    csrf,
  );
  expect(refused).toMatchObject({ error: 'forbidden', role: 'publisher' });
  // the Rewards tab opens for a viewer: leads (people's emails) are neither asked for nor shown
  const asked: string[] = [];
  viewer.page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  const ledger = viewer.page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/admin/sites/demo/rewards');
  await v.getByRole('button', { name: 'Rewards', exact: true }).click();
  expect((await ledger).status()).toBe(200);
  await poll(() => v.getByRole('heading', { name: 'Coupon pools' }).count()).toBe(1);
  expect(asked.filter((p) => p.endsWith('/leads'))).toEqual([]);
  expect(await v.getByRole('heading', { name: 'Leads not delivered' }).count()).toBe(0);
  expect(await v.getByRole('alert').count()).toBe(0);
  // nor the controls the API refuses a viewer: new pools, imports, alert switches (approvals: no ledger entries here)
  expect(await v.getByRole('heading', { name: 'New coupon pool' }).count()).toBe(0);
  await v.getByRole('button', { name: 'Alerts', exact: true }).click();
  await poll(() => v.getByRole('checkbox').count()).toBeGreaterThan(0);
  expect(await v.getByRole('checkbox').evaluateAll((els) => els.every((e) => (e as HTMLInputElement).disabled))).toBe(
    true,
  );
  // tabs a viewer cannot use are not in the nav, and their URLs say which role they need (nothing of theirs is asked)
  expect(await v.getByRole('button', { name: 'Site settings' }).count()).toBe(0);
  // their own tokens and summaries are in People & tokens (the people of the server are for admins)
  expect(await v.getByRole('button', { name: 'People & tokens' }).count()).toBe(1);
  expect(await v.getByRole('button', { name: 'Install', exact: true }).count()).toBe(1);
  await viewer.page.goto(new URL('/console/sites/demo/settings', viewer.page.url()).href);
  await poll(() => v.locator('#needs-role').textContent()).toContain('This view needs the admin role.');
  expect(asked.filter((p) => p.endsWith('/write-keys') || p.endsWith('/users'))).toEqual([]);
  expect(await axeViolations(viewer.page)).toEqual([]);

  const editor = await invited('eddie@shop.test', 'editor');
  const e = editor.page.locator('nudge-console');
  await e.getByRole('button', { name: 'Widgets', exact: true }).click();
  const bar = e.locator('section', { has: editor.page.getByRole('heading', { name: /^buy-bar/ }) });
  await poll(() => bar.count()).toBe(1);
  await bar.getByRole('button', { name: 'Raw JSON' }).click();
  const json = JSON.parse(await bar.locator('textarea').inputValue());
  await bar.locator('textarea').fill(JSON.stringify({ ...json, label: 'Add to bag' }));
  await bar.getByRole('button', { name: 'Save as draft' }).click();
  await poll(() => e.getByRole('status').textContent()).toContain('Saved as a draft');
  const live = async () =>
    (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
      widgets: { id: string; props: { label?: string } }[];
    };
  expect((await live()).widgets.find((w) => w.id === 'buy-bar')!.props.label).not.toBe('Add to bag');

  const boss = await invited('pat@shop.test', 'publisher');
  const p = boss.page.locator('nudge-console');
  await p.getByRole('button', { name: 'History', exact: true }).click();
  const drafts = p.locator('section', {
    has: boss.page.getByRole('heading', { name: 'Drafts waiting for a publisher' }),
  });
  await poll(() => drafts.getByText('eddie@shop.test').count()).toBe(1);
  expect(await axeViolations(boss.page)).toEqual([]);
  await drafts.getByRole('button', { name: 'Publish draft' }).click();
  await p.locator('dialog#confirm').getByRole('button', { name: 'Confirm' }).click();
  await poll(async () => (await live()).widgets.find((w) => w.id === 'buy-bar')!.props.label).toBe('Add to bag');
  await poll(() => p.locator('tbody tr').first().textContent()).toContain('pat@shop.test');
  expect(await p.locator('tbody tr').first().textContent()).toContain("Published eddie@shop.test's draft");

  // People & tokens: a publisher makes a token for a script, shown once; the People list is for admins only
  await p.getByRole('button', { name: 'People & tokens' }).click();
  expect(await p.getByRole('heading', { name: 'People', exact: true }).count()).toBe(0);
  await p.getByLabel('Name').fill('nightly report');
  await p.getByRole('button', { name: 'New token' }).click();
  await poll(() => p.getByRole('status').textContent()).toContain('Copy this token now');
  expect(await axeViolations(boss.page)).toEqual([]);
  for (const c of [viewer, editor, boss]) await c.context.close();
});

it('signs in with email and password, and refuses a wrong one without saying which part was wrong', async () => {
  const ui = s.page.locator('nudge-console');
  await s.page.goto(`${s.server.url}/console/`);
  expect(await axeViolations(s.page)).toEqual([]);
  await ui.getByLabel('Email').first().fill('pat@shop.test');
  await ui.getByLabel('Password', { exact: true }).fill('wrong password');
  await ui.getByRole('button', { name: 'Sign in', exact: true }).click();
  await poll(() => ui.getByRole('alert').textContent()).toContain('not accepted');
  await ui.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await ui.getByRole('button', { name: 'Sign in', exact: true }).click();
  await poll(() => ui.getByText('pat@shop.test · publisher').count()).toBe(1);
});

it('gives every view a URL: a copied results link opens after sign-in, and Back and Forward move between views', async () => {
  const ui = s.page.locator('nudge-console');
  const results = `${s.server.url}/console/sites/demo/experiments/buy-bar-color/results`;
  // signed out, the link asks for sign-in first and then opens its view
  await ui.getByRole('button', { name: 'Sign out' }).click();
  await s.page.goto(results);
  await ui.getByLabel('Email').first().fill('pat@shop.test');
  await ui.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await ui.getByRole('button', { name: 'Sign in', exact: true }).click();
  await poll(() => ui.getByRole('button', { name: 'Results' }).getAttribute('aria-current')).toBe('page');
  expect(await ui.getByLabel('Experiment').inputValue()).toBe('buy-bar-color');
  expect(s.page.url()).toBe(results);
  await ui.getByLabel('Experiment').selectOption('coupon-threshold');
  await poll(() => s.page.url()).toBe(`${s.server.url}/console/sites/demo/experiments/coupon-threshold/results`);
  await ui.getByRole('button', { name: 'History', exact: true }).click();
  await poll(() => s.page.url()).toBe(`${s.server.url}/console/sites/demo/history`);
  await s.page.goBack();
  await poll(() => ui.getByRole('button', { name: 'Results' }).getAttribute('aria-current')).toBe('page');
  expect(await ui.getByLabel('Experiment').inputValue()).toBe('coupon-threshold');
  await s.page.goBack();
  await poll(() => ui.getByLabel('Experiment').inputValue()).toBe('buy-bar-color');
  await s.page.goForward();
  await s.page.goForward();
  await poll(() => ui.getByRole('button', { name: 'History', exact: true }).getAttribute('aria-current')).toBe('page');
  // a reload keeps the view
  await s.page.reload();
  await poll(() => ui.getByRole('button', { name: 'History', exact: true }).getAttribute('aria-current')).toBe('page');
});

it('keeps Publish off until something changed, and asks before switching sites drops unpublished edits', async () => {
  expect((await adminClient(s.server.url, 'people-token').post('/sites', { id: 'other-shop' })).status).toBe(201);
  const ui = s.page.locator('nudge-console');
  await s.page.reload();
  await poll(() => ui.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await ui.getByRole('button', { name: 'Widgets', exact: true }).click();
  const bar = ui.locator('section', { has: s.page.getByRole('heading', { name: /^buy-bar/ }) });
  const publish = bar.getByRole('button', { name: 'Publish' });
  await poll(() => publish.isDisabled()).toBe(true);
  const color = bar.getByLabel('Button colour', { exact: true });
  await color.fill('#654321');
  await color.press('Tab');
  await poll(() => publish.isDisabled()).toBe(false);
  await ui.locator('header select').first().selectOption('other-shop');
  const dialog = ui.locator('dialog#confirm');
  await poll(() => dialog.textContent()).toContain('edits that are not published');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await ui.locator('header select').first().inputValue()).toBe('demo');
  expect(await color.inputValue()).toBe('#654321');
  await ui.locator('header select').first().selectOption('other-shop');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(() => s.page.url()).toContain('/console/sites/other-shop/');
});

it('creates an experiment on the buy bar colour from scratch in Chinese, checked as typed, and starts it', async () => {
  const ui = s.page.locator('nudge-console');
  await s.page.goto(`${s.server.url}/console/sites/demo/experiments`);
  await poll(() => ui.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await ui.getByLabel('Language / 语言').selectOption('zh-CN');
  await ui.getByRole('button', { name: '新建实验' }).click();
  const form = ui.locator('section', { has: s.page.getByRole('heading', { name: '新建实验' }) });
  await form.getByLabel('标识（字母、数字、- 或 _）').fill('bar colour!');
  await form.getByLabel('要改动的组件').selectOption('buy-bar');
  // the server's own rules, by field path, while typing
  await poll(() => form.getByRole('status').textContent()).toContain('key');
  await form.getByLabel('标识（字母、数字、- 或 _）').fill('bar-colour');
  await form.getByLabel('假设').fill('绿色按钮更显眼，加购更多');
  const variant = form.locator('fieldset').nth(1);
  await variant.getByLabel('变体标识').fill('green');
  await variant.getByLabel('按钮颜色', { exact: true }).fill('reddish');
  await variant.getByLabel('按钮颜色', { exact: true }).press('Tab');
  await poll(() => form.getByRole('status').textContent()).toContain('variants.1.patch.buy-bar.color');
  await variant.getByLabel('按钮颜色', { exact: true }).fill('#1a7f37');
  await variant.getByLabel('按钮颜色', { exact: true }).press('Tab');
  await poll(() => form.getByRole('status').textContent()).toContain('服务器检查通过');
  expect(await axeViolations(s.page)).toEqual([]);
  await form.getByRole('button', { name: '创建并开始' }).click();
  const live = async () =>
    (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
      experiments: { key: string; status: string; traffic: number; variants: unknown[] }[];
    };
  await poll(async () => (await live()).experiments.find((e) => e.key === 'bar-colour')?.status).toBe('running');
  // the list says how it is doing: started today, no visitors yet, too early to say
  const card = ui.locator('section', { hasText: 'bar-colour' });
  await poll(() => card.textContent()).toContain('现在下结论还太早');
  expect(await card.textContent()).toContain('已运行 0 天 · 0 位访客');
  expect((await live()).experiments.find((e) => e.key === 'bar-colour')).toMatchObject({
    traffic: 1,
    variants: [
      { key: 'control', weight: 1 },
      { key: 'green', weight: 1, patch: { 'buy-bar': { color: '#1a7f37' } } },
    ],
  });
  const history = await adminClient(s.server.url, 'people-token').get('/sites/demo/config/history');
  expect(history.body.history[0]).toMatchObject({
    author: 'pat@shop.test',
    action: { note: '新实验 bar-colour: 绿色按钮更显眼，加购更多' },
  });
  await ui.getByLabel('Language / 语言').selectOption('en');
});
