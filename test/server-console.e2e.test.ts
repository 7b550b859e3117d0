// The growth console in real Chromium against a real server: sign in, switch a widget off and undo, pause an
// experiment through the confirmation dialog, read results in words, history, and Chinese.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';
import { axeViolations, poll, useConsoleStack } from './support/console-stack.js';

// Results to read: 400 visitors per colour, red converts 20%, blue 10%.
const s = useConsoleStack('console-token', () => {
  const events = [];
  for (let i = 0; i < 800; i++) {
    const variant = i % 2 ? 'blue' : 'red';
    const anonymousId = `visitor-${i}`;
    const t = Date.now() - 60_000 + i;
    events.push(
      envelope(
        'experiment_exposure',
        { experiment: 'buy-bar-color', variant },
        { anonymousId, ts: t, experiments: { 'buy-bar-color': variant } },
      ),
    );
    if ((variant === 'red' && i % 10 < 4) || (variant === 'blue' && i % 10 < 2))
      events.push(
        envelope(
          'purchase',
          { transaction_id: `T${i}`, currency: 'USD', value: 40, items: [] },
          { anonymousId, ts: t + 5 },
        ),
      );
  }
  // one simulated shopper per colour (pnpm demo:traffic marks its events), who buys nothing
  for (const variant of ['red', 'blue'])
    events.push(
      envelope(
        'experiment_exposure',
        { experiment: 'buy-bar-color', variant, simulated: true },
        { anonymousId: `sim-${variant}`, ts: Date.now() - 50_000, experiments: { 'buy-bar-color': variant } },
      ),
    );
  // web vitals sampled at 10% (tracking.webVitals 0.1): 20 samples per colour stand for 200 page views each
  for (let i = 0; i < 40; i++)
    events.push(
      envelope(
        'web_vitals',
        { lcp: 1000 + i, sample_rate: 0.1 },
        {
          anonymousId: `visitor-${i}`,
          ts: Date.now() - 30_000 + i,
          experiments: { 'buy-bar-color': i % 2 ? 'blue' : 'red' },
        },
      ),
    );
  // what the stock banner showed: the same figures read at two times, shown three times
  for (const [i, asOf] of [
    '2026-11-21T09:00:00.000Z',
    '2026-11-21T09:30:00.000Z',
    '2026-11-21T09:30:00.000Z',
  ].entries())
    events.push(
      envelope(
        'view_promotion',
        { promotion_id: 'stock', creative_slot: 'stock-banner', state: 'low', stock: 4, source: 'erp', asOf },
        { anonymousId: `visitor-${i}`, ts: Date.now() - 20_000 + i },
      ),
    );
  return events;
});
const ui = () => s.page.locator('nudge-console');
/** The element focused inside the console, as `TAG text` (or `name=` for a field), or `BODY` when focus fell out. */
const focused = () =>
  s.page.evaluate(() => {
    const el = document.querySelector('nudge-console')!.shadowRoot!.activeElement as HTMLElement | null;
    if (!el) return document.activeElement?.tagName ?? '';
    return el.getAttribute('name')
      ? `${el.tagName} name=${el.getAttribute('name')}`
      : `${el.tagName} ${el.textContent?.trim()}`;
  });
const liveConfig = async () =>
  (await (await fetch(`${s.server.url}/v1/config/demo`)).json()) as {
    version: number;
    widgets: { id: string; enabled?: boolean; props: Record<string, unknown> }[];
  };
const card = (id: string) =>
  ui().locator('section', { has: s.page.getByRole('heading', { name: new RegExp(`^${id}`) }) });
/** What a background refresh does to the view (the errors badge, a report arriving): one more render. */
const rerender = () =>
  s.page.evaluate(() => {
    const c = document.querySelector('nudge-console') as HTMLElement & {
      requestUpdate(): void;
      updateComplete: Promise<unknown>;
    };
    c.requestUpdate();
    return c.updateComplete;
  });

it('signs in with the token and lists the demo widgets', async () => {
  await s.page.goto(`${s.server.url}/console/`);
  await ui().getByLabel('Admin token').fill('wrong');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('not accepted');
  await ui().getByLabel('Admin token').fill('console-token');
  await ui().getByLabel('Your name').fill('Mei');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  for (const id of ['welcome-coupon', 'stock', 'refer-a-friend', 'buy-bar'])
    await poll(() =>
      ui()
        .getByRole('heading', { name: new RegExp(`^${id}`) })
        .count(),
    ).toBe(1);
  // the keyboard lands on the console's heading, not on the page body the sign-in form left
  expect(await focused()).toBe('H1 Nudge console');
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-widgets.png'), fullPage: true });
});

it('previews every widget with something to show: the popup opened; sample stock, code and product, said to be samples', async () => {
  const frame = (id: string) => s.page.frameLocator(`iframe[data-preview="${id}"]`);
  const shown = (id: string, tag: string) =>
    frame(id)
      .locator(tag)
      .evaluate((el) => {
        const root = el.shadowRoot!;
        return {
          text: (root.textContent ?? '').replace(/\s+/g, ' '),
          fields: Array.from(root.querySelectorAll('input'), (i) => i.value).join(' '),
          dialog: !!root.querySelector('dialog[open]'),
        };
      });
  expect(await frame('welcome-coupon').locator('.caption').textContent()).toContain(
    'its trigger decides when it opens',
  );
  // Editing a field re-renders the previews; the popup's modal must not take the focus from the next field.
  const coupon = ui().locator('section', { has: s.page.getByRole('heading', { name: /^welcome-coupon/ }) });
  await coupon.getByLabel('Heading', { exact: true }).fill('Hello');
  await coupon.getByLabel('Heading', { exact: true }).press('Tab');
  await s.page.waitForTimeout(500);
  await s.page.keyboard.type('typed');
  expect(await coupon.getByLabel('Description', { exact: true }).inputValue()).toBe('typed');
  expect((await shown('welcome-coupon', 'nudge-coupon-popup')).dialog).toBe(false);
  // Pressing "Open the popup" takes the focus from the field just typed in: its change re-renders the previews
  // between the press and the release. The click must still open the popup (it was lost: the caption was replaced).
  const box = (await frame('welcome-coupon').getByRole('button', { name: 'Open the popup' }).boundingBox())!;
  await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await s.page.mouse.down();
  await poll(() =>
    frame('welcome-coupon')
      .locator('nudge-coupon-popup')
      .evaluate((el) => (el as HTMLElement & { description?: string }).description),
  ).toBe('typed');
  await s.page.mouse.up();
  await poll(async () => (await shown('welcome-coupon', 'nudge-coupon-popup')).dialog).toBe(true);
  expect((await shown('welcome-coupon', 'nudge-coupon-popup')).text).toContain('Spend $100, save $20');
  const popupFrame = await (await ui()
    .locator('iframe[data-preview="welcome-coupon"]')
    .elementHandle())!.contentFrame();
  expect(await axeViolations(popupFrame!)).toEqual([]);
  await s.page.keyboard.press('Escape');
  await poll(async () => (await shown('welcome-coupon', 'nudge-coupon-popup')).dialog).toBe(false);
  await poll(async () => (await shown('stock', 'nudge-stock-banner')).text).toContain('Only 6 left');
  expect(await frame('stock').locator('.caption').textContent()).toContain('Sample figures');
  await poll(async () => (await shown('refer-a-friend', 'nudge-referral-card')).fields).toContain('SAMPLE10');
  expect(await frame('refer-a-friend').locator('.caption').textContent()).toContain('Sample code SAMPLE10');
  await poll(async () => (await shown('buy-bar', 'nudge-buy-bar')).text).toContain('Linen shirt');
  expect((await shown('buy-bar', 'nudge-buy-bar')).text).toContain('$49');
  // every preview frame, captions and buttons included (axe on the console page does not enter frames)
  const frames = s.page.frames().filter((f) => f.url().includes('/preview.html'));
  expect(frames).toHaveLength(4);
  const found: Record<string, string[]> = {};
  for (const f of frames) {
    const violations = await axeViolations(f);
    if (violations.length) found[await f.locator('body > :last-child').evaluate((el) => el.tagName)] = violations;
  }
  expect(found).toEqual({});
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-previews.png'), fullPage: true });
});

it('switches a widget off, then undoes it', async () => {
  const toggle = ui()
    .locator('section', { has: s.page.getByRole('heading', { name: /^buy-bar/ }) })
    .getByRole('switch');
  await toggle.click();
  // on or off for everyone is asked first
  const dialog = ui().locator('dialog#confirm');
  await poll(() => dialog.textContent()).toContain('Switch buy-bar off for every visitor?');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(() => ui().getByRole('status').textContent()).toContain('Published version 2');
  expect(
    (await (await fetch(`${s.server.url}/v1/config/demo`)).json()).widgets.find(
      (w: { id: string }) => w.id === 'buy-bar',
    ).enabled,
  ).toBe(false);
  await ui().getByRole('button', { name: 'Undo' }).click();
  await poll(async () => (await (await fetch(`${s.server.url}/v1/config/demo`)).json()).version).toBe(3);
  expect(
    (await (await fetch(`${s.server.url}/v1/config/demo`)).json()).widgets.find(
      (w: { id: string }) => w.id === 'buy-bar',
    ).enabled,
  ).toBe(true);
});

it('pauses an experiment only after confirmation', async () => {
  await ui().getByRole('button', { name: 'Experiments' }).click();
  const card = ui().locator('section', { hasText: 'buy-bar-color' });
  await card.getByRole('button', { name: 'Pause' }).click();
  const dialog = ui().locator('dialog#confirm');
  await poll(() => dialog.textContent()).toContain('Pause buy-bar-color?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await (await fetch(`${s.server.url}/v1/config/demo`)).json()).version).toBe(3);
  await card.getByRole('button', { name: 'Pause' }).click();
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(async () => (await (await fetch(`${s.server.url}/v1/config/demo`)).json()).experiments[0].status).toBe(
    'paused',
  );
});

it('states the result in words with charts', async () => {
  await ui().getByRole('button', { name: 'Results' }).click();
  await poll(() => ui().locator('.sentences').textContent()).toMatch(
    /blue loses to red on Purchased: −50% \([\d.]+% CI −\d+% to −\d+%, p = [\d.e-]+, Holm-adjusted for \d+ comparisons\)\./,
  );
  // sequential by default, said so, with the Holm note; the fixed test is one choice away
  expect(
    await ui()
      .getByText(/Sequential test: the intervals are valid however often you look/)
      .count(),
  ).toBe(1);
  expect(
    await ui()
      .getByText(/p-values are Holm-adjusted/)
      .count(),
  ).toBe(1);
  await ui().getByLabel('Statistics').selectOption('fixed');
  await poll(() =>
    ui()
      .getByText(/Looking at the results again and again/)
      .count(),
  ).toBe(1);
  await ui().getByLabel('Statistics').selectOption('sequential');
  await poll(() =>
    ui()
      .getByText(/Sequential test:/)
      .count(),
  ).toBe(1);
  expect(await ui().locator('canvas#funnel').count()).toBe(1);
  expect(await ui().locator('canvas#overtime').count()).toBe(1);
  // drawn, not only placed: some pixel of each canvas is painted
  const painted = (id: string) =>
    ui()
      .locator(`canvas#${id}`)
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        return d.some((x, i) => i % 4 === 3 && x > 0);
      });
  await poll(() => painted('funnel')).toBe(true);
  await poll(() => painted('overtime')).toBe(true);
  const vitalsRows = ui()
    .locator('section', { has: s.page.getByRole('heading', { name: 'Web vitals (p75)' }) })
    .locator('tbody tr');
  await poll(() => vitalsRows.allTextContents()).toEqual([
    expect.stringMatching(/^blue20 \(~200 page views at 10%\)\d+/),
    expect.stringMatching(/^red20 \(~200 page views at 10%\)\d+/),
  ]);
  // simulated traffic is labelled, and can be left out
  await poll(() => ui().locator('.simulated').textContent()).toContain(
    '2 of the 802 visitors and 0 of the 240 orders counted here are simulated',
  );
  expect(await ui().locator('.sentences').textContent()).toContain('blue loses to red on Revenue / visitor: −50%');
  expect(
    await ui()
      .getByText(/^Started /)
      .count(),
  ).toBe(1);
  await ui().getByLabel('Leave out simulated traffic').check();
  await poll(() => ui().getByText('Simulated traffic is left out of these results.').count()).toBe(1);
  expect(await ui().locator('.simulated').count()).toBe(0);
  await ui().getByLabel('Leave out simulated traffic').uncheck();
  await poll(() => ui().locator('.simulated').count()).toBe(1);
  await s.page.screenshot({ path: join(tmpdir(), 'nudge-console-results.png') });
});

it('shows the results of the experiment selected, not a slower earlier answer, and clears them when loading fails', async () => {
  const rows = () => ui().locator('section.card table').first().locator('tbody td:first-child').allTextContents();
  await poll(rows).toEqual(['red (control)', 'blue']);
  // the answer for buy-bar-color comes back late, after coupon-threshold was chosen
  await s.page.route(/reports\/experiments\/buy-bar-color/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const late = s.page.waitForResponse(/reports\/experiments\/buy-bar-color/);
  await ui().getByRole('button', { name: 'Refresh' }).click();
  await ui().getByLabel('Experiment').selectOption('coupon-threshold');
  await late; // the stale answer has arrived (and must be ignored)
  await s.page.waitForTimeout(300);
  expect(await ui().getByLabel('Experiment').inputValue()).toBe('coupon-threshold');
  expect(await ui().locator('.sentences').count()).toBe(0); // coupon-threshold has no exposures: its own empty report
  expect(await ui().getByText('No exposures in this range yet.').count()).toBe(1);
  await s.page.unroute(/reports\/experiments\/buy-bar-color/);
  // a failed request clears the report and says so
  await s.page.route(/reports\/experiments\/buy-bar-color/, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: '{"error":"boom","message":"database unavailable"}',
    }),
  );
  await ui().getByLabel('Experiment').selectOption('buy-bar-color');
  await poll(() =>
    ui().getByRole('alert').filter({ hasText: 'Could not load the results: database unavailable' }).count(),
  ).toBe(1);
  expect(await ui().locator('.sentences').count()).toBe(0);
  await s.page.unroute(/reports\/experiments\/buy-bar-color/);
  await ui().getByRole('button', { name: 'Refresh' }).click();
  await poll(rows).toEqual(['red (control)', 'blue']);
  expect(
    await ui()
      .getByText(/Could not load the results/)
      .count(),
  ).toBe(0);
});

it('lists what each stock banner displayed once per set of figures, with when they were read', async () => {
  await ui().getByRole('button', { name: 'Widgets & referrals' }).click();
  const rows = ui()
    .locator('section', { has: s.page.getByRole('heading', { name: 'What each stock banner displayed' }) })
    .locator('tbody tr');
  await poll(() => rows.count()).toBe(1);
  const cells = rows.first().locator('td');
  expect(await cells.nth(1).textContent()).toBe('state: low · stock: 4 · source: erp');
  expect(await cells.nth(2).textContent()).toBe(
    `${new Date('2026-11-21T09:00:00.000Z').toLocaleString('en')} – ${new Date('2026-11-21T09:30:00.000Z').toLocaleString('en')}`,
  );
  expect((await cells.nth(3).textContent())?.trim()).toBe('3');
});

it('shows history with who and what, and switches to Chinese', async () => {
  await ui().getByRole('button', { name: 'History' }).click();
  await poll(() => ui().locator('tbody tr').count()).toBe(4);
  const first = await ui().locator('tbody tr').first().textContent();
  expect(first).toContain('Mei');
  expect(first).toContain('pause experiment buy-bar-color');
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  await poll(() => ui().getByRole('heading', { level: 1 }).textContent()).toBe('Nudge 控制台');
  await poll(() => ui().getByRole('heading', { name: '发布历史' }).count()).toBe(1);
});

it('lists live events newest received first, with when each was received and its own time', async () => {
  await ui().getByLabel('Language / 语言').selectOption('en');
  await ui().getByRole('button', { name: 'Live events', exact: true }).click();
  const table = ui().locator('section', { has: s.page.getByRole('heading', { name: /^Last events/ }) });
  await poll(() => table.locator('tbody tr').count()).toBeGreaterThan(5);
  expect(await table.locator('thead th').allTextContents()).toEqual([
    'Received',
    'Event time',
    'Event',
    'Visitor',
    'Source',
    'props',
  ]);
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll('td'))
        .slice(0, 3)
        .map((td) => td.textContent!.trim()),
    ),
  );
  const tail = (
    await (
      await fetch(`${s.server.url}/v1/admin/sites/demo/events/tail?limit=${rows.length}`, {
        headers: { authorization: 'Bearer console-token' },
      })
    ).json()
  ).events as { name: string; ts: number; receivedAt: number }[];
  const when = (ms: number) => new Date(ms).toLocaleString('en');
  // the seeded events were sent at once but carry their own earlier times: the two columns differ
  expect(rows.slice(0, 5)).toEqual(tail.slice(0, 5).map((e) => [when(e.receivedAt), when(e.ts), e.name]));
  expect(rows.some(([received, own]) => received !== own)).toBe(true);
});

it('edits allowed origins, issues a write key once and creates a site', async () => {
  // one event kept as nudge_error (bad props), one refused (bad envelope), two dropped by the client; sent twice
  const converted = envelope('purchase', { currency: 'USD', value: 1, items: [] }, { anonymousId: 'stats-visitor' });
  const refused = { ...envelope('page_view', {}, { anonymousId: 'stats-visitor' }), seq: -1 };
  for (let i = 0; i < 2; i++)
    await fetch(`${s.server.url}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events: [converted, refused], dropped: 2 }),
    });
  await ui().getByLabel('Language / 语言').selectOption('en');
  await ui().getByRole('button', { name: 'Site settings' }).click();
  const stored = (
    await (
      await fetch(`${s.server.url}/v1/admin/sites/demo/stats`, { headers: { authorization: 'Bearer console-token' } })
    ).json()
  ).events as number;
  await poll(() => ui().locator('#ingest-stats').textContent()).toBe(
    `Stored: ${(stored - 1).toLocaleString('en')} events + 1 with invalid fields, kept as nudge_error · refused, not stored: 1 · dropped by clients before sending: 2`,
  );
  const origins = ui().getByLabel('Allowed origins (one per line)');
  await poll(() => origins.inputValue()).toContain('http://localhost:5173');
  await origins.fill('https://shop.example\nnot a url');
  // a background refresh (the errors badge loading) re-renders the view between typing and saving: what was typed is saved
  await rerender();
  await ui().getByRole('button', { name: 'Save origins' }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('allowedOrigins.1');
  await origins.fill('https://shop.example');
  await ui().getByRole('button', { name: 'Save origins' }).click();
  await poll(
    async () =>
      (
        await (
          await fetch(`${s.server.url}/v1/admin/sites/demo`, { headers: { authorization: 'Bearer console-token' } })
        ).json()
      ).site.allowedOrigins,
  ).toEqual(['https://shop.example']);
  await ui().getByRole('button', { name: 'New write key' }).click();
  await poll(() => ui().getByRole('status').last().textContent()).toMatch(/wk_[\w-]{20,}/);
  await ui().getByLabel('Site id').fill('second-shop');
  await ui().getByRole('button', { name: 'Create' }).click();
  await poll(() => ui().locator('header select').first().inputValue()).toBe('second-shop');
});

it('the Shop tab shows the figures beside the previous period, and a channel drills to its products', async () => {
  await ui().locator('header select').first().selectOption('demo');
  await ui().getByRole('button', { name: 'Shop', exact: true }).click();
  const visitors = ui().locator('.kpi', { has: s.page.getByRole('heading', { name: 'Visitors', exact: true }) });
  await poll(() => visitors.locator('strong').textContent()).toMatch(/^\d/);
  expect(await visitors.textContent()).toContain('previous:');
  await ui().getByRole('button', { name: 'Products bought via Direct' }).click();
  await poll(() => ui().getByRole('heading', { name: 'Products bought via Direct' }).count()).toBe(1);
});

it('the Alerts tab lists the built-in rules, switches one off, and opens an alert’s page', async () => {
  await ui().getByRole('button', { name: 'Alerts', exact: true }).click();
  const srm = ui().getByRole('checkbox', { name: 'On: Sample ratio mismatch in a running experiment' });
  await poll(() => srm.isChecked()).toBe(true);
  await srm.uncheck();
  await poll(async () => {
    const r = await fetch(`${s.server.url}/v1/admin/sites/demo/alerts`, {
      headers: { authorization: 'Bearer console-token' },
    });
    return ((await r.json()) as { rules: { id: string; enabled: boolean }[] }).rules.find((x) => x.id === 'srm')!
      .enabled;
  }).toBe(false);
  await ui().getByRole('button', { name: 'Conversion 20% below expected' }).click();
  await poll(() => ui().getByRole('heading', { name: 'Conversion 20% below expected' }).count()).toBe(1);
  expect(await ui().getByText('Nothing has fired yet.').count()).toBe(1);
});

it('has no axe-core violations on the main views', async () => {
  // the seeded site, with its widgets, experiment results, errors and live events, not the empty site just created
  await ui().locator('header select').first().selectOption('demo');
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  await poll(() =>
    ui()
      .getByRole('heading', { name: /^buy-bar/ })
      .count(),
  ).toBe(1);
  const found: Record<string, string[]> = {};
  for (const tab of [
    'Shop',
    'Widgets',
    'Experiments',
    'Results',
    'Widgets & referrals',
    'Errors',
    'Alerts',
    'History',
    'Live events',
    'Site settings',
  ]) {
    // the Errors entry carries a count when the period has errors: "Errors, 2 in this period"
    await ui()
      .getByRole('button', { name: new RegExp(`^${tab}(,|$)`) })
      .click();
    await s.page.waitForTimeout(300);
    const violations = await axeViolations(s.page);
    if (violations.length) found[tab] = violations;
  }
  expect(found).toEqual({});
});

it('applies the traffic and weights that were entered, even after a background re-render', async () => {
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  const card = ui().locator('section', { hasText: 'buy-bar-color' });
  const dialog = ui().locator('dialog#confirm');
  const live = async () => (await (await fetch(`${s.server.url}/v1/config/demo`)).json()).experiments[0];
  await card.getByRole('slider').fill('40');
  await rerender();
  expect(await card.locator('output').textContent()).toBe('40%');
  await card.getByRole('button', { name: 'Apply traffic' }).click();
  await poll(() => dialog.textContent()).toContain('Set traffic of buy-bar-color to 40%?');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(async () => (await live()).traffic).toBe(0.4);
  await card.getByLabel('red', { exact: true }).fill('3');
  await card.getByLabel('red', { exact: true }).press('Tab');
  await rerender();
  expect(await card.getByLabel('red', { exact: true }).inputValue()).toBe('3');
  await card.getByRole('button', { name: 'Apply weights' }).click();
  await poll(() => dialog.textContent()).toContain('red=3');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await poll(async () =>
    Object.fromEntries((await live()).variants.map((v: { key: string; weight: number }) => [v.key, v.weight])),
  ).toEqual({ red: 3, blue: 0.5 });
  // everyone was exposed at 50/50 before the change and keeps their colour: no sample ratio mismatch
  await ui().getByRole('button', { name: 'Results' }).click();
  await ui().getByLabel('Experiment').selectOption('buy-bar-color');
  const answered = s.page.waitForResponse(/reports\/experiments\/buy-bar-color/);
  await ui().getByRole('button', { name: 'Refresh' }).click();
  await answered;
  await rerender();
  await poll(() => ui().locator('.sentences').textContent()).toContain('blue loses to red');
  expect(await ui().locator('.srm').count()).toBe(0);
});

it('has no axe-core violations with a dialog open, a JSON editor, a diff, in Chinese, and on the sign-in screen', async () => {
  const found: Record<string, string[]> = {};
  const check = async (state: string) => {
    await s.page.waitForTimeout(300);
    const violations = await axeViolations(s.page);
    if (violations.length) found[state] = violations;
  };
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  const coupon = ui().locator('section', { has: s.page.getByRole('heading', { name: /^welcome-coupon/ }) });
  await coupon.getByRole('button', { name: 'Raw JSON' }).click();
  await poll(() => coupon.locator('textarea').count()).toBe(1);
  await check('widget as raw JSON');
  await ui().getByRole('button', { name: 'Experiments', exact: true }).click();
  await ui()
    .locator('section', { hasText: 'buy-bar-color' })
    .getByRole('button', { name: /^(Pause|Start)$/ })
    .click();
  await poll(() => ui().locator('dialog#confirm[open]').count()).toBe(1);
  await check('confirmation dialog');
  await ui().locator('dialog#confirm').getByRole('button', { name: 'Cancel' }).click();
  await ui().getByRole('button', { name: 'History', exact: true }).click();
  await ui().getByRole('button', { name: 'Diff' }).first().click();
  await poll(() => ui().locator('pre').count()).toBe(1);
  await check('history with a diff');
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const tabs = ui().getByRole('navigation', { name: '栏目' }).getByRole('button');
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await check(`zh-CN: ${await tabs.nth(i).textContent()}`);
  }
  // the sampled web vitals and the ingest counts, in Chinese
  await tabs.getByText('结果', { exact: true }).click();
  const vitalsRows = ui()
    .locator('section', { has: s.page.getByRole('heading', { name: '网页指标（p75）' }) })
    .locator('tbody tr');
  await poll(() => vitalsRows.allTextContents()).toEqual([
    expect.stringMatching(/^blue20 （约 200 次页面浏览，采样率 10%）\d+/),
    expect.stringMatching(/^red20 （约 200 次页面浏览，采样率 10%）\d+/),
  ]);
  await tabs.getByText('站点设置', { exact: true }).click();
  await poll(() => ui().locator('#ingest-stats').textContent()).toMatch(
    /^已存储：[\d,]+ 个事件 \+ 1 个字段无效的事件（存为 nudge_error）· 被拒且未存储：1 · 客户端发送前丢弃：2$/,
  );
  await ui().getByLabel('Language / 语言').selectOption('en');
  await ui().getByRole('button', { name: 'Sign out' }).click();
  await ui().getByLabel('Admin token').fill('wrong');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('not accepted');
  await check('sign-in with an error');
  expect(found).toEqual({});
});

it('previews a variant that turns a widget off as what its visitors get: nothing, said in words', async () => {
  const auth = { authorization: 'Bearer console-token', 'content-type': 'application/json' };
  const { config } = await (await fetch(`${s.server.url}/v1/admin/sites/demo/config`, { headers: auth })).json();
  config.experiments.find((e: { key: string }) => e.key === 'coupon-threshold').variants[1].patch[
    'welcome-coupon'
  ].enabled = false;
  expect(
    (
      await fetch(`${s.server.url}/v1/admin/sites/demo/config`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ config, message: 'e2e: variant off' }),
      })
    ).status,
  ).toBe(200);
  await s.page.reload();
  // signed out by the test before: sign in again (the console loads the config in force)
  if (await ui().getByLabel('Admin token').count()) {
    await ui().getByLabel('Admin token').fill('console-token');
    await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  }
  // signed in once the header has its site picker (before, its only select is the language)
  await poll(() => ui().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await ui().locator('header select').first().selectOption('demo');
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  await poll(() =>
    ui()
      .getByRole('heading', { name: /^welcome-coupon/ })
      .count(),
  ).toBe(1);
  const frame = s.page.frameLocator('iframe[data-preview="welcome-coupon"]');
  await poll(() => frame.locator('nudge-coupon-popup').count()).toBe(1);
  await ui().locator('label', { hasText: 'coupon-threshold' }).locator('select').selectOption('spend150-save30');
  await poll(() => frame.locator('.caption').textContent()).toBe(
    'This variant turns the widget off: its visitors do not see it.',
  );
  expect(await frame.locator('nudge-coupon-popup').count()).toBe(0);
  await ui().locator('label', { hasText: 'coupon-threshold' }).locator('select').selectOption('spend100-save20');
  await poll(() => frame.locator('nudge-coupon-popup').count()).toBe(1);
});

it('uses the browser’s own calendar days: Los Angeles sends its local midnights and names its zone', async () => {
  const context = await s.browser.newContext({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });
  try {
    const page = await context.newPage();
    const la = page.locator('nudge-console');
    await page.goto(`${s.server.url}/console/`);
    await la.getByLabel('Admin token').fill('console-token');
    await la.getByRole('button', { name: 'Sign in with the token' }).click();
    await poll(() => la.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await la.locator('header select').first().selectOption('demo');
    await la.getByRole('button', { name: 'Results' }).click();
    // the default To is today in Los Angeles, not the UTC date
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    expect(await la.getByLabel('To', { exact: true }).inputValue()).toBe(today);
    await poll(() =>
      la.getByText('Days run from midnight to midnight in your time zone (America/Los_Angeles).').count(),
    ).toBe(1);
    await la.getByLabel('From', { exact: true }).fill('2026-11-21');
    await la.getByLabel('To', { exact: true }).fill('2026-11-21');
    const request = page.waitForRequest(/reports\/experiments\//);
    await la.getByRole('button', { name: 'Refresh' }).click();
    const url = new URL((await request).url());
    expect([url.searchParams.get('from'), url.searchParams.get('to'), url.searchParams.get('tz')]).toEqual([
      '2026-11-21T08:00:00.000Z',
      '2026-11-22T07:59:59.999Z',
      'America/Los_Angeles',
    ]);
  } finally {
    await context.close();
  }
});

it("keeps the other widgets' unsaved edits when one is published or switched, and marks a draft the new version differs from", async () => {
  const coupon = card('welcome-coupon');
  const heading = coupon.getByLabel('Heading', { exact: true });
  const before = (await liveConfig()).widgets.find((w) => w.id === 'welcome-coupon')!.props.heading;
  await heading.fill('A gift for you');
  await heading.press('Tab');
  await poll(() => coupon.getByText('Unsaved changes').count()).toBe(1);
  expect(await axeViolations(s.page)).toEqual([]);
  // switching another widget publishes; the coupon's draft stays, still unsaved
  const bar = card('buy-bar').getByRole('switch');
  const wasOn = (await bar.getAttribute('aria-checked')) === 'true';
  await bar.click();
  await ui().locator('dialog#confirm').getByRole('button', { name: 'Confirm' }).click();
  await poll(async () => (await liveConfig()).widgets.find((w) => w.id === 'buy-bar')!.enabled).toBe(!wasOn);
  await poll(() => bar.getAttribute('aria-checked')).toBe(String(!wasOn));
  expect(await heading.inputValue()).toBe('A gift for you');
  expect(await coupon.getByText('Unsaved changes').count()).toBe(1);
  // publishing the coupon publishes its draft and drops it; a buy-bar draft made meanwhile stays
  const color = card('buy-bar').getByLabel('Button colour', { exact: true });
  await color.fill('#123456');
  await color.press('Tab');
  await coupon.getByRole('button', { name: 'Publish' }).click();
  await poll(async () => (await liveConfig()).widgets.find((w) => w.id === 'welcome-coupon')!.props.heading).toBe(
    'A gift for you',
  );
  await poll(() => coupon.getByText('Unsaved changes').count()).toBe(0);
  expect(await color.inputValue()).toBe('#123456');
  expect(await card('buy-bar').getByText('Unsaved changes').count()).toBe(1);
  // a new draft, then Undo brings back the coupon as it was: the draft conflicts with it, is kept and marked unsaved
  await heading.fill('Second try');
  await heading.press('Tab');
  await ui().getByRole('button', { name: 'Undo' }).click();
  await poll(async () => (await liveConfig()).widgets.find((w) => w.id === 'welcome-coupon')!.props.heading).toBe(
    before,
  );
  await poll(() => ui().getByRole('status').textContent()).toContain('Rolled back');
  expect(await heading.inputValue()).toBe('Second try');
  expect(await coupon.getByText('Unsaved changes').count()).toBe(1);
  for (const id of ['welcome-coupon', 'buy-bar'])
    await card(id).getByRole('button', { name: 'Discard changes' }).click();
  await poll(() => color.inputValue()).not.toBe('#123456');
  expect(await heading.inputValue()).toBe(before ?? '');
});

it("shows only the newest error: a JSON syntax error does not repeat the previous attempt's field errors", async () => {
  const bar = card('buy-bar');
  await bar.getByRole('button', { name: 'Raw JSON' }).click();
  const json = bar.locator('textarea');
  await json.fill('{ "position": "middle", "color": "not a colour" }');
  await bar.getByRole('button', { name: 'Publish' }).click();
  const alert = ui().locator('.notice[role="alert"]');
  await poll(() => alert.locator('li').count()).toBe(2);
  expect(await alert.textContent()).toContain('position');
  await json.fill('{ "position": ');
  await bar.getByRole('button', { name: 'Publish' }).click();
  await poll(() => alert.textContent()).toContain('This is not valid JSON');
  expect(await alert.locator('li').count()).toBe(0);
  expect(await alert.textContent()).not.toContain('position');
  await bar.getByRole('button', { name: 'Discard changes' }).click();
  await bar.getByRole('button', { name: 'Form' }).click();
});

it('keeps the sign-in through a server outage, with a retry; a session refused mid-way returns to sign-in saying so', async () => {
  // the session lives in the server's httpOnly cookie: nothing secret in the page's storage
  const token = async () =>
    (await s.page.context().cookies()).find((c) => c.name === 'nudge_session')?.httpOnly ?? null;
  expect(await s.page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(
    'console-token',
  );
  await s.page.route('**/v1/admin/**', (r) => r.abort('connectionrefused'));
  await s.page.reload();
  await poll(() => ui().getByRole('heading', { name: 'Cannot reach the Nudge server' }).count()).toBe(1);
  expect(await token()).toBe(true);
  expect(await ui().getByLabel('Admin token').count()).toBe(0);
  expect(await axeViolations(s.page)).toEqual([]);
  // still down: trying again keeps the token and the retry
  await ui().getByRole('button', { name: 'Try again' }).click();
  await s.page.waitForTimeout(300);
  await poll(() => ui().getByRole('button', { name: 'Try again' }).count()).toBe(1);
  expect(await token()).toBe(true);
  await s.page.unroute('**/v1/admin/**');
  await ui().getByRole('button', { name: 'Try again' }).click();
  await poll(() => ui().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  await poll(() => focused()).toBe('H1 Nudge console');
  // down while signed in: an action says the server cannot be reached, and the console stays signed in
  await s.page.route('**/v1/admin/**', (r) => r.abort('connectionrefused'));
  await ui().getByRole('button', { name: 'Widgets', exact: true }).click();
  await card('buy-bar').getByRole('switch').click();
  await ui().locator('dialog#confirm').getByRole('button', { name: 'Confirm' }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('Cannot reach the Nudge server');
  expect(await ui().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  expect(await token()).toBe(true);
  await s.page.unroute('**/v1/admin/**');
  // the server stops accepting the token (restarted with another one)
  await s.page.route('**/v1/admin/**', (r) =>
    r.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'unauthorized', message: 'bad admin token' }),
    }),
  );
  await ui().getByRole('button', { name: 'History', exact: true }).click();
  await poll(() => ui().getByRole('alert').textContent()).toContain('your session has ended');
  expect(await ui().getByLabel('Admin token').count()).toBe(1);
  await poll(() => focused()).toBe('INPUT name=email');
  await s.page.unroute('**/v1/admin/**');
  await ui().getByLabel('Admin token').fill('console-token');
  await ui().getByRole('button', { name: 'Sign in with the token' }).click();
  await poll(() => ui().getByRole('button', { name: 'Sign out' }).count()).toBe(1);
});

it('says statuses, table headers, history and shipping in Chinese', async () => {
  await ui().getByLabel('Language / 语言').selectOption('zh-CN');
  const nav = ui().getByRole('navigation', { name: '栏目' });
  await nav.getByRole('button', { name: '实验', exact: true }).click();
  const exp = ui().locator('section', { hasText: 'buy-bar-color' });
  await poll(() => exp.locator('.status').textContent()).toBe('已暂停');
  expect(await ui().locator('section', { hasText: 'coupon-threshold' }).locator('.status').textContent()).toBe(
    '运行中',
  );
  // shipping a variant is not publishing settings
  expect(await exp.getByRole('button', { name: '全量 red' }).count()).toBe(1);
  await nav.getByRole('button', { name: '组件', exact: true }).click();
  await poll(() => card('buy-bar').getByRole('button', { name: '发布' }).count()).toBe(1);
  await nav.getByRole('button', { name: '组件与推荐' }).click();
  await poll(() => ui().locator('thead th').first().textContent()).toBe('组件');
  await nav.getByRole('button', { name: '实时事件' }).click();
  await poll(() => ui().locator('thead th').last().textContent()).toBe('属性');
  await nav.getByRole('button', { name: '历史' }).click();
  const rows = ui().locator('tbody tr');
  await poll(() => rows.allTextContents()).toContainEqual(
    expect.stringMatching(/暂停实验 buy-bar-color.*实验 buy-bar-color 的状态：运行中 → 已暂停/),
  );
  const text = (await rows.allTextContents()).join('\n');
  expect(text).toMatch(/组件 buy-bar：(开|关).*组件 buy-bar 的开关：/);
  expect(text).not.toMatch(/experiments\.|widgets\.|pause experiment| -> /);
  await ui().getByLabel('Language / 语言').selectOption('en');
});
