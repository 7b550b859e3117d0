// Every console tab on a 390 px wide phone in real Chromium, en and zh-CN: no sideways page scroll, each nav entry's
// accessible name as words (the Errors entry's count with it), and no axe-core violations.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { adminClient, envelope } from '../packages/server/src/testing.js';
import { translate, type Lang } from '../packages/console/src/i18n.js';
import { TABS } from '../packages/console/src/route.js';
import { axeViolations, colourResults, poll, useConsoleStack } from './support/console-stack.js';

const s = useConsoleStack('phone-token', () => [
  ...colourResults(),
  envelope(
    'nudge_error',
    {
      promotion_id: 'buy-bar',
      creative_slot: 'buy-bar',
      source: 'widget',
      code: 'no_add_to_cart',
      message: 'found no add-to-cart button on the page (set target); the bar stays hidden',
    },
    { anonymousId: 'v5', ts: Date.now() - 30_000 },
  ),
]);
const ui = () => s.page.locator('nudge-console');
const REFUSED = 'http://other-shop.test:8080';

beforeAll(async () => {
  // a page on an origin the demo site does not allow: refused twice, listed on the Errors tab with its count
  for (let i = 0; i < 2; i++)
    expect((await fetch(`${s.server.url}/v1/config/demo`, { headers: { origin: REFUSED } })).status).toBe(403);
  // the report holds the error event and the refusals before the console loads it (the nav's count is 2 from the start)
  const admin = adminClient(s.server.url, 'phone-token');
  for (let i = 0; i < 100; i++) {
    const { body } = await admin.get('/sites/demo/reports/errors');
    if (body.total === 1 && body.refusedOrigins?.[0]?.count === 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  s.page.on('request', () => inFlight++);
  s.page.on('requestfinished', () => inFlight--);
  s.page.on('requestfailed', () => inFlight--);
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('phone-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
}, 30_000);

/** Requests the page has in flight, so a tab is measured once its data has rendered. */
let inFlight = 0;

/** Waits until the page has had no request in flight for 400 ms (bounded: 10 s), then for two frames. */
async function settled(page: Page) {
  let quiet = 0;
  for (let i = 0; i < 100 && quiet < 4; i++) {
    await new Promise((r) => setTimeout(r, 100));
    quiet = inFlight > 0 ? 0 : quiet + 1;
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const widthOf = (page: Page) =>
  page.evaluate(() => ({ viewport: document.documentElement.clientWidth, page: document.documentElement.scrollWidth }));

/** What sticks out past the viewport's right edge (for the failure message): the innermost elements, named. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: ParentNode) => {
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const r = el.getBoundingClientRect();
        if (r.right > document.documentElement.clientWidth + 0.5 && r.width > 0 && el.children.length === 0)
          out.push(
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} right=${Math.round(r.right)}`,
          );
      }
    };
    walk(document);
    return out.slice(0, 8);
  });

const widths: Record<string, Record<string, number>> = {};

it.each(['en', 'zh-CN'] as Lang[])(
  'reads every tab at 390 px without a sideways scroll (%s)',
  async (lang) => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    await ui().getByLabel('Language / 语言').selectOption(lang);
    const nav = ui().getByRole('navigation', { name: translate(lang, 'sections') });
    const buttons = nav.getByRole('button');
    await poll(() => buttons.count()).toBe(TABS.length);

    const problems: string[] = [];
    const names: string[] = [];
    widths[lang] = {};
    for (let i = 0; i < TABS.length; i++) {
      const [tab, key] = TABS[i]!;
      await buttons.nth(i).click();
      await settled(s.page);
      // the Experiments tab's form for a new experiment is part of it (fields, audience builder, metrics, preview)
      if (tab === 'experiments') {
        // (still open from the other language's pass)
        const open = ui().getByRole('button', { name: translate(lang, 'newExperiment') });
        if (await open.count()) await open.click();
        await settled(s.page);
      }
      // the refused origin's row says what its Count counts, in the cell as the error rows do
      if (tab === 'errors') {
        const row = (await ui().locator('#refused-origins tbody tr').first().textContent()) ?? '';
        const says = lang === 'en' ? 'Count: refusals (config requests and event batches' : '次数：拒绝次数（';
        if (!row.includes(says)) problems.push(`errors: the refused origin's row does not say "${says}": ${row}`);
      }
      const w = await widthOf(s.page);
      widths[lang][tab] = w.page;
      if (w.page > 390)
        problems.push(`${tab}: page ${w.page} px wide; past the edge: ${(await overflowing(s.page)).join(', ')}`);
      // each entry is named by its words; the Errors entry with its count (the error event and the refused origin, as
      // the tab just loaded them) as a phrase, not run together
      expect(await buttons.nth(i).getAttribute('aria-current')).toBe('page');
      const name = /^- button "(.*)"/.exec(await buttons.nth(i).ariaSnapshot())?.[1];
      names.push(name ?? '?');
      const want =
        tab === 'errors'
          ? lang === 'en'
            ? 'Errors, 2 in this period'
            : '错误 2 个（此时间段）'
          : translate(lang, key);
      if (name !== want) problems.push(`${tab}: nav entry named ${JSON.stringify(name)}, not ${JSON.stringify(want)}`);
      const violations = await axeViolations(s.page);
      if (violations.length) problems.push(`${tab}: axe ${violations.join('; ')}`);
      await s.page.screenshot({ path: join(tmpdir(), `nudge-console-390-${lang}-${tab}.png`), fullPage: true });
    }
    console.log(`page width per tab at a 390 px viewport (${lang}): ${JSON.stringify(widths[lang])}`);
    console.log(`nav entries' accessible names (${lang}): ${JSON.stringify(names)}`);
    expect(problems).toEqual([]);
  },
  240_000,
);

// Desktop is not changed by the phone rules: every tab fits 1280 px, and its screenshots (saved for a before/after
// comparison when NUDGE_SHOTS names a folder) show the same layout.
it('keeps every tab within a 1280 px desktop', async () => {
  await s.page.setViewportSize({ width: 1280, height: 900 });
  await ui().getByLabel('Language / 语言').selectOption('en');
  const buttons = ui().getByRole('navigation', { name: 'Sections' }).getByRole('button');
  const at1280: Record<string, number> = {};
  for (let i = 0; i < TABS.length; i++) {
    await buttons.nth(i).click();
    await settled(s.page);
    at1280[TABS[i]![0]] = (await widthOf(s.page)).page;
    if (process.env.NUDGE_SHOTS)
      await s.page.screenshot({ path: join(process.env.NUDGE_SHOTS, `${TABS[i]![0]}.png`), fullPage: true });
  }
  console.log(`page width per tab at a 1280 px viewport: ${JSON.stringify(at1280)}`);
  expect(Object.values(at1280).filter((w) => w > 1280)).toEqual([]);
  // no table scrolls there, so none is an extra tab stop
  expect(await ui().locator('table[tabindex]').count()).toBe(0);
}, 120_000);
