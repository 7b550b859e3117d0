// Auto-tracking through the built tag and a real server: a click made before Nudge is ready is recorded by the stub
// and counted once when the runtime arrives (selectors from the tag or only from the server's config), or, when the
// click leaves the page first, once by the next page; a page with no selectors never fetches the auto-tracking chunk.
import type { Page, Route } from 'playwright';
import { describe, expect, it } from 'vitest';
import { STUB_SNIPPET } from '@nudge/embed';
import {
  embedDist,
  events,
  fixtureServer,
  publish,
  until,
  useShopStack,
  watchErrors,
} from './fixtures/embed/harness.js';

const s = useShopStack(async () => {
  // The popup would cover the buttons; keep it for exit intent only.
  await publish(s.stack.admin, (c) => {
    c.widgets.find((w: any) => w.id === 'welcome-coupon').trigger = { exitIntent: true };
  });
});

const RUNTIME_DELAY_MS = 1000;
/**
 * Holds nudge-runtime.js back, as a slow CDN would: at least RUNTIME_DELAY_MS, and until `clicked()` is called, so
 * the spec's click is sure to come before Nudge is ready however busy the machine is.
 */
const delayRuntime = async (page: Page) => {
  let clicked!: () => void;
  const click = new Promise<void>((r) => {
    clicked = r;
  });
  await page.route('**/nudge/nudge-runtime.js', async (route: Route) => {
    await Promise.all([click, new Promise((r) => setTimeout(r, RUNTIME_DELAY_MS))]);
    await route.continue();
  });
  return clicked;
};
/**
 * The first page's nudge-runtime.js never arrives (a slow CDN); later pages' load at once. Call the returned release()
 * once the page has gone: the held request is then aborted (before, its failure would be the page's console error).
 */
const holdFirstRuntime = async (page: Page) => {
  let held = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  await page.route('**/nudge/nudge-runtime.js', async (route: Route) => {
    if (held++) return route.continue();
    await released;
    await route.abort().catch(() => {});
  });
  return { release, requests: () => held };
};
/** The files of the tag a page fetched (paths under /nudge/). */
const nudgeFiles = (page: Page) => {
  const files: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/nudge/')) files.push(new URL(r.url()).pathname);
  });
  return files;
};
const notReady = (page: Page) => page.evaluate(() => !(window as any).nudge?.loaded);
const anonymousIdOf = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
const mine = async (id: string, name: string) =>
  (await events(s.stack.admin, 500)).filter((e) => e.anonymousId === id && e.name === name);

describe('auto-tracking a click made before Nudge is ready', () => {
  it('demo cart: the checkout click (tag selector, inline stub) is sent once, with the cart, after the runtime arrives', async () => {
    const ctx = await s.browser.newContext();
    const page = await ctx.newPage();
    const errors = await watchErrors(page);
    const files = nudgeFiles(page);
    const clicked = await delayRuntime(page);
    await page.addInitScript(() => {
      if (!localStorage.getItem('demo-cart'))
        localStorage.setItem(
          'demo-cart',
          JSON.stringify([
            { sku: 'TEA-OOL-150', slug: 'tieguanyin-oolong', name: 'Tieguanyin', price: 32, quantity: 2 },
          ]),
        );
    });
    // The checkout link navigates: a checkout page that is slow to answer keeps the cart page (and its recorded
    // click) alive until the runtime has arrived, as on a busy shop.
    let releaseCheckout!: () => void;
    const checkoutHeld = new Promise<void>((r) => {
      releaseCheckout = r;
    });
    await page.route('**/en/checkout', async (route) => {
      await checkoutHeld;
      await route.continue();
    });
    await page.goto(`${s.shop.url}/en/cart`, { waitUntil: 'domcontentloaded' });
    expect(await notReady(page)).toBe(true);
    // The cart page itself sends the replayed event (its tracker's next batch), while the checkout page is held.
    const sentFromCart = page.waitForRequest(
      (r) => r.url().includes('/v1/events') && (r.postData() ?? '').includes('"begin_checkout"'),
      { timeout: 10_000 },
    );
    // (Playwright holds page.evaluate while a navigation is pending, so the cart page is not asked anything more.)
    await page.click('#checkout-button', { noWaitAfter: true });
    clicked();
    await sentFromCart;
    releaseCheckout();
    await page.waitForURL('**/en/checkout');
    await page.evaluate(() => (window as any).nudge.ready());
    await page.evaluate(() => (window as any).nudge.flush());
    const id = await anonymousIdOf(page);
    const sent = await until(
      async () => {
        const e = await mine(id, 'begin_checkout');
        return e.length ? e : undefined;
      },
      10_000,
      100,
      'the replayed begin_checkout',
    );
    // A second look after everything was flushed: still exactly one.
    await page.evaluate(() => (window as any).nudge.flush());
    expect(await mine(id, 'begin_checkout')).toHaveLength(1);
    expect(sent[0]!.path).toBe('/en/cart');
    expect(sent[0]!.props).toMatchObject({
      source: 'auto',
      value: 64,
      currency: 'USD',
      items: [{ item_id: 'TEA-OOL-150', quantity: 2 }],
    });
    // Replayed, not seen live (how long after the click depends on when the held request started: not asserted).
    expect(sent[0]!.props.replay_delay_ms).toBeGreaterThanOrEqual(0);
    // auto-tracking ships in the page file (with the product reader and the mounter)
    expect(files.some((f) => /\/chunks\/nudge-page-[^/]+\.js$/.test(f))).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('demo cart: a checkout click that leaves the page before the runtime arrives is sent once by the checkout page', async () => {
    const ctx = await s.browser.newContext();
    const page = await ctx.newPage();
    const errors = await watchErrors(page);
    await page.addInitScript(() => {
      if (!localStorage.getItem('demo-cart'))
        localStorage.setItem(
          'demo-cart',
          JSON.stringify([
            { sku: 'TEA-OOL-150', slug: 'tieguanyin-oolong', name: 'Tieguanyin', price: 32, quantity: 2 },
          ]),
        );
    });
    // The cart page's runtime never arrives (a slow CDN); the checkout page's loads at once.
    const held = await holdFirstRuntime(page);
    await page.goto(`${s.shop.url}/en/cart`, { waitUntil: 'domcontentloaded' });
    // nudge.js has run (the inline stub alone keeps no click past the page).
    await page.waitForFunction(() => (window as any).nudge?.loading);
    await page.click('#checkout-button');
    await page.waitForURL('**/en/checkout');
    held.release();
    await page.evaluate(() => (window as any).nudge.ready());
    const id = await anonymousIdOf(page);
    const sent = await until(
      async () => {
        await page.evaluate(() => (window as any).nudge.flush());
        const e = await mine(id, 'begin_checkout');
        return e.length ? e : undefined;
      },
      10_000,
      100,
      'the begin_checkout the cart page left',
    );
    // Read once: a second flush and a reload of the checkout page send no other.
    await page.reload();
    await page.evaluate(() => (window as any).nudge.ready());
    await page.evaluate(() => (window as any).nudge.flush());
    expect(await mine(id, 'begin_checkout')).toHaveLength(1);
    expect(held.requests()).toBeGreaterThanOrEqual(2);
    expect(sent[0]!.path).toBe('/en/checkout');
    expect(sent[0]!.props).toMatchObject({
      source: 'auto',
      replayed_from: '/en/cart',
      value: 64,
      currency: 'USD',
      items: [{ item_id: 'TEA-OOL-150', quantity: 2 }],
    });
    expect(sent[0]!.props.replay_delay_ms).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('nudge_left:')))).toEqual(
      [],
    );
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('data-consent="required": a click that leaves the page is not stored; the same page without it stores one', async () => {
    const dist = await embedDist();
    const cart = (consent: string) => ({
      html: `<!doctype html><html lang="en"><body><main><h1>Cart</h1><a id="checkout-button" href="/next"><span>Checkout</span></a></main>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${s.stack.server.url}" data-track-checkout="#checkout-button"${consent}></script></body></html>`,
    });
    const fx = await fixtureServer(dist, {
      '/required': cart(' data-consent="required"'),
      '/granted': cart(''),
      // No tag here: nothing on this page reads (and clears) what the cart page left.
      '/next': { html: '<!doctype html><html lang="en"><body><main><h1>Next</h1></main></body></html>' },
    });
    const left = async (path: string) => {
      const page = await s.browser.newPage();
      // The runtime never arrives: only nudge.js runs on the cart page.
      await page.route('**/nudge/nudge-runtime.js', () => {});
      await page.goto(`${fx.url}${path}`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => (window as any).nudge?.loading);
      await page.click('#checkout-button span');
      await page.waitForURL('**/next');
      const kept = await page.evaluate(() => Object.entries(sessionStorage));
      await page.close();
      return kept;
    };
    expect(await left('/required')).toEqual([]);
    const granted = await left('/granted');
    expect(granted.map(([k]) => k)).toEqual(['nudge_left:demo']);
    expect(JSON.parse(granted[0]![1])).toEqual([[1, expect.any(Number), '/granted']]);
    await fx.close();
  });

  it('a page with no selectors (tag or config) never fetches the auto-tracking chunk, and its recorder lets go', async () => {
    const dist = await embedDist();
    const fx = await fixtureServer(dist, {
      // The inline stub is kept as window.__stub so the spec can see its recorder after the API has replaced it.
      '/plain': {
        html: `<!doctype html><html lang="en"><body><main><h1>Plain</h1><button id="checkout-button">Checkout</button></main>
<script>${STUB_SNIPPET} window.__stub = nudge;</script>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${s.stack.server.url}"></script></body></html>`,
      },
    });
    await s.stack.allow(fx.url);
    const page = await s.browser.newPage();
    const files = nudgeFiles(page);
    const clicked = await delayRuntime(page);
    await page.goto(`${fx.url}/plain`, { waitUntil: 'domcontentloaded' });
    await page.click('#checkout-button');
    expect(await page.evaluate(() => (window as any).__stub.c.length)).toBe(1);
    clicked();
    await page.evaluate(() => (window as any).nudge.ready());
    // The first config set no selector: the recorded click was let go and the recorder listens no more.
    expect(await page.evaluate(() => (window as any).__stub.c.length)).toBe(0);
    await page.click('#checkout-button');
    expect(await page.evaluate(() => (window as any).__stub.c.length)).toBe(0);
    await page.evaluate(() => (window as any).nudge.flush());
    expect(files).toContain('/nudge/nudge-runtime.js');
    expect(files.filter((f) => f.includes('autotrack'))).toEqual([]);
    expect(await mine(await anonymousIdOf(page), 'begin_checkout')).toEqual([]);
    await page.close();
    await fx.close();
  });

  it('selector only in the server config: the early click (recorded by nudge.js) is replayed once, later clicks are live', async () => {
    // Last in this file: the published tracking block applies to every later page of the site.
    await publish(
      s.stack.admin,
      (c) => {
        c.tracking = { beginCheckout: '#pay' };
      },
      'auto-track checkout',
    );
    const dist = await embedDist();
    const fx = await fixtureServer(dist, {
      '/pay': {
        html: `<!doctype html><html lang="en"><body><main><h1>Pay</h1><button id="pay"><span>Pay now</span></button></main>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${s.stack.server.url}"></script></body></html>`,
      },
    });
    await s.stack.allow(fx.url);
    const page = await s.browser.newPage();
    const errors = await watchErrors(page);
    const clicked = await delayRuntime(page);
    await page.goto(`${fx.url}/pay`, { waitUntil: 'domcontentloaded' });
    // No inline snippet here: nudge.js itself installs the recorder.
    await page.waitForFunction(() => Array.isArray((window as any).nudge?.c));
    await page.click('#pay span');
    expect(await notReady(page)).toBe(true);
    clicked();
    await page.evaluate(() => (window as any).nudge.ready());
    // ready() waits for the config; the chunk that replays may still be on its way.
    const id = await anonymousIdOf(page);
    await until(
      async () => {
        await page.evaluate(() => (window as any).nudge.flush());
        return (await mine(id, 'begin_checkout')).length > 0;
      },
      10_000,
      100,
      'the replayed begin_checkout',
    );
    await page.click('#pay');
    await page.evaluate(() => (window as any).nudge.flush());
    const sent = await until(
      async () => {
        const e = await mine(id, 'begin_checkout');
        return e.length >= 2 ? e : undefined;
      },
      10_000,
      100,
      'the live begin_checkout',
    );
    await page.evaluate(() => (window as any).nudge.flush());
    expect(await mine(id, 'begin_checkout')).toHaveLength(2);
    const replayed = sent.filter((e) => 'replay_delay_ms' in e.props);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]!.props).toMatchObject({ source: 'auto', items: [] });
    expect(errors).toEqual([]);
    await page.close();
    await fx.close();
  });
});

describe('calls queued before Nudge is ready', () => {
  it('a purchase queued on a thank-you page that is left before the runtime arrives is sent once by the next page', async () => {
    const ctx = await s.browser.newContext();
    const page = await ctx.newPage();
    const errors = await watchErrors(page);
    const thanks = await fetch(`${s.shop.url}/en/order`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        name: 'Ann',
        email: 'ann@example.com',
        items: JSON.stringify([{ sku: 'TEA-JAS-100', quantity: 1 }]),
      }),
    }).then((r) => r.headers.get('location')!);
    const order = new URL(thanks, s.shop.url).searchParams.get('order')!;
    // The thank-you page's runtime never arrives (a slow CDN); the next page's loads at once.
    const held = await holdFirstRuntime(page);
    await page.goto(`${s.shop.url}${thanks}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (window as any).nudge?.loading);
    expect(await notReady(page)).toBe(true);
    await page.goto(`${s.shop.url}/en/`);
    held.release();
    await page.evaluate(() => (window as any).nudge.ready());
    const id = await anonymousIdOf(page);
    const sent = await until(
      async () => {
        await page.evaluate(() => (window as any).nudge.flush());
        const e = (await mine(id, 'purchase')).filter((p) => p.props.transaction_id === order);
        return e.length ? e : undefined;
      },
      10_000,
      100,
      'the purchase the thank-you page left',
    );
    expect(sent[0]!.props).toMatchObject({
      value: 24,
      currency: 'USD',
      replayed_from: '/en/thanks',
      items: [{ item_id: 'TEA-JAS-100' }],
    });
    expect(sent[0]!.props.replay_delay_ms).toBeGreaterThanOrEqual(0);
    // Read once: another page sends it no more.
    await page.goto(`${s.shop.url}/en/cart`);
    await page.evaluate(() => (window as any).nudge.ready().then((n: any) => n.flush()));
    expect((await mine(id, 'purchase')).filter((p) => p.props.transaction_id === order)).toHaveLength(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nudge_calls:')))).toEqual(
      [],
    );
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
