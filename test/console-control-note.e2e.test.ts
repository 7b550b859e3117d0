// A paused experiment shows every visitor its control: the console says so beside the experiment's state and on the
// widget its control patches (the buy bar's colour set there does not show), in English and Chinese, with no
// axe-core violations.
import { expect, it } from 'vitest';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const TOKEN = 'control-note-token';
const s = useConsoleStack(TOKEN, () => []);
const ui = () => s.page.locator('nudge-console');
const tab = (name: string) => ui().getByRole('button', { name, exact: true });
const experiment = () =>
  ui()
    .locator('section.card', { hasText: 'buy-bar-color' })
    .filter({ has: s.page.locator('h2') });

it('says nothing while the experiment runs, and what every visitor sees once it is paused', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill(TOKEN);
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await tab('Experiments').click();
  await poll(() => experiment().count()).toBeGreaterThan(0);
  expect(await ui().locator('.control-note').count()).toBe(0);

  const paused = await adminClient(s.server.url, TOKEN).post('/sites/demo/experiments/buy-bar-color/pause', {});
  expect(paused.status).toBe(200);
  await s.page.reload();
  await tab('Experiments').click();
  const note = 'While this experiment is paused, every visitor sees its control, red.';
  await poll(() => ui().getByText(note).count()).toBe(1);
  // beside that experiment's state, not another's
  expect(await ui().locator('section.card', { hasText: note }).locator('h2 code').textContent()).toBe('buy-bar-color');
  expect(await axeViolations(s.page)).toEqual([]);

  // on the widget its control patches: the colour set there is not what shows
  await tab('Widgets').click();
  const bar = ui().getByRole('region', { name: /^buy-bar/ });
  await poll(() => bar.locator('.control-note').count()).toBe(1);
  const text = await bar.locator('.control-note').textContent();
  expect(text).toContain('While experiment Buy bar colour: red vs blue is paused, every visitor sees its control, red');
  expect(text).toContain('your values for those do not show');
  // the other widgets' sections say nothing about it
  expect(await ui().locator('.control-note').count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);

  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => bar.locator('.control-note').textContent()).toContain('实验 Buy bar colour: red vs blue 暂停期间');
  expect(await bar.locator('.control-note').textContent()).toContain('对照组 red');
  await ui().getByRole('button', { name: '实验', exact: true }).click();
  await poll(() => ui().getByText('此实验暂停期间，每位访客看到的都是它的对照组 red。').count()).toBe(1);
  // polled: the nav buttons' colours may still be changing from the click (a violation that stays fails it)
  await poll(() => axeViolations(s.page)).toEqual([]);
});
