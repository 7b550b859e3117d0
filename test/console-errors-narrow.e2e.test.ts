// The console's Errors view on a 390 px wide phone in real Chromium: the groups read without scrolling sideways (each
// row's cells stacked under their column's name), still a table to a screen reader, and no axe-core violations.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('errors-narrow-token', () => {
  const t = Date.now() - 60_000;
  return [
    ...['buyer-1', 'buyer-2'].map((anonymousId, i) =>
      envelope('purchase', { currency: 'USD', value: 30, items: [] }, { anonymousId, ts: t + i }),
    ),
    envelope(
      'nudge_error',
      {
        promotion_id: 'buy-bar',
        creative_slot: 'buy-bar',
        source: 'widget',
        code: 'no_add_to_cart',
        message: 'found no add-to-cart button on the page (set target); the bar stays hidden',
      },
      { anonymousId: 'v5', ts: t + 20 },
    ),
  ];
});
const ui = () => s.page.locator('nudge-console');

it('reads the errors table at 390 px without scrolling sideways, as a table', async () => {
  await s.page.setViewportSize({ width: 390, height: 844 });
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('errors-narrow-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await ui()
    .getByRole('button', { name: /^Errors/ })
    .click();
  const table = ui().locator('section[aria-labelledby="errors-h"] table');
  await poll(() => table.locator('tbody tr').count()).toBe(2);
  const widths = await s.page.evaluate(() => {
    const root = document.querySelector('nudge-console')!.shadowRoot!;
    const t = root.querySelector<HTMLElement>('section[aria-labelledby="errors-h"] table')!;
    const section = t.closest('section')!;
    return {
      viewport: document.documentElement.clientWidth,
      page: document.documentElement.scrollWidth,
      section: section.clientWidth,
      sectionContent: section.scrollWidth,
      table: Math.ceil(t.getBoundingClientRect().width),
    };
  });
  console.log(`errors tab at a 390 px viewport: ${JSON.stringify(widths)}`);
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-errors-390.png'), fullPage: true });
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  expect(widths.sectionContent).toBeLessThanOrEqual(widths.section);
  expect(widths.table).toBeLessThanOrEqual(widths.section);
  // each cell says its column's name where the header row is out of sight
  const first = table.locator('tbody tr').first();
  expect(
    await first
      .locator('td')
      .nth(2)
      .evaluate((td) => getComputedStyle(td, '::before').content),
  ).toContain('Count');

  // a screen reader still meets a table: rows, column headers and cells in Chromium's accessibility tree
  const cdp = await s.page.context().newCDPSession(s.page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { role?: { value: string }; name?: { value: string } }[];
  };
  const count = (role: string) => nodes.filter((n) => n.role?.value === role).length;
  const roles = { table: count('table'), columnheader: count('columnheader'), cell: count('cell'), row: count('row') };
  console.log(`errors tab at 390 px, accessibility tree: ${JSON.stringify(roles)}`);
  expect(roles.table).toBeGreaterThanOrEqual(1);
  expect(roles.columnheader).toBeGreaterThanOrEqual(7);
  expect(roles.cell).toBeGreaterThanOrEqual(14);
  // the shown column names are not read out a second time: the header says it
  expect(nodes.filter((n) => n.role?.value === 'cell' && /^Count/.test(n.name?.value ?? ''))).toEqual([]);
  expect(nodes.filter((n) => n.role?.value === 'StaticText' && n.name?.value === 'Count').length).toBeLessThanOrEqual(
    1,
  );
  expect(await axeViolations(s.page)).toEqual([]);
});
