// Pages a merchant may have: a single-page app, a strict Content-Security-Policy, consent required before tracking.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import {
  embedDist,
  events,
  fixtureServer,
  nudgeServer,
  publish,
  until,
  watchErrors,
} from './fixtures/embed/harness.js';

const fixture = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'utf8');
let browser: Browser;
let stack: Awaited<ReturnType<typeof nudgeServer>>;
let fx: Awaited<ReturnType<typeof fixtureServer>>;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), nudgeServer()]);
  const endpoint = stack.server.url;
  const fill = (html: string, nonce = '') =>
    html
      .replaceAll('{{ENDPOINT}}', endpoint)
      .replaceAll('{{NOW}}', new Date().toISOString())
      .replaceAll('{{NONCE_ATTR}}', nonce ? `nonce="${nonce}"` : '');
  const js = (body: string) => ({ html: body, headers: { 'content-type': 'text/javascript' } });
  const strict = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ${endpoint}; object-src 'none'; base-uri 'none'`;
  const nonced = `default-src 'self'; script-src 'nonce-n0nce42'; style-src 'self'; connect-src 'self' ${endpoint}; object-src 'none'; base-uri 'none'`;
  fx = await fixtureServer(await embedDist(), {
    '/spa/': { html: fill(fixture('embed/spa.html')) },
    '/spa/product': { html: fill(fixture('embed/spa.html')) },
    '/spa/product-b': { html: fill(fixture('embed/spa.html')) },
    '/spa-app.js': js(fixture('embed/spa-app.js')),
    '/csp-watch.js': js(fixture('csp/csp-watch.js')),
    '/csp/strict': () => ({ html: fill(fixture('csp/strict.html')), csp: strict }),
    '/csp/nonce': () => ({
      html: fill(fixture('csp/strict.html'), 'n0nce42').replace(
        '<script src="/csp-watch.js">',
        '<script nonce="n0nce42" src="/csp-watch.js">',
      ),
      csp: nonced,
    }),
    '/consent': { html: fill(fixture('embed/consent.html')) },
    // The tag in <head>, the body a second later: nudge.js and its runtime arrive before the body is parsed.
    '/slow': () => ({ html: fill(fixture('csp/strict.html')), holdAt: { marker: '<body>', ms: 1000 } }),
  });
  await stack.allow(fx.url);
  // Auto-tracking switched on in config (the SPA page's tag has no data-track-* attributes).
  await publish(
    stack.admin,
    (c) => {
      c.tracking = { addToCart: '#add' };
    },
    'auto-track add to cart',
  );
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
  await stack?.server.close();
});

const anonymousIdOf = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id') ?? 'null')?.a as string | undefined);
const mine = async (page: Page) => {
  await page.evaluate(() => (window as any).nudge.flush());
  const id = await anonymousIdOf(page);
  return (await events(stack.admin, 500)).filter((e) => e.anonymousId === id).reverse();
};
/** This page's events once one named `name` has arrived (bounded wait). */
const mineWith = (page: Page, name: string) =>
  until(async () => {
    const e = await mine(page);
    return e.some((x) => x.name === name) ? e : undefined;
  });

describe('single-page app', () => {
  it('sends a page_view per route, reads the new product, mounts into the new slot and never twice', async () => {
    const page = await browser.newPage();
    const errors = await watchErrors(page);
    await page.goto(`${fx.url}/spa/`);
    await page.evaluate(() => (window as any).nudge.ready());
    expect(await page.locator('nudge-stock-banner').count()).toBe(0);
    await page.click('#to-product');
    await until(() =>
      page
        .locator('[data-nudge-slot] nudge-stock-banner')
        .count()
        .then((n) => n === 1),
    );
    await until(() => page.evaluate(() => (window as any).nudge.debug().product?.sku === 'SPA-1'));
    await page.click('#add');
    await page.click('#to-home');
    await until(() => page.evaluate(() => location.pathname === '/spa/'));
    await page.goBack();
    await until(() =>
      page
        .locator('nudge-stock-banner')
        .count()
        .then((n) => n === 1),
    );
    await page.waitForTimeout(200);
    expect(await page.locator('nudge-stock-banner').count()).toBe(1);
    const got = await until(async () => {
      const e = await mine(page);
      return e.filter((x) => x.name === 'page_view').length >= 4 ? e : undefined;
    });
    expect(got.filter((e) => e.name === 'page_view').map((e) => e.path)).toEqual([
      '/spa/',
      '/spa/product',
      '/spa/',
      '/spa/product',
    ]);
    expect(got.filter((e) => e.name === 'view_item').map((e) => e.props.items[0].item_id)).toEqual(['SPA-1', 'SPA-1']);
    expect(
      got.filter((e) => e.name === 'add_to_cart').map((e) => [e.props.source, e.props.items[0].item_id, e.props.value]),
    ).toEqual([['auto', 'SPA-1', 40]]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('strict Content-Security-Policy', () => {
  for (const [label, path] of [
    ["script-src 'self' (no unsafe-inline, no unsafe-eval)", '/csp/strict'],
    ["script-src 'nonce-…' only, nonce on the tag", '/csp/nonce'],
  ] as const) {
    it(`works under ${label} with zero violations`, async () => {
      const page = await browser.newPage();
      const errors = await watchErrors(page);
      const response = await page.goto(`${fx.url}${path}`);
      expect(response!.headers()['content-security-policy']).toContain('script-src');
      await page.evaluate(() => (window as any).nudge.ready());
      const banner = page.locator('[data-nudge-slot] nudge-stock-banner');
      await until(() =>
        banner.evaluate(
          (el) => (el.shadowRoot?.adoptedStyleSheets.length ?? 0) > 0 && /4/.test(el.shadowRoot?.textContent ?? ''),
        ),
      );
      expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
      const got = await mineWith(page, 'view_item');
      expect(got.find((e) => e.name === 'view_item')!.props.items[0].item_id).toBe('CSP-1');
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('a slow page', () => {
  it('reads the product and fills the slot from a body that arrives after the runtime', async () => {
    const page = await browser.newPage();
    const runtimeAt: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/nudge-runtime.js')) runtimeAt.push(Date.now());
    });
    const start = Date.now();
    await page.goto(`${fx.url}/slow`, { waitUntil: 'commit' });
    await page.evaluate(
      () =>
        new Promise((r) => {
          const w = window as any;
          if (w.nudge?.ready) r(w.nudge.ready());
          else addEventListener('DOMContentLoaded', () => r(w.nudge.ready()));
        }),
    );
    expect(runtimeAt[0]! - start).toBeLessThan(1000); // the runtime was there before the body (a precondition, not a timing goal)
    await until(() =>
      page
        .locator('[data-nudge-slot] nudge-stock-banner')
        .count()
        .then((n) => n === 1),
    );
    const got = await mineWith(page, 'view_item');
    expect(got.find((e) => e.name === 'view_item')!.props.items[0].item_id).toBe('CSP-1');
    await page.close();
  });
});

describe('single-page app that renders late', () => {
  it("reads the new route's product when it renders, never the old one under the new URL, and fills its slot", async () => {
    const page = await browser.newPage();
    const errors = await watchErrors(page);
    await page.goto(`${fx.url}/spa/product`);
    await page.evaluate(() => (window as any).nudge.ready());
    await until(() => page.evaluate(() => (window as any).nudge.debug().product?.sku === 'SPA-1'));
    // The next route renders 600 ms after its URL: far later than a fixed guess after pushState would wait.
    await page.evaluate(() => {
      (window as any).SPA_DELAY = 600;
    });
    await page.click('#to-product-b');
    await until(
      () => page.evaluate(() => (window as any).nudge.debug().product?.sku === 'SPA-2'),
      10_000,
      50,
      'the kettle read from the late route',
    );
    await until(
      () =>
        page
          .locator('[data-nudge-slot] nudge-stock-banner')
          .count()
          .then((n) => n === 1),
      10_000,
      50,
      "the new route's slot filled",
    );
    const got = await until(
      async () => {
        const e = await mine(page);
        return e.filter((x) => x.name === 'view_item').length >= 2 ? e : undefined;
      },
      10_000,
      100,
      'two view_item events',
    );
    expect(got.filter((e) => e.name === 'view_item').map((e) => [e.path, e.props.items[0].item_id])).toEqual([
      ['/spa/product', 'SPA-1'],
      ['/spa/product-b', 'SPA-2'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('consent required', () => {
  it('sends and stores nothing identifying until setConsent("granted"), then delivers', async () => {
    const page = await browser.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/events')) posts.push(r.method());
    });
    await page.goto(`${fx.url}/consent`);
    await page.evaluate(() => (window as any).nudge.ready());
    await page.evaluate(() => (window as any).nudge.track('before_consent', { n: 1 }));
    await page.evaluate(() => (window as any).nudge.flush());
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => /nudge_(id|sticky|exposed|visits)/.test(k))),
    ).toEqual([]);
    await page.evaluate(() => (window as any).nudge.setConsent('granted'));
    await page.evaluate(() => (window as any).nudge.track('after_consent', { n: 2 }));
    const got = await mineWith(page, 'after_consent');
    expect(posts.length).toBeGreaterThan(0);
    expect(got.map((e) => e.name)).toContain('after_consent');
    console.log(`consent: events delivered after grant: ${got.map((e) => e.name).join(', ')}`);
    await page.close();
  });
});
