// The merchant's path end to end: the demo shop with only the script tag, config and events through a real server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  // The seeded popup waits 4 s or exit intent; the specs do not.
  await publish(s.stack.admin, (c) => {
    c.widgets.find((w: any) => w.id === 'welcome-coupon').trigger = { delayMs: 100 };
  });
});

const seen = async (anonymousId: string) =>
  (await events(s.stack.admin, 500)).filter((e) => e.anonymousId === anonymousId);

describe('merchant path: one script tag', () => {
  it('product page: config from the server mounts the widgets, product context comes from JSON-LD, events carry variants', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = await watchErrors(page);
    await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
    await page.evaluate(() => (window as any).nudge.ready());
    const info = await page.evaluate(() => (window as any).nudge.debug());
    expect(info.configVersion).toBeGreaterThanOrEqual(2);
    expect(info.mounted.map((m: any) => m.id).sort()).toEqual(['buy-bar', 'stock', 'welcome-coupon']);
    expect(info.product).toMatchObject({
      sku: 'TEA-OOL-150',
      price: 32,
      currency: 'USD',
      stock: { remaining: 6, sold: 23, soldWindowHours: 24, source: 'json-ld' },
    });
    // The stock banner sits in the page's slot and shows the real figure.
    await until(() =>
      page
        .locator('[data-nudge-slot="stock-banner"] nudge-stock-banner')
        .evaluate((el) => el.shadowRoot?.textContent?.includes('6') ?? false),
    );
    await page
      .locator('nudge-coupon-popup')
      .evaluate(
        (el) =>
          new Promise((r) =>
            el.shadowRoot?.querySelector('dialog[open]') ? r(1) : el.addEventListener('nudge-show', r, { once: true }),
          ),
      );
    const variant = await page.evaluate(() => (window as any).nudge.variant('coupon-threshold'));
    expect(['spend100-save20', 'spend150-save30']).toContain(variant);
    await page.evaluate(() => (window as any).nudge.flush());
    const anonymousId = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(async () => {
      const e = await seen(anonymousId);
      return e.some((x) => x.name === 'experiment_exposure') && e.some((x) => x.name === 'view_item') ? e : undefined;
    });
    const names = got.map((e) => e.name);
    expect(names).toContain('page_view');
    expect(got.find((e) => e.name === 'view_item')!.props).toMatchObject({
      currency: 'USD',
      value: 32,
      items: [{ item_id: 'TEA-OOL-150', price: 32 }],
    });
    const exposure = got.find((e) => e.name === 'experiment_exposure' && e.props.experiment === 'coupon-threshold')!;
    expect(exposure.props.variant).toBe(variant);
    expect(
      got.find((e) => e.name === 'view_promotion' && e.props.promotion_id === 'welcome-coupon')!.experiments[
        'coupon-threshold'
      ],
    ).toBe(variant);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('calls queued before the tag loads are replayed; a second copy of the tag changes nothing', async () => {
    const dist = await embedDist();
    const { STUB_SNIPPET } = await import('@nudge/embed');
    const tag = `<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${s.stack.server.url}"></script>`;
    const fx = await fixtureServer(dist, {
      '/twice': {
        html: `<!doctype html><html lang="en"><body><main><h1>Twice</h1><div data-nudge-slot="stock-banner"></div></main>
<script>${STUB_SNIPPET} nudge.setProduct({ sku: 'Q-1', name: 'Queued', price: 5, currency: 'USD', stock: { remaining: 2, asOf: new Date().toISOString(), source: 'test' } }); nudge.track('queued_event', { n: 1 });</script>
${tag}${tag}</body></html>`,
      },
    });
    await s.stack.allow(fx.url);
    const page = await s.browser.newPage();
    const loads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/nudge/')) loads.push(new URL(r.url()).pathname);
    });
    await page.goto(`${fx.url}/twice`);
    await page.evaluate(() => (window as any).nudge.ready());
    const info = await page.evaluate(() => (window as any).nudge.debug());
    expect(info.product).toMatchObject({ sku: 'Q-1', name: 'Queued' });
    expect(await page.locator('nudge-stock-banner').count()).toBe(1);
    expect(await page.locator('nudge-coupon-popup').count()).toBe(1);
    expect(loads.filter((p) => p.endsWith('/nudge-runtime.js'))).toHaveLength(1);
    await page.evaluate(() => (window as any).nudge.flush());
    const anonymousId = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(async () => {
      const e = await seen(anonymousId);
      return e.some((x) => x.name === 'queued_event') ? e : undefined;
    });
    expect(got.filter((e) => e.name === 'queued_event')).toHaveLength(1);
    expect(got.find((e) => e.name === 'view_item')!.props.items[0].item_id).toBe('Q-1');
    await page.close();
    await fx.close();
  });

  it('a returning visitor gets the cached config at once: widgets mount while the config request is still pending', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await ctx.newPage();
    await first.goto(`${s.shop.url}/en/p/gift-box`);
    await first.evaluate(() => (window as any).nudge.ready());
    await first.close();
    const page = await ctx.newPage();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/v1/config/demo', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${s.shop.url}/en/p/gift-box`);
    await until(
      () =>
        page
          .locator('[data-nudge-slot] nudge-stock-banner')
          .count()
          .then((n) => n === 1),
      5000,
    );
    const info = await page.evaluate(() => (window as any).nudge.debug());
    expect(info.configVersion).toBeGreaterThanOrEqual(2);
    release();
    await ctx.close();
  });

  it("a widget's on-screen code is in the page file: no file after it, no modulepreload", async () => {
    const graph = JSON.parse(readFileSync(join(await embedDist(), 'nudge-manifest.json'), 'utf8')) as {
      rendered: Record<string, string[]>;
    };
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
    await until(() =>
      page
        .locator('[data-nudge-slot] nudge-stock-banner')
        .evaluate((el) => el.shadowRoot?.textContent?.includes('6') ?? false),
    );
    const chunks = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/nudge/chunks/'))
        .map((e) => e.name.slice(e.name.indexOf('chunks/'))),
    );
    const files = graph.rendered['stock-banner']!;
    expect(files.map((f) => f.replace(/-[\w-]{8}\.js$/, ''))).toEqual(['chunks/nudge-page']);
    expect(chunks).toEqual(expect.arrayContaining(files));
    // the four widgets' element, controller and styles came inside it: the page's chunks are the page file, web-vitals
    // and what a trigger opened (the popup's dialog)
    expect(chunks.filter((c) => !/^chunks\/(nudge-page|vitals|coupon-popup\.view)-/.test(c))).toEqual([]);
    expect(await page.locator('link[rel=modulepreload]').count()).toBe(0);
    await ctx.close();
  });

  it('a widget that fails on a hostile page is reported as nudge_error; the page and the other widgets carry on', async () => {
    const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      (window as any).__onerror = [];
      window.onerror = (m) => {
        (window as any).__onerror.push(String(m));
      };
      // The page's own script breaks one element's shadow root (the widgets now come in one file, so no single
      // widget's file can fail to load on its own).
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
        if (this.localName === 'nudge-stock-banner') throw new Error('this theme broke shadow roots');
        return attach.call(this, init);
      };
    });
    await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
    await page.evaluate(() => (window as any).nudge.ready());
    const info = await page.evaluate(() => (window as any).nudge.debug());
    expect(info.mounted.map((m: any) => m.id).sort()).toEqual(['buy-bar', 'welcome-coupon']);
    expect(await page.locator('nudge-stock-banner').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__onerror)).toEqual([]);
    await page.evaluate(() => (window as any).nudge.flush());
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(async () => {
      const e = await seen(id);
      return e.some((x) => x.name === 'nudge_error' && x.props.widget_id === 'stock') ? e : undefined;
    });
    const stockErrors = got.filter((e) => e.name === 'nudge_error' && e.props.widget_id === 'stock');
    expect(stockErrors).toHaveLength(1);
    expect(stockErrors[0]!.props).toMatchObject({ source: 'widget', widget_type: 'stock-banner' });
    // The shop still works: close the coupon modal, add to cart.
    await until(() =>
      page.locator('nudge-coupon-popup').evaluate((el) => !!el.shadowRoot?.querySelector('dialog[open]')),
    );
    await page.keyboard.press('Escape');
    await page.click('#add-to-cart', { timeout: 5000 });
    await until(() => page.evaluate(() => JSON.parse(localStorage.getItem('demo-cart') ?? '[]').length === 1));
    await ctx.close();
  });

  it('when the page file (product reader, auto-tracking, mounter) cannot load, one nudge_error per part says so and tracking still works', async () => {
    const ctx = await s.browser.newContext();
    const page = await ctx.newPage();
    await page.route(/\/nudge\/chunks\/nudge-page-[^/]+\.js$/, (route) => route.fulfill({ status: 503, body: '' }));
    await page.goto(`${s.shop.url}/en/p/tieguanyin-oolong`);
    await page.evaluate(() => (window as any).nudge.ready());
    await page.evaluate(() => (window as any).nudge.track('still_tracking'));
    await page.evaluate(() => (window as any).nudge.flush());
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('nudge_id')!).a as string);
    const got = await until(async () => {
      const e = await seen(id);
      const errors = e.filter((x) => x.name === 'nudge_error').length;
      return e.some((x) => x.name === 'still_tracking') && errors >= 3 ? e : undefined;
    });
    expect(
      got
        .filter((e) => e.name === 'nudge_error')
        .map((e) => e.props.source)
        .sort(),
    ).toEqual(['autotrack', 'mounting', 'product']);
    expect(await page.locator('nudge-stock-banner, nudge-coupon-popup, nudge-buy-bar').count()).toBe(0);
    await ctx.close();
  });
});
