// Schedule fields in the real console: the site's time zone, start and end read in it, a repeating window built by
// keyboard, an end before its start refused with the server's path before a publish, in English and Chinese; axe clean.
import { expect, it } from 'vitest';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('schedule-token', () => []);
const ui = () => s.page.locator('nudge-console');
const card = (id: string) =>
  ui().locator('section', { has: s.page.getByRole('heading', { name: new RegExp(`^${id} `) }) });
const live = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    timeZone?: string;
    widgets: { id: string; schedule?: Record<string, unknown> }[];
  };

it('sets the site time zone, refuses an end before its start by path, and publishes a member-day schedule', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('schedule-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  await poll(() => card('buy-bar').count()).toBe(1);

  await ui().getByLabel('Site time zone').fill('Asia/Shanghai');
  await ui().getByRole('button', { name: 'Save time zone' }).click();
  await poll(async () => (await live()).timeZone).toBe('Asia/Shanghai');
  const bar = card('buy-bar');
  await poll(() => bar.getByText('Times are in the site’s time zone: Asia/Shanghai.').count()).toBe(1);

  await bar.getByLabel('Starts', { exact: true }).fill('2027-01-10T10:00');
  await bar.getByLabel('Ends', { exact: true }).fill('2027-01-09T10:00');
  await poll(() => bar.locator('.field-error').textContent()).toBe('schedule.end: must be after start');
  expect(await bar.getByLabel('Ends', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  expect(await bar.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  expect(await axeViolations(s.page)).toEqual([]);

  await bar.getByLabel('Ends', { exact: true }).fill('2027-06-01T00:00');
  await poll(() => bar.locator('.field-error').count()).toBe(0);
  // a repeating window by keyboard: the member day, the 1st of each month
  await bar.getByRole('button', { name: 'Add a window' }).focus();
  await s.page.keyboard.press('Enter');
  await bar.getByLabel('Days of the month').fill('1');
  await bar.getByLabel('Days of the month').press('Tab');
  expect(await axeViolations(s.page)).toEqual([]);
  await bar.getByRole('button', { name: 'Publish' }).click();
  await poll(async () => (await live()).widgets.find((w) => w.id === 'buy-bar')?.schedule).toEqual({
    start: '2027-01-10T10:00:00+08:00',
    end: '2027-06-01T00:00:00+08:00',
    windows: [{ monthDays: [1] }],
  });
});

it('shows the schedule fields in Chinese', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const bar = card('buy-bar');
  await poll(() => bar.getByRole('group', { name: '排期' }).count()).toBe(1);
  expect(await bar.getByLabel('开始时间', { exact: true }).inputValue()).toBe('2027-01-10T10:00');
  expect(await bar.getByLabel('每月日期').inputValue()).toBe('1');
  expect(await axeViolations(s.page)).toEqual([]);
  await ui().getByLabel('Language / 语言').selectOption('en');
});
