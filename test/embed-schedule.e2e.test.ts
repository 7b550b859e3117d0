// Issue 15, schedules on a real server and the demo shop: a widget scheduled to start shortly appears on an open
// product page without a reload, hides at its end, and the server's history records its start and stop.
import { expect, it } from 'vitest';
import { publish, until, useShopStack, watchErrors } from './fixtures/embed/harness.js';

/** Seconds from the publish to the start, and the start to the end (the issue says a minute; 20 s keeps CI short). */
const DELAY_S = Number(process.env.NUDGE_E2E_SCHEDULE_DELAY_S ?? 20);
const WINDOW_S = Number(process.env.NUDGE_E2E_SCHEDULE_WINDOW_S ?? 15);

const s = useShopStack(async () => {
  // The popup would cover the page; keep it for the shopper who asks (exit intent only).
  await publish(s.stack.admin, (c) => {
    c.widgets.find((w: any) => w.id === 'welcome-coupon').trigger = { exitIntent: true };
  });
});

it(
  'a scheduled stock banner appears at its start and hides at its end on an open page; both are in the history',
  async () => {
    const start = Math.ceil((Date.now() + DELAY_S * 1000) / 1000) * 1000;
    const end = start + WINDOW_S * 1000;
    await publish(
      s.stack.admin,
      (c) => {
        c.timeZone = 'Asia/Shanghai';
        c.widgets.find((w: any) => w.id === 'stock').schedule = {
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
        };
      },
      'schedule the stock banner',
    );
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = await watchErrors(page);
    await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
    await page.evaluate(() => (window as any).nudge.ready());
    expect(await page.locator('nudge-stock-banner').count()).toBe(0);
    // Whether the banner is on the page, with when it changed (the page's own clock), and a mark a reload would lose.
    await page.evaluate(() => {
      const w = window as any;
      w.__mark = 'same page';
      w.__changes = [];
      w.__has = false;
      new MutationObserver(() => {
        const has = !!document.querySelector('nudge-stock-banner');
        if (w.__has !== has) w.__changes.push({ has, at: Date.now() });
        w.__has = has;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const changes = () => page.evaluate(() => (window as any).__changes as { has: boolean; at: number }[]);
    const shown = await until(
      async () => (await changes()).find((c) => c.has),
      DELAY_S * 1000 + 10_000,
      200,
      'the banner to appear',
    );
    expect(shown.at).toBeGreaterThanOrEqual(start);
    const slot = page.locator('[data-nudge-slot="stock-banner"]');
    const height = (await slot.boundingBox())?.height;
    const hidden = await until(
      async () => (await changes()).find((c) => !c.has && c.at > shown.at),
      WINDOW_S * 1000 + 10_000,
      200,
      'the banner to hide',
    );
    expect(hidden.at).toBeGreaterThanOrEqual(end);
    expect(await page.evaluate(() => (window as any).__mark)).toBe('same page');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    // The slot keeps its height while on screen: nothing below it moves.
    expect((await slot.boundingBox())?.height).toBe(height);
    console.log(
      `[schedule e2e] banner shown ${shown.at - start} ms after its start, hidden ${hidden.at - end} ms after its end`,
    );

    // The server looks every 15 s (default): both boundaries are in the history, once, at their real times.
    const entries = async () =>
      ((await s.stack.admin.get('/sites/demo/config/history')).history as any[]).filter((h) => h.author === 'schedule');
    const recorded = await until(
      async () => {
        const e = await entries();
        return e.length >= 2 && e;
      },
      30_000,
      500,
      'the start and stop in the history',
    );
    expect(recorded.map((h) => [h.action, h.createdAt])).toEqual([
      [{ type: 'schedule', target: 'widget', id: 'stock', state: 'stop' }, end],
      [{ type: 'schedule', target: 'widget', id: 'stock', state: 'start' }, start],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  },
  DELAY_S * 1000 + WINDOW_S * 1000 + 90_000,
);
