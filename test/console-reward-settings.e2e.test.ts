// The Rewards tab's reward settings in real Chromium against a real server: an admin fills and saves each form by
// keyboard, sees the server's refusals at the right input, reloads and finds the values (secrets only as "set"); a
// viewer gets no section and the API refuses them; axe-core finds no violation.
import type { Locator } from 'playwright';
import { expect, it } from 'vitest';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const TOKEN = 'reward-settings-token';
const s = useConsoleStack(TOKEN, () => []);
const ui = () => s.page.locator('nudge-console');
const form = (name: string) => ui().getByRole('form', { name });
const SECRET = 'lead-secret-of-24-chars!';
const PASSWORD = 'smtp password 1';

/** The input's error, as a screen reader reaches it: aria-invalid and the text its aria-describedby names. */
async function errorOf(input: Locator): Promise<string | null> {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter((i) => i.endsWith('-err'));
  return ids.length ? ui().locator(`#${ids[0]}`).textContent() : null;
}

/** Saves by keyboard: Enter in one of the form's text inputs submits it. */
/** Whether `el` has the focus (inside the console's shadow root). */
const focused = (el: Locator) => el.evaluate((e) => (e.getRootNode() as ShadowRoot).activeElement === e);

async function saveBy(input: Locator) {
  await input.focus();
  await input.press('Enter');
}

it('sets up pools for the selects through the API', async () => {
  const admin = adminClient(s.server.url, TOKEN);
  for (const id of ['ref-pool', 'next-pool'])
    expect((await admin.post('/sites/demo/coupon-pools', { id, kind: 'generated', count: 5 })).status).toBe(201);
});

it('saves each form, shows refusals at their inputs, and reads the values back after a reload', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill(TOKEN);
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Rewards', exact: true }).click();
  await poll(() => ui().getByRole('heading', { name: 'Reward settings' }).count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);

  // the code webhook: Save waits for a change; javascript: is refused at the URL input as it is typed, and Save (or
  // Enter) sends nothing until it is put right
  const code = form('Code webhook');
  const save = code.getByRole('button', { name: 'Save' });
  expect(await save.isDisabled()).toBe(true);
  const url = code.getByLabel('URL');
  await url.fill('javascript:alert(1)');
  await poll(() => errorOf(url)).toContain('Enter an https address');
  expect(await save.isDisabled()).toBe(true);
  await saveBy(url);
  expect(await code.getByRole('status').textContent()).not.toContain('Sav');
  expect(await errorOf(code.getByLabel('Signing secret'))).toBeNull();
  expect(await axeViolations(s.page)).toEqual([]);
  await url.fill('https://shop.example/nudge/codes');
  expect(await errorOf(url)).toBeNull();
  await code.getByLabel('Timeout (ms)').fill('2500');
  await saveBy(url);
  await poll(() => code.getByRole('status').textContent()).toContain('Saved.');
  expect(await errorOf(url)).toBeNull();
  // no secret typed: the server made one, shown here once
  expect(await code.getByText('Copy it now').locator('code').textContent()).toMatch(/^whsec_/);
  expect(await save.isDisabled()).toBe(true);

  // lead delivery: a webhook with its own secret, SMTP, double opt-in and retention, each a form saved on its own
  const leads = ui().getByRole('region', { name: 'Lead delivery' });
  const hook = form('Lead webhook');
  const smtp = form('Email to the shopper (SMTP)');
  const optIn = form('Double opt-in');
  const keep = form('Keeping leads');
  await hook.getByLabel('URL').fill('https://shop.example/nudge/leads');
  await hook.getByLabel('Signing secret').fill(SECRET);
  await saveBy(hook.getByLabel('URL'));
  await poll(() => hook.getByRole('status').textContent()).toContain('Saved.');
  // a secret typed in is the one kept: none is made to show
  expect(await hook.getByText('Copy it now').count()).toBe(0);
  await smtp.getByLabel('Host').fill('smtp.shop.example');
  await smtp.getByLabel('Port', { exact: true }).fill('465');
  await smtp.getByLabel('TLS from the start').focus();
  await s.page.keyboard.press('Space');
  await smtp.getByLabel('User name').fill('mailer');
  await smtp.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await smtp.getByLabel('From address').fill('Shop <hi@shop.example>');
  await smtp.getByLabel('Subject').fill('Your code');
  await saveBy(smtp.getByLabel('Subject'));
  await poll(() => smtp.getByRole('status').textContent()).toContain('Saved.');
  // a private-network address: the API takes http only to this machine
  const serverUrl = optIn.getByLabel('This server as shoppers reach it');
  await serverUrl.fill('http://10.0.0.5/');
  // refused as typed: Save is disabled, and Enter (the browser submits no form whose Save is disabled) sends nothing
  await poll(() => errorOf(serverUrl)).toContain('https');
  expect(await optIn.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  await saveBy(serverUrl);
  expect(await optIn.getByRole('status').textContent()).not.toContain('Sav');
  await serverUrl.fill('https://nudge.shop.example');
  await saveBy(serverUrl);
  await poll(() => optIn.getByRole('status').textContent()).toContain('Saved.');
  expect(await errorOf(serverUrl)).toBeNull();
  await keep.getByLabel('Keep leads for (days)').fill('30');
  await saveBy(keep.getByLabel('Keep leads for (days)'));
  await poll(() => keep.getByRole('status').textContent()).toContain('Saved.');

  // the referral program: an amount refused is placed at its stage's input, whichever index it was sent at
  const referral = form('Referral program');
  await referral.getByLabel('Run a referral program').focus();
  await s.page.keyboard.press('Space');
  const first = referral.getByRole('group', { name: 'Friend’s first order' });
  const inviter = first.getByLabel('Inviter gets');
  await inviter.fill('-5');
  await saveBy(inviter);
  await poll(() => errorOf(inviter)).toContain('0 or more');
  expect(await errorOf(referral.getByRole('group', { name: 'Friend signs up' }).getByLabel('Inviter gets'))).toBeNull();
  await inviter.fill('50');
  const signup = referral.getByRole('group', { name: 'Friend signs up' });
  await signup.getByLabel('Friend gets').fill('20');
  await signup.getByLabel('Inviter gets').fill('20');
  await referral.getByLabel('Currency').fill('USD');
  await referral.getByLabel('Most an inviter earns per month (amount)').fill('100');
  await referral.getByLabel('When a rule trips').selectOption('reject');
  await referral.getByLabel('Hold every reward for review').focus();
  await s.page.keyboard.press('Space');
  await referral.getByLabel('Coupon pool').selectOption('ref-pool');
  await saveBy(inviter);
  await poll(() => referral.getByRole('status').textContent()).toContain('Saved.');

  // the next-order reward: the site's coupon popups (the one widget that shows a code) and pools
  const next = form('Next-order reward');
  const widgets = await next
    .getByLabel('Widget')
    .locator('option')
    .evaluateAll((o) => o.map((x) => x.getAttribute('value')));
  expect(widgets).toEqual(['', 'welcome-coupon']);
  await next.getByLabel('Widget').selectOption('welcome-coupon');
  await next.getByLabel('Coupon pool').selectOption('next-pool');
  await next.getByLabel('Minimum order').fill('40');
  await next.getByRole('button', { name: 'Save' }).focus();
  await s.page.keyboard.press('Enter');
  await poll(() => next.getByRole('status').textContent()).toContain('Saved.');
  // Save is disabled again (nothing left to save): the status holds the focus rather than the page losing it
  await poll(() => focused(next.getByRole('status'))).toBe(true);
  expect(await axeViolations(s.page)).toEqual([]);

  // the API keeps it all, and never answers a secret
  const stored = await adminClient(s.server.url, TOKEN).get('/sites/demo/reward-settings');
  expect(stored.body).toMatchObject({
    codeWebhook: { url: 'https://shop.example/nudge/codes', timeoutMs: 2500, secretSet: true },
    leads: {
      webhook: { url: 'https://shop.example/nudge/leads', secretSet: true },
      email: { host: 'smtp.shop.example', port: 465, secure: true, user: 'mailer', passwordSet: true },
      retentionDays: 30,
      doubleOptIn: { serverUrl: 'https://nudge.shop.example' },
    },
    referral: {
      currency: 'USD',
      capPerInviterPerMonth: 100,
      onRule: 'reject',
      review: true,
      pool: 'ref-pool',
      stages: [
        { stage: 'friend_signup', friend: 20, inviter: 20 },
        { stage: 'friend_first_order', inviter: 50 },
      ],
    },
    nextOrder: { widget: 'welcome-coupon', pool: 'next-pool', minOrder: 40 },
  });
  expect(JSON.stringify(stored.body)).not.toContain(SECRET);
  expect(JSON.stringify(stored.body)).not.toContain(PASSWORD);

  // after a reload every value is read back; secrets only as "set", their inputs empty
  await s.page.reload();
  // the layout shift while the tab loads its stored settings, printed (the section appears whole, once loaded); a
  // slow load (past 500 ms after the click) would count here
  await s.page.evaluate(() => {
    const w = window as unknown as { shift: number };
    w.shift = 0;
    new PerformanceObserver((l) => {
      // as CLS counts it: a shift within 500 ms of the person's own input (the click on Rewards) is theirs
      for (const e of l.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
        if (!e.hadRecentInput) w.shift += e.value;
    }).observe({ type: 'layout-shift' });
  });
  await ui().getByRole('button', { name: 'Rewards', exact: true }).click();
  await poll(() => form('Code webhook').getByLabel('URL').inputValue()).toBe('https://shop.example/nudge/codes');
  console.log(
    `rewards tab with reward settings: layout shift ${await s.page.evaluate(() => (window as unknown as { shift: number }).shift)}`,
  );
  expect(await code.getByLabel('Signing secret').inputValue()).toBe('');
  expect(await code.getByText('A secret is set').count()).toBe(1);
  expect(await code.getByText('Copy it now').count()).toBe(0);
  expect(await hook.getByLabel('URL').inputValue()).toBe('https://shop.example/nudge/leads');
  expect(await hook.getByLabel('Signing secret').inputValue()).toBe('');
  expect(await hook.getByText('A secret is set').count()).toBe(1);
  expect(await leads.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  expect(await leads.getByText('A password is set').count()).toBe(1);
  expect(await leads.getByLabel('Port', { exact: true }).inputValue()).toBe('465');
  expect(await leads.getByLabel('TLS from the start').isChecked()).toBe(true);
  expect(await leads.getByLabel('Keep leads for (days)').inputValue()).toBe('30');
  expect(await serverUrl.inputValue()).toBe('https://nudge.shop.example');
  expect(await referral.getByLabel('Run a referral program').isChecked()).toBe(true);
  expect(await inviter.inputValue()).toBe('50');
  expect(await signup.getByLabel('Friend gets').inputValue()).toBe('20');
  expect(await referral.getByLabel('When a rule trips').inputValue()).toBe('reject');
  expect(await referral.getByLabel('Coupon pool').inputValue()).toBe('ref-pool');
  expect(await next.getByLabel('Widget').inputValue()).toBe('welcome-coupon');
  expect(await next.getByLabel('Coupon pool').inputValue()).toBe('next-pool');
  for (const f of [code, hook, smtp, optIn, keep, referral, next])
    expect(await f.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

  // an empty secret field keeps the stored secret: changing only the timeout leaves the code webhook signed as before
  await code.getByLabel('Timeout (ms)').fill('3000');
  await saveBy(code.getByLabel('Timeout (ms)'));
  await poll(() => code.getByRole('status').textContent()).toContain('Saved.');
  expect(await code.getByText('Copy it now').count()).toBe(0);
  expect(await axeViolations(s.page)).toEqual([]);

  // in Chinese: the section's words and the form's status follow the language picked
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => ui().getByRole('heading', { name: '奖励设置' }).count()).toBe(1);
  expect(await ui().getByRole('form', { name: '券码 Webhook' }).getByRole('status').textContent()).toContain('已保存');
  // a field's error in Chinese, in the console's words (the user test saw zod's "Too small: expected string ...")
  const from = ui().getByRole('form', { name: '发给顾客的邮件（SMTP）' }).getByLabel('发件人');
  await from.fill('x');
  await poll(() => errorOf(from)).toBe('至少 3 个字符。');
  expect(await axeViolations(s.page)).toEqual([]);
  await from.fill('Shop <hi@shop.example>');
  expect(await errorOf(from)).toBeNull();
  await ui().getByLabel('Language / 语言').selectOption('en');
});

it('shows a viewer no reward settings, and the API refuses them', async () => {
  const admin = adminClient(s.server.url, TOKEN);
  const invite = await admin.post('/users', { email: 'vic@shop.test', role: 'viewer' });
  expect(invite.status).toBe(201);
  const context = await s.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(invite.body.inviteUrl);
  const v = page.locator('nudge-console');
  await v.getByLabel('New password').fill('a long enough passphrase');
  await v.getByRole('button', { name: 'Save and sign in' }).click();
  await poll(() => v.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await v.locator('header select').first().selectOption('demo');
  await v.getByRole('button', { name: 'Rewards', exact: true }).click();
  await poll(() => v.getByRole('heading', { name: 'Coupon pools' }).count()).toBe(1);
  expect(await v.getByRole('heading', { name: 'Reward settings' }).count()).toBe(0);
  expect(await v.getByRole('button', { name: 'Save' }).count()).toBe(0);
  expect(asked.filter((p) => p.endsWith('/reward-settings'))).toEqual([]);
  const csrf = await page.evaluate(async () => (await (await fetch('/v1/auth/me')).json()).csrf as string);
  const answer = await page.evaluate(async (token) => {
    const r = await fetch('/v1/admin/sites/demo/reward-settings', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-nudge-csrf': token },
      body: JSON.stringify({ codeWebhook: null }),
    });
    return { status: r.status, body: await r.json() };
  }, csrf);
  expect(answer).toMatchObject({ status: 403, body: { error: 'forbidden', role: 'admin' } });
  expect((await admin.get('/sites/demo/reward-settings')).body.codeWebhook).not.toBeNull();
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});
