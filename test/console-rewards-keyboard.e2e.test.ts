// The Rewards tab by keyboard in real Chromium against a real server: no form inside another (Enter saves only the
// form it is typed in), and a short Tab path to each reward settings form; axe-core finds no violation.
import { expect, it } from 'vitest';
import { adminClient, envelope } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const TOKEN = 'rewards-keyboard-token';
const s = useConsoleStack(TOKEN, () => []);
const ui = () => s.page.locator('nudge-console');

/** Each form inside another form, as `outer > inner` by their accessible names or classes. */
const nestedForms = () =>
  ui().evaluate((el) =>
    Array.from(el.shadowRoot!.querySelectorAll('form'))
      .filter((f) => f.parentElement?.closest('form'))
      .map(
        (f) =>
          `${f.parentElement!.closest('form')!.getAttribute('aria-labelledby')} > ${f.getAttribute('aria-labelledby') ?? f.className}`,
      ),
  );

/** The id of the element with the focus inside the console's shadow root. */
const focusedId = () => ui().evaluate((el) => el.shadowRoot!.activeElement?.id ?? '');

/** Tab presses from the focused element until the element with `id` has the focus (bounded). */
async function tabsTo(id: string, max = 400): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await s.page.keyboard.press('Tab');
    if ((await focusedId()) === id) return n;
  }
  return Infinity;
}

it('sets up pools, a referral program and held rewards through the API', async () => {
  const admin = adminClient(s.server.url, TOKEN);
  for (const id of ['ref-pool', 'next-pool'])
    expect((await admin.post('/sites/demo/coupon-pools', { id, kind: 'generated', count: 5 })).status).toBe(201);
  const program = { stages: [{ stage: 'friend_signup', friend: 20, inviter: 20 }], currency: 'USD', pool: 'ref-pool' };
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

it('nests no form in another, and Enter in a field saves only its own form', async () => {
  // Chromium's form analyser says when one <form> holds what should be several ("Multiple forms should be contained
  // in their own form elements"): what the user test saw as nested forms
  const warnings: string[] = [];
  s.page.on('console', (m) => {
    if (/multiple forms|nested|<form>/i.test(m.text())) warnings.push(m.text());
  });
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill(TOKEN);
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Rewards', exact: true }).click();
  await poll(() => ui().getByRole('heading', { name: 'Reward settings' }).count()).toBe(1);
  await poll(() => ui().getByRole('button', { name: 'Reject' }).count()).toBe(2);
  expect(await nestedForms()).toEqual([]);
  // one action per form: no form holds two write-only secrets of different parts
  const passwords = await ui().evaluate((el) =>
    Array.from(el.shadowRoot!.querySelectorAll('form')).map((f) => f.querySelectorAll('input[type=password]').length),
  );
  expect(Math.max(...passwords)).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);

  // an edit to the lead webhook and Enter in the SMTP host: only the email part is saved
  const form = (name: string) => ui().getByRole('form', { name });
  await form('Lead webhook').getByLabel('URL').fill('https://shop.example/nudge/leads');
  const smtp = form('Email to the shopper (SMTP)');
  await smtp.getByLabel('Host').fill('smtp.shop.example');
  await smtp.getByLabel('Port', { exact: true }).fill('587');
  await smtp.getByLabel('From address').fill('hi@shop.example');
  await smtp.getByLabel('Host').press('Enter');
  await poll(() => smtp.getByRole('status').textContent()).toContain('Saved.');
  const stored = (await adminClient(s.server.url, TOKEN).get('/sites/demo/reward-settings')).body;
  expect(stored.leads.email).toMatchObject({ host: 'smtp.shop.example', port: 587 });
  expect(stored.leads.webhook ?? null).toBeNull();
  // the webhook's edit is still there, unsaved, its Save enabled
  expect(await form('Lead webhook').getByLabel('URL').inputValue()).toBe('https://shop.example/nudge/leads');
  expect(await form('Lead webhook').getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);
  expect(await form('Lead webhook').getByRole('status').textContent()).not.toContain('Saved');
  await new Promise((r) => setTimeout(r, 500));
  expect(warnings).toEqual([]);
  expect(await axeViolations(s.page)).toEqual([]);
});

it('reaches the next-order reward in a few key presses through the in-page links', async () => {
  const rewards = ui().getByRole('button', { name: 'Rewards', exact: true });
  const toc = ui().getByRole('navigation', { name: 'On this page' });
  const links = await toc.getByRole('link').allTextContents();
  expect(links).toEqual([
    'Coupon codes',
    'Coupon pools',
    'New coupon pool',
    'Import codes',
    'Referral rewards',
    'Leads not delivered',
    'Reward settings',
    'Code webhook',
    'Lead delivery',
    'Referral program',
    'Next-order reward',
  ]);
  // by Tab alone, from the tab's own button: the next-order reward's first field
  await rewards.focus();
  const byTab = await tabsTo('rs-nextOrder-widget');
  // through the links: Tab to the link, Enter (the heading takes the focus), Tab to the first field
  await rewards.focus();
  let presses = 0;
  const link = toc.getByRole('link', { name: 'Next-order reward' });
  for (; presses < 40 && !(await link.evaluate((a) => (a.getRootNode() as ShadowRoot).activeElement === a)); presses++)
    await s.page.keyboard.press('Tab');
  await s.page.keyboard.press('Enter');
  expect(await focusedId()).toBe('rs-nextOrder-h');
  await s.page.keyboard.press('Tab');
  expect(await focusedId()).toBe('rs-nextOrder-widget');
  console.log(
    `rewards tab, key presses from its tab button to the next-order reward's widget: ${byTab} Tab presses by Tab alone; ${presses} Tab + Enter + 1 Tab = ${presses + 2} through the in-page links`,
  );
  // every link lands on its part's heading
  for (const name of links) {
    await toc.getByRole('link', { name, exact: true }).click();
    expect(await ui().evaluate((el) => el.shadowRoot!.activeElement?.tagName)).toMatch(/^H[234]$/);
    expect(await ui().evaluate((el) => el.shadowRoot!.activeElement?.textContent?.trim())).toBe(name);
  }
  expect(await axeViolations(s.page)).toEqual([]);
});
