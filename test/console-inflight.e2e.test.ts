// Edits made while their form's save is on its way, in the real console against a real server whose answer is held
// back on purpose: a reward settings form and a widget keep the newer edit, say it is not saved yet, save it next by
// keyboard, and pass axe-core in that state.
import type { Route } from 'playwright';
import { expect, it } from 'vitest';
import { adminClient } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const TOKEN = 'inflight-token';
const s = useConsoleStack(TOKEN, () => []);
const ui = () => s.page.locator('nudge-console');

/** Holds the next request matching `method` and `url` until `release()` (then it goes on to the server). */
async function holdNext(method: string, url: string | RegExp) {
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  let seen = false;
  const handler = async (route: Route) => {
    if (route.request().method() !== method || seen) return route.fallback();
    seen = true;
    await released;
    await route.continue();
  };
  await s.page.route(url, handler);
  return { release, held: () => seen };
}

it('keeps a reward setting typed while its save is held, says it waits, and saves it next by keyboard', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill(TOKEN);
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Rewards', exact: true }).click();
  await poll(() => ui().getByRole('heading', { name: 'Reward settings' }).count()).toBe(1);
  const form = ui().getByRole('form', { name: 'Code webhook' });
  const url = form.getByLabel('URL');
  const timeout = form.getByLabel('Timeout (ms)');
  const hold = await holdNext('PATCH', /\/reward-settings$/);
  await url.fill('https://shop.example/nudge/codes');
  await url.press('Enter');
  await poll(hold.held).toBe(true);
  expect(await form.getByRole('status').textContent()).toContain('Saving');
  await timeout.fill('4500');
  hold.release();
  await poll(() => form.getByRole('status').textContent()).toContain('not saved yet');
  expect(await timeout.inputValue()).toBe('4500');
  expect(await url.inputValue()).toBe('https://shop.example/nudge/codes');
  expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);
  expect(await axeViolations(s.page)).toEqual([]);
  await timeout.press('Enter');
  await poll(() => form.getByRole('status').textContent()).toContain('Saved.');
  const stored = await adminClient(s.server.url, TOKEN).get('/sites/demo/reward-settings');
  expect(stored.body.codeWebhook).toMatchObject({ url: 'https://shop.example/nudge/codes', timeoutMs: 4500 });
});

it('keeps a widget schedule edited while the widget’s publish is held, and publishes it next', async () => {
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  const card = ui().locator('section', { has: s.page.getByRole('heading', { name: /^stock / }) });
  await poll(() => card.count()).toBe(1);
  const hold = await holdNext('POST', /\/admin\/sites\/demo\/config$/);
  await card.getByLabel('Low-stock threshold', { exact: true }).fill('3');
  await card.getByLabel('Low-stock threshold', { exact: true }).press('Tab');
  await card.getByRole('button', { name: 'Publish' }).click();
  await poll(hold.held).toBe(true);
  const start = card.locator('#sch-stock-start');
  await start.fill('2030-01-02T09:00');
  hold.release();
  await poll(() =>
    ui()
      .getByText(/Published version/)
      .count(),
  ).toBeGreaterThan(0);
  expect(await start.inputValue()).toBe('2030-01-02T09:00');
  expect(await card.getByText('Unsaved changes').count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);
  await card.getByRole('button', { name: 'Publish' }).focus();
  await s.page.keyboard.press('Enter');
  await poll(() => card.getByText('Unsaved changes').count()).toBe(0);
  const live = (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    widgets: { id: string; props: Record<string, unknown>; schedule?: { start?: string } }[];
  };
  const stock = live.widgets.find((w) => w.id === 'stock')!;
  expect(stock.props.lowStockThreshold).toBe(3);
  expect(stock.schedule?.start).toMatch(/^2030-01-02T09:00/);
});
