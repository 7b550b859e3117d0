// The Experiments tab offers each experiment only the actions its state takes, says what each does for visitors, and
// what visitors see now; that line follows a schedule boundary as it passes, with nobody touching the page.
import { expect, it } from 'vitest';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const TOKEN = 'experiment-actions-token';
const s = useConsoleStack(TOKEN, () => []);
const ui = () => s.page.locator('nudge-console');
const card = (key: string) =>
  ui()
    .locator('section.card')
    .filter({ has: s.page.locator('h2 code', { hasText: key }) });
const buttons = async (key: string) =>
  (await card(key).locator(':scope > ul button, :scope > div.row button').allTextContents()).map((b) => b.trim());

it('offers a draft no ship and a stopped experiment no settings, each action saying what visitors get', async () => {
  const admin = adminClient(s.server.url, TOKEN);
  const { config } = (await admin.get('/sites/demo/config')).body;
  const base = config.experiments[0];
  const copy = (key: string, status: string, more = {}) => ({
    ...base,
    key,
    name: key,
    status,
    layer: undefined,
    ...more,
  });
  config.experiments.push(copy('draft-one', 'draft'), copy('stopped-one', 'stopped', { winner: 'blue' }));
  expect((await admin.post('/sites/demo/config', { config })).status).toBe(200);

  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill(TOKEN);
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  await poll(() => card('draft-one').count()).toBe(1);

  expect(await card('draft-one').textContent()).toContain('A draft: no visitor sees it.');
  expect(await buttons('draft-one')).toEqual(['Start', 'Apply traffic', 'Apply weights', 'Apply schedule']);
  expect(await card('draft-one').getByRole('button', { name: /^Ship/ }).count()).toBe(0);
  const start = card('draft-one').getByRole('button', { name: 'Start' });
  const said = await start.getAttribute('aria-describedby');
  expect(await ui().locator(`[id="${said}"]`).textContent()).toMatch(/^Visitors it targets start taking part/);

  expect(await card('stopped-one').textContent()).toContain('Stopped with a winner: every visitor sees blue.');
  expect(await buttons('stopped-one')).toEqual(['Start', 'Ship red']);
  expect(
    await card('stopped-one')
      .getByRole('button', { name: /^Apply/ })
      .count(),
  ).toBe(0);
  expect(await axeViolations(s.page)).toEqual([]);

  // the API refuses what the console no longer offers
  const refused = await admin.post('/sites/demo/experiments/stopped-one/traffic', { traffic: 0.5 });
  expect(refused.status).toBe(409);
  expect(refused.body.error).toBe('invalid_state');
});

it('says what visitors see again when a schedule starts, without a click or a reload', async () => {
  const admin = adminClient(s.server.url, TOKEN);
  const start = new Date(Date.now() + 4000).toISOString();
  const set = await admin.post('/sites/demo/experiments/buy-bar-color/schedule', { schedule: { start } });
  expect(set.status).toBe(200);
  await s.page.reload();
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  const bar = card('buy-bar-color');
  await poll(() => bar.textContent()).toContain('outside its schedule, every visitor sees its control, red');
  // no interaction from here: the tab draws itself again at the start
  await poll(() => bar.textContent()).toContain('Running: 100% of the visitors it targets take part');
  expect(await bar.textContent()).not.toContain('outside its schedule');
});
