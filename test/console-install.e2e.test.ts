// The console's side of the merchant's install: Site settings show the tag served by this server, the Errors tab
// names an origin the site refused, with its last time, and the Install view copies the tag and says on which allowed
// origins it was seen; every view passes axe-core.
import { expect, it } from 'vitest';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('install-token', () => []);
const ui = () => s.page.locator('nudge-console');
const stranger = 'https://new-shop.example';

it('shows the install tag and lists a refused origin in the Errors tab', async () => {
  // a storefront on an origin the demo site does not allow asks for its config
  const refused = await fetch(`${s.server.url}/v1/config/demo`, { headers: { origin: stranger } });
  expect(refused.status).toBe(403);

  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('install-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  // the site picker appears once signed in (until then the header's first select is the language one)
  await ui().getByRole('button', { name: 'Sign out' }).waitFor();
  await ui().locator('header select').first().selectOption('demo');

  await ui().getByRole('button', { name: 'Site settings' }).click();
  await poll(() => ui().locator('#install-tag').textContent()).toBe(
    `<script async src="${s.server.url}/nudge/v1/nudge.js" data-site="demo"></script>`,
  );
  expect(await axeViolations(s.page)).toEqual([]);

  // the badge counts it: "Errors, 1 in this period"
  await ui()
    .getByRole('button', { name: /^Errors(,|$)/ })
    .click();
  const row = ui().locator('#refused-origins tbody tr');
  await poll(() => row.count()).toBe(1);
  expect(await row.textContent()).toContain(`Origin ${stranger} is not allowed`);
  expect(await row.textContent()).toContain('Site settings, Allowed origins');
  expect(await row.locator('td.num').textContent()).toBe('1');
  // as in server-console's axe pass: the tab buttons' colour transition has started before contrast is judged
  await s.page.waitForTimeout(300);
  expect(await axeViolations(s.page)).toEqual([]);
});

it('shows the tag with a copy button and, per allowed origin, whether the tag was seen there', async () => {
  const shop = 'http://127.0.0.1:5173';
  // a page of the shop on one allowed origin asks for its config; the other allowed origins have not been seen
  expect((await fetch(`${s.server.url}/v1/config/demo`, { headers: { origin: shop } })).status).toBe(200);
  await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });

  await ui().getByRole('button', { name: 'Install', exact: true }).click();
  expect(new URL(s.page.url()).pathname).toBe('/console/sites/demo/install');
  const tag = `<script async src="${s.server.url}/nudge/v1/nudge.js" data-site="demo"></script>`;
  await poll(() => ui().locator('#install-snippet').textContent()).toBe(tag);
  const rows = ui().locator('#origins-seen tbody tr');
  await poll(() => rows.count()).toBe(10);
  const seen = rows.filter({ hasText: shop });
  expect(await seen.locator('td').nth(1).textContent()).toContain('seen');
  expect(await seen.locator('td').nth(1).textContent()).not.toContain('not seen yet');
  expect(await rows.filter({ hasText: 'http://localhost:3000' }).locator('td').nth(1).textContent()).toContain(
    'not seen yet',
  );

  // by keyboard: the copy button puts the exact tag on the clipboard and says so
  await ui().getByRole('button', { name: 'Copy the tag' }).focus();
  await s.page.keyboard.press('Enter');
  await poll(() => ui().getByRole('status').filter({ hasText: 'Tag copied' }).count()).toBe(1);
  expect(await s.page.evaluate(() => navigator.clipboard.readText())).toBe(tag);
  await s.page.waitForTimeout(300);
  expect(await axeViolations(s.page)).toEqual([]);
});
