// Hostile host pages: a product page with Nudge's tag under the globals, patches and CSS real shops carry. Each page
// gets the same checks: no uncaught error from Nudge's files, the page's own script works, the widgets the config
// enables mount (or a nudge_error says why), page_view and view_item reach the server, no shift, no axe violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { embedDist, events, fixtureServer, publish, until, useShopStack } from './fixtures/embed/harness.js';

interface Hostile {
  /** Runs in <head> before anything else on the page (the shop's theme, trackers, polyfills). */
  script?: string;
  css?: string;
  /** The page's own script, after the tag (by default it only wires the add-to-cart counter). */
  after?: string;
  /** Widget ids expected on screen (all three by default); fewer only with a nudge_error that says why. */
  mounted?: string[];
  /** nudge_error messages (substring) the page must report. */
  errors?: string[];
  /** Skip the shift and axe checks (the page itself wiped its document). */
  wiped?: boolean;
  /**
   * Why Nudge cannot work on this page at all (nothing it can send arrives): only "no uncaught error from Nudge, the
   * page's own script works" is checked.
   */
  cannot?: string;
}

const ALL = ['buy-bar', 'stock', 'welcome-coupon'];

/** A minimal zone.js-like Promise: a thenable class of its own (native promises are not instances of it). */
const ZONE_PROMISE = `(function(){var N=Promise;function Z(ex){var p=this;this.__p=new N(function(res,rej){ex(res,rej)});}
Z.prototype.then=function(a,b){var z=Object.create(Z.prototype);z.__p=this.__p.then(a,b);return z};
Z.prototype.catch=function(b){return this.then(undefined,b)};
Z.prototype.finally=function(f){var z=Object.create(Z.prototype);z.__p=this.__p.finally(f);return z};
['resolve','reject','all','race','allSettled','any'].forEach(function(k){Z[k]=function(v){var z=Object.create(Z.prototype);z.__p=N[k](v);return z}});
Z.toString=function(){return 'function ZoneAwarePromise() { [native code] }'};window.Promise=Z;})();`;

const CASES: Record<string, Hostile> = {
  'Array.prototype.toJSON returns a string (Prototype.js)': {
    script: `Array.prototype.toJSON=function(){return '['+Array.prototype.map.call(this,function(v){return JSON.stringify(v)}).join(',')+']'};`,
  },
  'Object.prototype has an enumerable property': {
    script: `Object.prototype.extend=function(){return this};Object.prototype.shopTheme='dawn';`,
  },
  'Array.prototype.includes and Array.from are buggy polyfills': {
    // Assigned (so enumerable on every array); from() only copies array-likes (a Set or a Map gives []), no mapFn.
    script: `Array.prototype.includes=function(x){for(var i in this)if(this[i]===x)return true;return false};
Array.from=function(a){return Array.prototype.slice.call(a)};`,
  },
  'JSON.stringify and JSON.parse wrapped (undefined for some values)': {
    script: `(function(){var s=JSON.stringify,p=JSON.parse;
JSON.stringify=function(v,r,i){try{if(v&&typeof v==='object'&&!Array.isArray(v)&&Object.keys(v).length>6)return undefined;return s.call(JSON,v,r,i)}catch(e){return undefined}};
JSON.parse=function(t,r){try{return t?p.call(JSON,t,r):undefined}catch(e){return undefined}};})();`,
    cannot:
      'every event envelope is such a value: Nudge would need a JSON serializer of its own (~150 B on every page)',
  },
  'window.fetch wrapped by another analytics script (a header, its own Promise)': {
    script: `(function(){var f=window.fetch;function T(p){this.p=p}T.prototype.then=function(a,b){return new T(this.p.then(a,b))};
T.prototype.catch=function(b){return new T(this.p.catch(b))};T.prototype.finally=function(c){return new T(this.p.finally(c))};
window.fetch=function(input,init){init=Object.assign({},init);var h=new Headers(init.headers||{});h.set('x-shop-trace','1');init.headers=h;return new T(f.call(window,input,init))};})();`,
    // the added header makes every request a CORS preflight: the server's preflights allow the headers asked for
  },
  'navigator.sendBeacon missing': {
    script: `Object.defineProperty(Navigator.prototype,'sendBeacon',{value:undefined,configurable:true});`,
  },
  'navigator.sendBeacon throws': {
    script: `Navigator.prototype.sendBeacon=function(){throw new TypeError('sendBeacon blocked by the shop')};`,
  },
  'XMLHttpRequest patched': {
    script: `(function(){var o=XMLHttpRequest.prototype.open,s=XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open=function(m,u){this.__u=u;return o.apply(this,arguments)};
XMLHttpRequest.prototype.send=function(b){if(String(this.__u).indexOf('/v1/')>=0)throw new Error('xhr blocked');return s.apply(this,arguments)};})();`,
  },
  'Promise replaced by a zone.js-like polyfill': { script: ZONE_PROMISE },
  'queueMicrotask and requestIdleCallback missing': {
    script: `delete window.queueMicrotask;delete window.requestIdleCallback;window.queueMicrotask=undefined;window.requestIdleCallback=undefined;`,
  },
  'MessageChannel missing': {
    script: `delete window.MessageChannel;window.MessageChannel=undefined;`,
  },
  'localStorage and sessionStorage throw on access': {
    script: `['localStorage','sessionStorage'].forEach(function(k){Object.defineProperty(window,k,{configurable:true,get:function(){throw new DOMException('The operation is insecure.','SecurityError')}})});`,
  },
  'document.cookie setter throws': {
    script: `(function(){var d=Object.getOwnPropertyDescriptor(Document.prototype,'cookie');Object.defineProperty(document,'cookie',{configurable:true,get:function(){return d.get.call(document)},set:function(){throw new DOMException('cookies are blocked','SecurityError')}})})();`,
  },
  'localStorage full (quota exceeded)': {
    script: `Storage.prototype.setItem=function(){throw new DOMException('quota','QuotaExceededError')};`,
  },
  'an older Nudge copy already defined nudge-stock-banner': {
    script: `customElements.define('nudge-stock-banner',class extends HTMLElement{connectedCallback(){this.textContent=''}});`,
    // Nudge cannot redefine a tag: the banner is not shown and a nudge_error says why; the other widgets carry on.
    mounted: ['buy-bar', 'welcome-coupon'],
    errors: ['the page already defines <nudge-stock-banner>'],
  },
  'HTMLElement replaced (custom-elements-es5-adapter)': {
    script: `(function(){var B=HTMLElement;window.HTMLElement=function HTMLElement(){return Reflect.construct(B,[],this.constructor)};
window.HTMLElement.prototype=B.prototype;window.HTMLElement.prototype.constructor=window.HTMLElement;Object.setPrototypeOf(window.HTMLElement,B);})();`,
  },
  'attachShadow overridden (forces open mode)': {
    script: `(function(){var a=Element.prototype.attachShadow;Element.prototype.attachShadow=function(init){window.__roots=(window.__roots||0)+1;return a.call(this,{mode:'open'})}})();`,
  },
  'history.pushState/replaceState wrapped by an SPA router': {
    script: `(function(){['pushState','replaceState'].forEach(function(k){var o=history[k];history[k]=function(s,t,u){window.__routed=(window.__routed||0)+1;return o.call(history,s,t,u)}})})();`,
    after: `document.getElementById('add-to-cart').addEventListener('click',function(){history.pushState({},'','#cart');history.replaceState({},'',location.pathname)});`,
  },
  'document.open/write after load': {
    after: `addEventListener('load',function(){setTimeout(function(){document.open();document.write('<!doctype html><html lang="en"><head><title>Rewritten</title></head><body><main><h1 id="rewritten">Rewritten</h1></main></body></html>');document.close();window.__rewritten=true},1500)});`,
    mounted: [],
    wiped: true,
  },
  'CSS: * { all: unset }': { css: `* { all: unset; }` },
  'CSS: dialog { display: none !important }, [hidden] { display: block }': {
    css: `dialog { display: none !important; } [hidden] { display: block !important; }`,
  },
  'CSS: huge z-index overlays': {
    css: `.overlay { position: fixed; inset: auto 0 0 0; height: 40px; z-index: 2147483647; background: #eee; pointer-events: none; }`,
  },
  'CSS: html { zoom: 1.5 }': { css: `html { zoom: 1.5; }` },
  'CSS: body { transform: scale(1) } (containing block for fixed)': { css: `body { transform: scale(1); }` },
};

const s = useShopStack(async () => {
  await publish(s.stack.admin, (c) => {
    c.widgets.find((w: any) => w.id === 'welcome-coupon').trigger = { delayMs: 100 };
  });
});

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function productPage(path: string, h: Hostile, endpoint: string): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Hostile Oolong',
    sku: 'HOST-1',
    offers: {
      '@type': 'Offer',
      price: '32.00',
      priceCurrency: 'USD',
      availability: 'https://schema.org/LimitedAvailability',
      inventoryLevel: { '@type': 'QuantitativeValue', value: 6 },
      dateModified: new Date().toISOString(),
    },
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile Oolong</title>
<meta name="viewport" content="width=device-width">
${h.script ? `<script>${h.script}</script>` : ''}
<style>body{font:16px/1.5 sans-serif;margin:0;padding:1rem;color:#111;background:#fff} .filler{height:1600px}
.slot{--nudge-stock-banner-min-height:4.25rem;min-height:var(--nudge-stock-banner-min-height);margin:8px 0;display:block}
${h.css ?? ''}</style>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
</head><body>
<div class="overlay"></div>
<main><h1>Hostile Oolong</h1><p>A page at ${path}.</p>
<div class="slot" data-nudge-slot="stock-banner"></div>
<p>$32.00</p><button id="add-to-cart" type="button">Add to cart</button> <span id="count">0</span>
<div class="filler"></div></main>
<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${endpoint}" data-track-add-to-cart="#add-to-cart"></script>
<script>
document.getElementById('add-to-cart').addEventListener('click',function(){var c=document.getElementById('count');c.textContent=String(+c.textContent+1)});
${h.after ?? ''}
window.__pageOk=true;
</script>
</body></html>`;
}

/** Uncaught errors and console errors whose source is one of Nudge's files (or that say [nudge]). */
function watchNudgeErrors(page: Page) {
  const all: string[] = [];
  const nudge: string[] = [];
  page.on('pageerror', (e) => {
    const line = `pageerror: ${e.message}\n${e.stack ?? ''}`;
    all.push(line);
    if (/\/nudge\/|nudge/i.test(`${e.message} ${e.stack ?? ''}`)) nudge.push(line);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const line = `console: ${m.text()} @ ${m.location().url}`;
    all.push(line);
    if (m.text().includes('[nudge]') || m.location().url.includes('/nudge/')) nudge.push(line);
  });
  return { all, nudge };
}

async function axeOnWidgets(page: Page): Promise<string[]> {
  // axe's own bundle breaks on an Object.prototype with enumerable properties: they are set aside while it loads and
  // runs (the page's pollution is not what is being checked here).
  const aside = () => {
    const p = Object.prototype as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const k in p) {
      kept[k] = p[k];
      delete p[k];
    }
    (window as any).__aside = kept;
  };
  const restore = () => Object.assign(Object.prototype, (window as any).__aside);
  await page.evaluate(aside);
  try {
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    return await axeRun(page);
  } finally {
    await page.evaluate(restore);
  }
}

function axeRun(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const hosts = Array.prototype.slice.call(
      document.querySelectorAll('nudge-stock-banner, nudge-coupon-popup, nudge-buy-bar'),
    ) as Element[];
    if (!hosts.length) return [];
    const r = await (window as any).axe.run(
      { include: hosts.map((h) => [h.localName]) },
      { resultTypes: ['violations'] },
    );
    return r.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(' | ')}`);
  });
}

describe('hostile host pages: the tag on pages that patch globals, storage and CSS', () => {
  for (const [name, h] of Object.entries(CASES)) {
    it(name, async () => {
      const path = `/hostile/${slug(name)}`;
      const fx = await fixtureServer(await embedDist(), {
        [path]: () => ({ html: productPage(path, h, s.stack.server.url) }),
      });
      await s.stack.allow(fx.url);
      const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      const errors = watchNudgeErrors(page);
      await page.addInitScript(() => {
        (window as any).__shift = 0;
        (window as any).__shifted = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as any[])
            if (!e.hadRecentInput) {
              (window as any).__shift += e.value;
              for (const x of e.sources ?? [])
                (window as any).__shifted.push(
                  `${x.node?.nodeName}.${x.node?.className ?? ''} ${JSON.stringify(x.previousRect)} -> ${JSON.stringify(x.currentRect)}`,
                );
            }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      try {
        await page.goto(`${fx.url}${path}`);
        // ready() through the page's own Promise (it may be a polyfill): bounded by the poll.
        await until(
          () => page.evaluate(() => (window as any).nudge?.loaded === true),
          10_000,
          100,
          'window.nudge loaded',
        );
        await page.evaluate(() => new Promise<void>((r) => void (window as any).nudge.ready().then(() => r())));
        expect(await page.evaluate(() => (window as any).__pageOk)).toBe(true);
        if (h.cannot) {
          await page.evaluate(() => document.getElementById('add-to-cart')!.click());
          expect(await page.locator('#count').textContent()).toBe('1');
          await page.waitForTimeout(1500);
          expect(errors.nudge, errors.all.join('\n')).toEqual([]);
          return;
        }

        const expected = h.mounted ?? ALL;
        if (expected.length) {
          await until(
            () => page.evaluate((n) => (window as any).nudge.debug().mounted.length >= n, expected.length),
            10_000,
            100,
            'the widgets mounted',
          );
        }
        const mounted = (await page.evaluate(() => (window as any).nudge.debug().mounted.map((m: any) => m.id)))
          .slice()
          .sort();
        if (expected.length) {
          expect(mounted).toEqual(expected);
          // The stock banner shows the page's figure; the popup's dialog opens.
          if (expected.includes('stock'))
            await until(
              () =>
                page
                  .locator('[data-nudge-slot="stock-banner"] nudge-stock-banner')
                  .evaluate((el) => el.shadowRoot?.textContent?.includes('6') ?? false)
                  .catch(() => false),
              10_000,
              100,
              'the stock banner shows 6',
            );
          await until(
            () =>
              page
                .locator('nudge-coupon-popup')
                .evaluate((el) => !!el.shadowRoot?.querySelector('dialog[open]'))
                .catch(() => false),
            10_000,
            100,
            'the coupon dialog opened',
          );
          const box = await page
            .locator('nudge-coupon-popup')
            .evaluate((el) => el.shadowRoot!.querySelector('dialog')!.getBoundingClientRect().toJSON());
          expect(box.width).toBeGreaterThan(0);
          expect(box.height).toBeGreaterThan(0);
          await page.keyboard.press('Escape');
          await until(
            () =>
              page
                .locator('nudge-coupon-popup')
                .evaluate((el) => !el.shadowRoot?.querySelector('dialog[open]'))
                .catch(() => true),
            5000,
          );
        }
        // The page's own script still works (its button, after Nudge's listeners).
        if (!h.wiped) {
          // element.click(): a pointer may not reach it under some of the CSS (zoom, all: unset), which is the page's own
          await page.evaluate(() => document.getElementById('add-to-cart')!.click());
          expect(await page.locator('#count').textContent()).toBe('1');
        } else {
          await until(() => page.evaluate(() => (window as any).__rewritten === true), 10_000);
          expect(await page.locator('#rewritten').count()).toBe(1);
          await page.evaluate(() => (window as any).nudge.track('after_rewrite'));
        }
        await page.evaluate(
          () =>
            new Promise<void>(
              (r) =>
                void (window as any).nudge.flush().then(
                  () => r(),
                  () => r(),
                ),
            ),
        );
        const got = await until(
          async () => {
            const e = (await events(s.stack.admin, 1000)).filter((x) => x.path === path);
            const names = new Set(e.map((x) => x.name));
            const want = ['page_view', 'view_item', ...(h.wiped ? ['after_rewrite'] : [])];
            return want.every((n) => names.has(n)) && (!h.errors?.length || names.has('nudge_error')) ? e : undefined;
          },
          15_000,
          200,
          () => `page_view and view_item for ${path}`,
        );
        expect(got.find((e) => e.name === 'view_item')!.props).toMatchObject({
          currency: 'USD',
          value: 32,
          items: [{ item_id: 'HOST-1' }],
        });
        const nudgeErrors = got.filter((e) => e.name === 'nudge_error').map((e) => String(e.props.message));
        for (const m of h.errors ?? []) expect(nudgeErrors.join('\n')).toContain(m);
        if (!h.errors?.length && expected.length === ALL.length) expect(nudgeErrors).toEqual([]);
        if (!h.wiped) {
          const shift = await page.evaluate(() => (window as any).__shift as number);
          expect(shift, (await page.evaluate(() => (window as any).__shifted)).join('\n')).toBe(0);
          expect(await axeOnWidgets(page)).toEqual([]);
        }
        expect(errors.nudge, errors.all.join('\n')).toEqual([]);
      } finally {
        if (errors.all.length) console.log(`[${name}] page errors:\n${errors.all.join('\n')}`);
        await ctx.close();
        await fx.close();
      }
    });
  }
});
