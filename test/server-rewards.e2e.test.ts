// The console's Rewards view in real Chromium against a real server: a pool running low, the referral ledger's held
// rewards approved and rejected by keyboard, the dead-letter list's empty state, and no axe-core violations.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
  const claim = await fetch(`${s.server.url}/v1/coupons/claim`, {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', widget: 'welcome', anonymousId: 'v-1' }),
  });
  expect(claim.status).toBe(200);
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
