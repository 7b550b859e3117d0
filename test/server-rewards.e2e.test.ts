// The console's Rewards view in real Chromium against a real server: a pool running low, the referral ledger's held
// rewards approved and rejected by keyboard, the dead-letter list's empty state, the coupon report, and no axe-core
// violations.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { widgetFor } from '../packages/server/src/rewards/widget-code.js';
import { adminClient, envelope } from '../packages/server/src/testing.js';
import { axeViolations as axeOn, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('rewards-token', () => []);
const ui = () => s.page.locator('nudge-console');
const axeViolations = () => axeOn(s.page);

it('sets up a pool and a held self-referral through the API', async () => {
  const admin = adminClient(s.server.url, 'rewards-token');
  expect(
    (await admin.post('/sites/demo/coupon-pools', { id: 'welcome', kind: 'generated', count: 10, lowAt: 10 })).status,
  ).toBe(201);
  // a visitor the demo's coupon test shows the popup's own $20 offer: the unbound pool is theirs (the $30 variant's
  // visitors get its static code instead)
  const config = (await admin.get('/sites/demo/config')).body.config;
  const visitor = Array.from({ length: 50 }, (_, i) => `v-${i}`).find(
    (v) => !widgetFor(config, 'welcome-coupon', v).offControl,
  )!;
  const claim = await fetch(`${s.server.url}/v1/coupons/claim`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', widget: 'welcome-coupon', anonymousId: visitor }),
  });
  expect(claim.status).toBe(200);
  expect(((await claim.json()) as { source: string }).source).toBe('pool');
  const program = { stages: [{ stage: 'friend_signup', friend: 20, inviter: 20 }], currency: 'USD', pool: 'welcome' };
  expect((await admin.patch('/sites/demo/reward-settings', { referral: { ...program, onRule: 'hold' } })).status).toBe(
    200,
  );
  const code = await fetch(`${s.server.url}/v1/referrals/code`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', anonymousId: 'ann-browser', userId: 'ann' }),
  });
  const { code: ref } = (await code.json()) as { code: string };
  const self = envelope('sign_up', { method: 'email' }, { anonymousId: 'ann-browser', userId: 'ann-2', referral: ref });
  const r = await fetch(`${s.server.url}/v1/events`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [self] }),
  });
  expect(r.status).toBe(200);
  await poll(async () => (await admin.get('/sites/demo/rewards?status=pending')).body.entries.length).toBe(2);
});

it('shows the pools with what is left and a warning when low, and the held rewards', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('rewards-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Rewards' }).click();
  const pools = ui().locator('section[aria-labelledby="pools-h"] tbody tr');
  await poll(() => pools.count()).toBe(1);
  expect((await pools.nth(0).locator('td').nth(2).textContent())?.trim()).toBe('9');
  expect((await pools.nth(0).locator('td').nth(3).textContent())?.trim()).toBe('1');
  expect(await pools.nth(0).getByRole('status').textContent()).toBe('Running low: 9 left');
  const ledger = ui().locator('section[aria-labelledby="ledger-h"] tbody tr');
  await poll(() => ledger.count()).toBe(2);
  expect(await ledger.nth(0).textContent()).toContain('self_referral');
  expect(await ui().getByText('Every lead was delivered.').count()).toBe(1);
  expect(await axeViolations()).toEqual([]);
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-rewards.png'), fullPage: true });
});

it('approves one held reward (a code is issued from the pool) and rejects the other with a reason, by keyboard', async () => {
  const ledger = ui().locator('section[aria-labelledby="ledger-h"] tbody tr');
  await ledger.nth(0).getByRole('button', { name: 'Approve' }).focus();
  await s.page.keyboard.press('Enter');
  await poll(() => ledger.count()).toBe(1); // the list shows what is held for review
  await ledger.nth(0).getByLabel('Why rejected').fill('the same person');
  await ledger.nth(0).getByLabel('Why rejected').press('Enter');
  await poll(() => ledger.count()).toBe(0);
  expect(await ui().getByText('No rewards in this list.').count()).toBe(1);
  await ui().getByLabel('Show').selectOption('');
  await poll(() => ledger.count()).toBe(2);
  const text = await ui().locator('section[aria-labelledby="ledger-h"] tbody').textContent();
  expect(text).toContain('issued');
  expect(text).toContain('the same person');
  expect(text).toMatch(/[A-Z2-9]{8}/); // the issued code
  // one referrer's friends and rewards
  await ui().getByLabel('Referrer or friend').fill('u:nobody');
  await ui().getByRole('button', { name: 'Find' }).click();
  await poll(() => ledger.count()).toBe(0);
  await ui().getByLabel('Referrer or friend').fill('u:ann');
  await ui().getByRole('button', { name: 'Find' }).click();
  await poll(() => ledger.count()).toBe(2);
  // the referrer's friends, each with their rewards
  await poll(() => ui().locator('#referrer').textContent()).toContain('Friends and rewards of u:ann');
  expect(await ui().locator('#referrer li').count()).toBe(1);
  // the stage filter: no first-order rewards yet
  await ui().getByRole('combobox', { name: 'Stage', exact: true }).selectOption('friend_first_order');
  await poll(() => ledger.count()).toBe(0);
  await ui().getByRole('combobox', { name: 'Stage', exact: true }).selectOption('friend_signup');
  await poll(() => ledger.count()).toBe(2);
  expect(await axeViolations()).toEqual([]);
});

it('creates a generated pool and imports a CSV file into an imported one from the console; a bad line is named', async () => {
  const form = ui().locator('form[aria-labelledby="new-pool-h"]');
  await form.getByLabel('Pool id', { exact: true }).fill('spring');
  await form.getByLabel('Prefix', { exact: true }).fill('SPR-');
  await form.getByLabel('How many', { exact: true }).fill('25');
  await form.getByRole('button', { name: 'Create' }).click();
  const pools = ui().locator('section[aria-labelledby="pools-h"] tbody tr');
  await poll(() => pools.count()).toBe(2);
  expect(await pools.nth(1).textContent()).toContain('spring');
  await poll(async () => (await pools.nth(1).locator('td').nth(2).textContent())?.trim()).toBe('25');
  await form.getByLabel('Pool id', { exact: true }).fill('shop-codes');
  await form.getByLabel('Codes').selectOption('imported');
  await form.getByRole('button', { name: 'Create' }).click();
  await poll(() => pools.count()).toBe(3);
  const imp = ui().locator('form[aria-labelledby="import-h"]');
  await imp.getByLabel('Pool').selectOption('shop-codes');
  await imp.getByLabel('CSV file').setInputFiles({
    name: 'codes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('code,expires_at\nSHOP-1,\nno good\n'),
  });
  await imp.getByRole('button', { name: 'Import codes' }).click();
  await poll(() => ui().getByText('csv.3').count()).toBeGreaterThan(0);
  // and beside the form, in words
  await poll(() => imp.locator('#import-issues').textContent()).toContain('line 3: a code is 3 to 64 letters');
  await imp.getByLabel('Pool').selectOption('shop-codes');
  await imp.getByLabel('CSV file').setInputFiles({
    name: 'codes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('code,expires_at\nSHOP-1,\nSHOP-2,2030-01-01T00:00:00Z\n'),
  });
  await imp.getByRole('button', { name: 'Import codes' }).click();
  await poll(() => ui().getByText('2 codes imported (0 were there already)').count()).toBe(1);
  await poll(async () => (await pools.nth(2).locator('td').nth(2).textContent())?.trim()).toBe('2');
  expect(await axeViolations()).toEqual([]);
});

it('reports the codes claimed and redeemed per widget for the period, with the discount and net revenue', async () => {
  const { code } = (await (
    await fetch(`${s.server.url}/v1/coupons/claim`, {
      method: 'POST',
      body: JSON.stringify({ site: 'demo', widget: 'welcome-coupon', anonymousId: 'v-buyer' }),
    })
  ).json()) as { code: string };
  const purchase = envelope(
    'purchase',
    {
      transaction_id: 'T-77',
      value: 120.5,
      currency: 'USD',
      coupon: code,
      discount: 20.25,
      items: [{ item_id: 'SKU-1', item_name: 'Oolong', price: 120.5, quantity: 1 }],
    },
    { anonymousId: 'v-buyer' },
  );
  const r = await fetch(`${s.server.url}/v1/events`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [purchase] }),
  });
  expect(await r.json()).toMatchObject({ accepted: 1, rejected: [] });
  const admin = adminClient(s.server.url, 'rewards-token');
  // the code may come from any pool serving every widget (welcome or spring): redeemed in one of them
  const redeemed = async () =>
    ((await admin.get('/sites/demo/coupon-pools')).body.pools as { redeemed: number }[]).reduce(
      (a, p) => a + p.redeemed,
      0,
    );
  await poll(redeemed).toBe(1);
  await ui().getByRole('button', { name: 'Refresh' }).click();
  // the referral reward approved above was issued from the pool too, under its own `referral:<id>` row
  const row = ui().locator('#coupon-widgets tbody tr').filter({ hasText: 'welcome-coupon' });
  await poll(async () => [...(await row.locator('td').allTextContents())].map((x) => x.trim())).toEqual([
    'welcome-coupon',
    '2',
    '1',
    '50.0%',
    '$20.25',
    '$100.25',
  ]);
  // a period before the claims: nothing in it
  await ui().getByLabel('From', { exact: true }).fill('2020-01-01');
  await ui().getByLabel('To', { exact: true }).fill('2020-01-31');
  await ui().getByRole('button', { name: 'Refresh' }).click();
  await poll(() => ui().getByText('No codes were claimed in this period.').count()).toBe(1);
  expect(await axeViolations()).toEqual([]);
});

it('reports next-order codes on their own, with the purchases the per-address cap refused, out of the popup figures', async () => {
  const admin = adminClient(s.server.url, 'rewards-token');
  expect((await admin.post('/sites/demo/coupon-pools', { id: 'next-e2e', kind: 'generated', count: 3 })).status).toBe(
    201,
  );
  const nextOrder = { widget: 'welcome-coupon', pool: 'next-e2e', capPerAddressPerDay: 1 };
  expect((await admin.patch('/sites/demo/reward-settings', { nextOrder })).status).toBe(200);
  // two made-up purchases by new visitors from this one address: the cap binds one code, refuses the other
  for (const anonymousId of ['nx-1', 'nx-2']) {
    const buy = envelope(
      'purchase',
      { transaction_id: anonymousId, value: 9999, currency: 'USD', items: [] },
      { anonymousId },
    );
    const r = await fetch(`${s.server.url}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [buy] }),
    });
    expect(await r.json()).toMatchObject({ accepted: 1, rejected: [] });
  }
  const report = async () => (await admin.get('/sites/demo/coupon-report')).body.nextOrder[0];
  await poll(async () => (await report())?.refused.address).toBe(1);
  const shown = await fetch(`${s.server.url}/v1/coupons/claim`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', widget: 'welcome-coupon', anonymousId: 'nx-1' }),
  });
  expect(shown.status).toBe(200);
  const today = new Date().toISOString().slice(0, 10);
  await ui().getByLabel('From', { exact: true }).fill(today);
  await ui().getByLabel('To', { exact: true }).fill(today);
  await ui().getByRole('button', { name: 'Refresh' }).click();
  const row = ui().locator('#coupon-next-order tbody tr');
  await poll(async () => (await row.locator('td').allTextContents()).map((x) => x.trim().replace(/\s+/g, ' '))).toEqual(
    [
      'welcome-coupon',
      'next-e2e (1)',
      '1',
      '1',
      '0',
      '0.0%',
      '0.00',
      '0.00',
      '1 (1 over the per-address cap, 0 over the hourly cap)',
    ],
  );
  // the popup's own figures are the two claims of the test above, not the next-order code
  const welcome = ui().locator('#coupon-widgets tbody tr').filter({ hasText: 'welcome-coupon' });
  expect((await welcome.locator('td').nth(1).textContent())?.trim()).toBe('2');
  expect(await axeViolations()).toEqual([]);
  await admin.patch('/sites/demo/reward-settings', { nextOrder: null });
});
