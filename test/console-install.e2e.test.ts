// The console's side of the merchant's install: Site settings show the tag served by this server, and the Errors tab
// names an origin the site refused, with its last time; both views pass axe-core.
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

  // the badge counts it: "Errors (1 in this period)"
  await ui()
    .getByRole('button', { name: /^Errors( \(|$)/ })
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
