// A returning browser whose cached config came from a server that was later reset (versions restart low): the new
// server's config, and its live pushes, still reach the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { launchChromium } from '../support/chromium.js';
import { embedDist, fixtureServer, nudgeServer, publish, until } from '../fixtures/embed/harness.js';

let browser: Browser;
let old: Awaited<ReturnType<typeof nudgeServer>>;
let fresh: Awaited<ReturnType<typeof nudgeServer>>;
let fx: Awaited<ReturnType<typeof fixtureServer>>;
let endpoint = '';

beforeAll(async () => {
  [browser, old, fresh] = await Promise.all([launchChromium(), nudgeServer(), nudgeServer()]);
  // The page is the same shop; its tag points at whichever server is current.
  fx = await fixtureServer(await embedDist(), {
    '/shop': () => ({
      html: `<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${endpoint}"></script></body></html>`,
    }),
  });
  await Promise.all([old.allow(fx.url), fresh.allow(fx.url)]);
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
  await old?.server.close();
  await fresh?.server.close();
});

describe('config after a server reset', () => {
  it("a cached document with a higher version does not shut out the new server's publishes", async () => {
    // The old server has been in use for a while: its version is well ahead of a fresh one's.
    for (let i = 0; i < 5; i++)
      await publish(
        old.admin,
        (c) => {
          c.currency = 'USD';
        },
        `old ${i}`,
      );
    const oldVersion = (await old.admin.get('/sites/demo/config')).config.version as number;
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    endpoint = old.server.url;
    await page.goto(`${fx.url}/shop`);
    await page.evaluate(() => (window as any).nudge.ready());
    expect(await page.evaluate(() => (window as any).nudge.debug().configVersion)).toBe(oldVersion);

    // Reset: the shop now talks to a fresh server whose versions start again (published later in time).
    const freshVersion = await publish(
      fresh.admin,
      (c) => {
        c.locale = 'en';
      },
      'fresh start',
    );
    expect(freshVersion).toBeLessThan(oldVersion);
    endpoint = fresh.server.url;
    await page.goto(`${fx.url}/shop`);
    await page.evaluate(() => (window as any).nudge.ready());
    await until(
      async () => (await page.evaluate(() => (window as any).nudge.debug().configVersion)) === freshVersion,
      10_000,
      100,
      `the fresh server's v${freshVersion}`,
    );
    // And its live pushes reach the open page.
    const next = await publish(
      fresh.admin,
      (c) => {
        c.widgets.find((w: any) => w.id === 'stock').enabled = false;
      },
      'toggle',
    );
    await until(
      async () => (await page.evaluate(() => (window as any).nudge.debug().configVersion)) === next,
      10_000,
      50,
      `the pushed v${next}`,
    );
    await ctx.close();
  });
});
