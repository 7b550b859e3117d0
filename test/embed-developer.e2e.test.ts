// The developer path: components and createNudge imported as ESM into an app served by Vite, against a real server.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { events, nudgeServer, until, watchErrors } from './fixtures/embed/harness.js';

let browser: Browser;
let stack: Awaited<ReturnType<typeof nudgeServer>>;
let vite: ViteDevServer;
let appUrl: string;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), nudgeServer()]);
  vite = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('./fixtures/embed/dev/', import.meta.url)),
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  appUrl = vite.resolvedUrls!.local[0]!.replace(/\/$/, '');
  await stack.allow(new URL(appUrl).origin);
});
afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await stack?.server.close();
});

describe('developer path: ESM imports in a Vite app', () => {
  it('standalone and connected widgets render; the connected ones get config props, variants and the product', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = await watchErrors(page);
    await page.goto(`${appUrl}/?endpoint=${encodeURIComponent(stack.server.url)}`);
    await page.waitForFunction(() => (window as any).devReady === true, undefined, { timeout: 30_000 });
    // Standalone: attributes only, its own locale.
    await until(() =>
      page
        .locator('#standalone')
        .evaluate((el) => /3/.test(el.shadowRoot?.textContent ?? '') && /件/.test(el.shadowRoot?.textContent ?? '')),
    );
    // Connected: figures from setProduct(), config props (threshold 10) from the server.
    await until(() => page.locator('#connected').evaluate((el) => /2/.test(el.shadowRoot?.textContent ?? '')), 15_000);
    const variant = await until(() =>
      page.evaluate(() => (window as any).devNudge.variant('buy-bar-color') as string | null),
    );
    const colour = { red: '#d92d20', blue: '#1d4ed8' }[variant as 'red' | 'blue'];
    expect(await page.locator('nudge-buy-bar').evaluate((el: any) => el.color)).toBe(colour);
    await page.evaluate(() => window.scrollTo(0, 1200));
    await until(() => page.locator('nudge-buy-bar').getByRole('button').isVisible());
    await page.evaluate(() => (window as any).devNudge.flush());
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(async () => {
      const e = (await events(stack.admin, 300)).filter((x) => x.anonymousId === id);
      return e.some((x) => x.name === 'experiment_exposure' && x.props.experiment === 'buy-bar-color') ? e : undefined;
    });
    expect(
      got.find((e) => e.name === 'experiment_exposure' && e.props.experiment === 'buy-bar-color')!.props.variant,
    ).toBe(variant);
    expect(errors).toEqual([]);
    await page.close();
  });
});
