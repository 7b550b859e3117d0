// <nudge-buy-bar> in real Chromium: scroll-driven visibility, real button click, tracking, colour contrast, a11y, CLS.
import { $product, $runtime } from '@nudge/core';
import type { NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { axeViolations, reducedMotion, screenshot, settle, checkedTrack } from '../internal/testing.js';
import { layoutShift } from '../stock-banner/widget-test-kit.test-helper.js';
import { contrastRatio } from './bar-contrast.js';
import './buy-bar.js';
import type { NudgeBuyBar } from './buy-bar.component.js';

let warn: ReturnType<typeof vi.spyOn>;
let clicks: number;

beforeEach(async () => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  await page.viewport(1280, 800);
  clicks = 0;
});
afterEach(() => {
  document.body.innerHTML = '';
  scrollTo(0, 0);
  $runtime.set(null);
  $product.set(null);
  warn.mockRestore();
});

/** A product page: main buy button near the top, long description, footer. The bar is the last element. */
async function mount(attrs: Record<string, string | number>, opts: { lang?: string; scrollY?: number } = {}) {
  document.body.innerHTML = `<main lang="${opts.lang ?? 'en'}" style="font:16px system-ui;max-width:40rem;margin:0 auto;padding:1rem">
      <h1>Linen shirt</h1><p>Washed linen, relaxed fit.</p>
      <button id="buy" type="button" style="min-height:48px">Add to cart</button>
      <section style="height:2400px"><p>Long description, <a href="#care">care guide</a></p><p id="marker">Visible text that must never move.</p></section>
    </main>
    <footer style="height:300px;background:#eee;padding:1rem"><a href="#top">Contact</a></footer>`;
  document.getElementById('buy')!.addEventListener('click', () => clicks++);
  if (opts.scrollY) scrollTo(0, opts.scrollY);
  const el = document.createElement('nudge-buy-bar');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (opts.lang) el.setAttribute('locale', opts.lang);
  // Recommended placement: after the main content, before the footer (its tab-order position).
  document.querySelector('footer')!.before(el);
  await el.updateComplete;
  await settle();
  return el;
}
const bar = (el: NudgeBuyBar) => el.shadowRoot!.querySelector<HTMLElement>('[part=bar]')!;
const cta = (el: NudgeBuyBar) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=cta]')!;
async function scrollToY(el: NudgeBuyBar, y: number) {
  scrollTo(0, y);
  await settle();
  await el.updateComplete;
}
const PRODUCT = { target: '#buy', name: 'Linen shirt', price: 49, 'compare-at-price': 79, currency: 'USD' };

function runtime(calls: [string, Record<string, unknown>?][]): NudgeRuntime {
  return { track: checkedTrack(calls), widgetProps: () => undefined, exposed: (id) => calls.push(['exposed', { id }]) };
}

describe('visibility', () => {
  it('appears once the main button has scrolled away upwards, hides when it returns and at the footer', async () => {
    const el = await mount(PRODUCT);
    expect(el.visible).toBe(false);
    expect(getComputedStyle(bar(el)).visibility).toBe('hidden');
    await scrollToY(el, 600);
    expect(el.visible).toBe(true);
    expect(el.getAttribute('state')).toBe('shown');
    await scrollToY(el, 0);
    expect(el.visible).toBe(false);
    await scrollToY(el, 1200);
    expect(el.visible).toBe(true);
    await scrollToY(el, document.documentElement.scrollHeight);
    expect(el.visible).toBe(false);
  });

  it('enters the top layer when it first shows, not at its first render, and stays there', async () => {
    const el = await mount(PRODUCT);
    await el.updateComplete;
    expect(bar(el).matches(':popover-open')).toBe(false);
    await scrollToY(el, 600);
    expect(bar(el).matches(':popover-open')).toBe(true);
    expect(bar(el).getBoundingClientRect().height).toBeGreaterThan(0);
    await scrollToY(el, 0);
    expect(el.visible).toBe(false);
    // hidden again, it stays in the top layer (visibility hidden and inert), so the next slide-in starts from there
    expect(bar(el).matches(':popover-open')).toBe(true);
  });

  it('never shows before the button has been reached (button below the fold)', async () => {
    const el = await mount(PRODUCT);
    document.getElementById('buy')!.style.marginTop = '1500px';
    await scrollToY(el, 10);
    expect(el.visible).toBe(false);
  });

  it('hides when the product is unavailable or the shop disables its button', async () => {
    const el = await mount({ ...PRODUCT, availability: 'out_of_stock' });
    await scrollToY(el, 600);
    expect(el.visible).toBe(false);
    el.availability = 'in_stock';
    await el.updateComplete;
    expect(el.visible).toBe(true);
    (document.getElementById('buy') as HTMLButtonElement).disabled = true;
    await settle();
    await el.updateComplete;
    expect(el.visible).toBe(false);
  });

  it('formats its price while hidden only once the page is idle (a first Intl format stays out of the mount task), at once when it shows', async () => {
    const el = await mount(PRODUCT);
    expect(el.visible).toBe(false);
    await new Promise<void>((r) => requestIdleCallback(() => r()));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=amount]')?.textContent).toContain('$49');
    const shown = await mount({ ...PRODUCT, price: 12 }, { scrollY: 600 }); // shown at once
    expect(shown.visible).toBe(true);
    expect(shown.shadowRoot!.querySelector('[part=amount]')?.textContent).toContain('$12');
  });

  it('adds a spacer at the end of the page while shown, below the viewport, the height of the bar', async () => {
    const el = await mount(PRODUCT);
    expect(document.querySelector('[data-nudge-spacer]')).toBeNull();
    await scrollToY(el, 600);
    const spacer = document.body.lastElementChild as HTMLElement;
    expect(spacer.dataset.nudgeSpacer).toBe('buy-bar');
    expect(spacer.getAttribute('aria-hidden')).toBe('true');
    expect(spacer.getBoundingClientRect().height).toBe(bar(el).offsetHeight);
    expect(spacer.getBoundingClientRect().top).toBeGreaterThan(innerHeight);
    await scrollToY(el, 0);
    expect(document.querySelector('[data-nudge-spacer]')).toBeNull();
    el.remove();
  });

  it('on a page without a footer, the spacer lets the last content scroll clear of the bar', async () => {
    const el = await mount(PRODUCT);
    document.querySelector('footer')!.remove();
    const last = document.createElement('p');
    last.textContent = 'The very last line of the page.';
    document.querySelector('main')!.append(last);
    await scrollToY(el, 600);
    expect(el.visible).toBe(true);
    await scrollToY(el, document.documentElement.scrollHeight);
    await new Promise((r) => setTimeout(r, 300)); // the 0.25 s slide
    expect(el.visible).toBe(true);
    expect(last.getBoundingClientRect().bottom).toBeLessThanOrEqual(bar(el).getBoundingClientRect().top);
  });

  it('reads name, price and availability from $product in connected mode', async () => {
    $runtime.set(runtime([]));
    $product.set({ name: '龙井茶', price: 120, compareAtPrice: 150, currency: 'CNY', availability: 'in_stock' });
    const el = await mount({ target: '#buy' }, { lang: 'zh-CN' });
    await scrollToY(el, 600);
    expect(bar(el).innerText.replace(/\s+/g, ' ').trim()).toBe('龙井茶 现价 ¥120 原价 ¥150 加入购物车');
    $product.set({ ...$product.get()!, availability: 'out_of_stock' });
    await el.updateComplete;
    expect(el.visible).toBe(false);
  });
});

describe('call to action', () => {
  it('clicks the real main button and tracks select_promotion and add_to_cart with source buy_bar', async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    $product.set({ sku: 'LIN-1', name: 'Linen shirt' });
    const el = await mount({ ...PRODUCT, 'widget-id': 'bar-1', color: '#d92d20', label: 'Buy now' });
    await scrollToY(el, 600);
    expect(calls[0]).toEqual([
      'view_promotion',
      {
        promotion_id: 'bar-1',
        creative_slot: 'buy-bar',
        position: 'bottom',
        color: '#d92d20',
        label: 'Buy now',
        name: 'Linen shirt',
        price: 49,
        compareAtPrice: 79,
        currency: 'USD',
      },
    ]);
    const buys: CustomEvent[] = [];
    document.addEventListener('nudge-buy', (e) => buys.push(e as CustomEvent), { once: true });
    cta(el).click();
    expect(clicks).toBe(1);
    expect(buys[0]!.detail).toEqual({ source: 'buy_bar', target: true });
    expect(buys[0]!.bubbles && buys[0]!.composed && buys[0]!.cancelable).toBe(true);
    expect(calls.slice(2)).toEqual([
      ['select_promotion', { promotion_id: 'bar-1', creative_slot: 'buy-bar' }],
      [
        'add_to_cart',
        {
          source: 'buy_bar',
          promotion_id: 'bar-1',
          creative_slot: 'buy-bar',
          currency: 'USD',
          value: 49,
          items: [{ item_id: 'LIN-1', item_name: 'Linen shirt', price: 49, quantity: 1 }],
        },
      ],
    ]);
  });

  it('adds the quantity the shopper chose on the page, as the main button will', async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    $product.set({ sku: 'LIN-1', name: 'Linen shirt' });
    const el = await mount({ ...PRODUCT, 'widget-id': 'bar-q' });
    document
      .getElementById('buy')!
      .insertAdjacentHTML('beforebegin', '<input name="quantity" type="number" value="3">');
    await scrollToY(el, 600);
    cta(el).click();
    expect(calls.find(([n]) => n === 'add_to_cart')?.[1]).toMatchObject({
      value: 147,
      items: [{ item_id: 'LIN-1', price: 49, quantity: 3 }],
    });
  });

  it("counts the quantity field of the main button's form, not another one on the page", async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    $product.set({ sku: 'LIN-1', name: 'Linen shirt' });
    const el = await mount({ ...PRODUCT, 'widget-id': 'bar-f' });
    const buy = document.getElementById('buy')!;
    buy.insertAdjacentHTML('beforebegin', '<input name="quantity" value="5"><form id="f"></form>');
    document
      .getElementById('f')!
      .append(Object.assign(document.createElement('input'), { name: 'qty', value: '2' }), buy);
    await scrollToY(el, 600);
    cta(el).click();
    expect(calls.find(([n]) => n === 'add_to_cart')?.[1]).toMatchObject({ value: 98, items: [{ quantity: 2 }] });
  });

  it("takes the A/B-tested color, position and label from the visitor's variant before its first render", async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set({
      ...runtime(calls),
      widgetProps: (id) => (id === 'bar-ab' ? { color: '#1d4ed8', position: 'top', label: 'Buy now' } : undefined),
    });
    const el = await mount({ ...PRODUCT, 'widget-id': 'bar-ab' });
    expect(el.getAttribute('position')).toBe('top');
    expect(cta(el).textContent).toBe('Buy now');
    expect(getComputedStyle(cta(el)).backgroundColor).toBe('rgb(29, 78, 216)');
    await scrollToY(el, 600);
    await new Promise((r) => setTimeout(r, 300)); // the 0.25 s slide
    expect(bar(el).getBoundingClientRect().top).toBe(0);
    expect(calls[0]).toMatchObject(['view_promotion', { position: 'top', color: '#1d4ed8', label: 'Buy now' }]);
    expect(calls[1]).toEqual(['exposed', { id: 'bar-ab' }]);
  });

  it('lets a listener cancel nudge-buy', async () => {
    const el = await mount(PRODUCT);
    await scrollToY(el, 600);
    const buys: CustomEvent[] = [];
    document.addEventListener('nudge-buy', (e) => (buys.push(e as CustomEvent), e.preventDefault()), { once: true });
    cta(el).click();
    expect(buys[0]!.detail).toEqual({ source: 'buy_bar', target: true });
    expect(clicks).toBe(0);
  });

  it('works with the keyboard alone and is out of the tab order while hidden', async () => {
    const el = await mount(PRODUCT);
    (document.querySelector('section a') as HTMLElement).focus();
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBeNull();
    expect(document.activeElement).toBe(document.querySelector('footer a'));
    await scrollToY(el, 600);
    (document.querySelector('section a') as HTMLElement).focus({ preventScroll: true });
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBe(cta(el));
    expect(getComputedStyle(cta(el)).outlineStyle).toBe('solid');
    await userEvent.keyboard('{Enter}');
    expect(clicks).toBe(1);
    const r = cta(el).getBoundingClientRect();
    expect(Math.min(r.width, r.height)).toBeGreaterThanOrEqual(44);
  });
});

describe('colour and text', () => {
  it.each([
    ['#d92d20', 'rgb(255, 255, 255)'],
    ['blue', 'rgb(255, 255, 255)'],
    ['oklch(0.9 0.17 100)', 'rgb(0, 0, 0)'],
    ['#fde047', 'rgb(0, 0, 0)'],
    ['#FC0', 'rgb(0, 0, 0)'],
  ])('picks AA text for color=%s', async (color, text) => {
    const el = await mount({ ...PRODUCT, color });
    const s = getComputedStyle(cta(el));
    expect(s.color).toBe(text);
    const rgb = (v: string) => v.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
    expect(contrastRatio(rgb(s.backgroundColor), rgb(s.color))).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    'javascript:alert(1)',
    'var(--x)',
    'rgb(0 0 0 / 0.3)',
    '#0000004d',
    '#12345',
    'red; background:url(x)',
    'notacolor',
  ])('rejects color=%s with a clear error and keeps the theme accent', async (color) => {
    const el = await mount({ ...PRODUCT, color });
    expect(getComputedStyle(cta(el)).backgroundColor).toBe('rgb(180, 35, 24)');
    expect(warn).toHaveBeenCalledWith(
      `<nudge-buy-bar> color "${color}" is not an opaque CSS colour; using the theme accent`,
    );
  });

  it('shows the compare-at price struck through with spoken "was"/"now", and renders text as text', async () => {
    const el = await mount({ ...PRODUCT, name: '<img src=x onerror=alert(1)>Shirt', label: '<b>Buy</b>' });
    expect(el.shadowRoot!.querySelector('img, b')).toBeNull();
    expect(el.shadowRoot!.querySelector('[part=name]')!.textContent).toBe('<img src=x onerror=alert(1)>Shirt');
    expect(el.shadowRoot!.querySelector('s')!.textContent).toBe('Was $79');
    expect(el.shadowRoot!.querySelector('[part=amount]')!.textContent).toBe('Now $49');
    expect(getComputedStyle(el.shadowRoot!.querySelector('s')!).textDecorationLine).toBe('line-through');
    expect(cta(el).textContent).toBe('<b>Buy</b>');
    const plain = await mount({ ...PRODUCT, 'compare-at-price': 40 });
    expect(plain.shadowRoot!.querySelector('s')).toBeNull();
  });

  it('binds to a target the storefront renders later', async () => {
    const el = await mount({ ...PRODUCT, target: '#late' });
    await scrollToY(el, 600);
    expect(el.visible).toBe(false);
    const late = document.createElement('button');
    late.id = 'late';
    late.textContent = 'Add';
    document.querySelector('h1')!.after(late);
    await settle();
    await el.updateComplete;
    expect(el.visible).toBe(true);
  });

  it("hands keyboard focus to the page's own button when that scrolls back into view, never to <body>", async () => {
    const el = await mount(PRODUCT);
    await scrollToY(el, 600);
    (document.querySelector('section a') as HTMLElement).focus({ preventScroll: true });
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBe(cta(el));
    await scrollToY(el, 0);
    expect(el.visible).toBe(false);
    expect(document.activeElement).toBe(document.getElementById('buy'));
    expect(scrollY).toBe(0);
    await userEvent.keyboard('{Enter}');
    expect(clicks).toBe(1); // the visitor's next key acts on the real button
  });

  it('stays at the footer while its button has keyboard focus and goes once focus leaves', async () => {
    const el = await mount(PRODUCT);
    await scrollToY(el, 600);
    (document.querySelector('section a') as HTMLElement).focus({ preventScroll: true });
    await userEvent.tab();
    await scrollToY(el, document.documentElement.scrollHeight);
    expect(el.visible).toBe(true);
    expect(el.shadowRoot!.activeElement).toBe(cta(el));
    await userEvent.tab();
    await settle();
    await el.updateComplete;
    expect(el.visible).toBe(false);
    expect(document.activeElement).toBe(document.querySelector('footer a'));
  });

  it("mouse focus does not hold it: hiding at the footer moves focus to the page's button without scrolling", async () => {
    const el = await mount(PRODUCT);
    await scrollToY(el, 600);
    await userEvent.click(cta(el));
    expect(el.shadowRoot!.activeElement).toBe(cta(el));
    const bottom = document.documentElement.scrollHeight - innerHeight;
    await scrollToY(el, bottom);
    expect(el.visible).toBe(false);
    expect(document.activeElement).toBe(document.getElementById('buy'));
    expect(scrollY).toBe(bottom);
  });

  it('re-binds when the shop re-renders its main button: visibility and the click follow the new element', async () => {
    const el = await mount(PRODUCT);
    const fresh = () => {
      const b = document.createElement('button');
      b.id = 'buy';
      b.textContent = 'Add to cart';
      b.style.minHeight = '48px';
      b.addEventListener('click', () => (clicks += 10));
      return b;
    };
    document.getElementById('buy')!.replaceWith(fresh());
    await settle();
    await scrollToY(el, 600);
    expect(el.visible).toBe(true);
    cta(el).click();
    expect(clicks).toBe(10); // the new button, not the detached old one
    // The new button is disabled by the shop: the bar follows it (it watches the new element, not the old one).
    (document.getElementById('buy') as HTMLButtonElement).disabled = true;
    await settle();
    await el.updateComplete;
    expect(el.visible).toBe(false);
    // A re-render higher up (the button's parent replaced) is caught when the visitor clicks.
    (document.getElementById('buy') as HTMLButtonElement).disabled = false;
    const wrapper = document.createElement('div');
    document.getElementById('buy')!.replaceWith(wrapper);
    const moved = document.createElement('div');
    moved.append(fresh());
    wrapper.replaceWith(moved);
    await settle();
    await el.updateComplete;
    cta(el).click();
    expect(clicks).toBe(20);
  });

  it('reports a bad selector or a missing target instead of throwing', async () => {
    const el = await mount({ target: '#(' });
    expect(el.visible).toBe(false);
    expect(warn).toHaveBeenCalledWith('<nudge-buy-bar> target "#(" is not a valid CSS selector');
    await mount({ target: '#nope' });
    await expect
      .poll(() => warn.mock.calls)
      .toContainEqual(['<nudge-buy-bar> target "#nope" matches no element; the bar stays hidden']);
  });
});

describe('a page without a button to mirror', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  /** One page view of a page with no add-to-cart button: a new element, as a new document would have. */
  async function view(attrs: Record<string, string>) {
    document.body.innerHTML = `<main><h1>About us</h1><section style="height:2000px"></section></main><footer>f</footer>`;
    const el = document.createElement('nudge-buy-bar');
    for (const [k, v] of Object.entries({ 'widget-id': 'bar-1', ...attrs })) el.setAttribute(k, v);
    document.querySelector('footer')!.before(el);
    await el.updateComplete;
    await settle();
    await import('./missing-button.js'); // the report's lazy file, loaded by now
    await settle();
    return el;
  }
  const errors = (calls: [string, Record<string, unknown>?][]) => calls.filter(([n]) => n === 'nudge_error');
  const NO_BUTTON = 'found no add-to-cart button on the page (set target); the bar stays hidden';

  it('sends one nudge_error per session and page type, with a code; the console warns on every view', async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    for (let i = 0; i < 3; i++) expect((await view({ name: 'Linen shirt', price: '49' })).visible).toBe(false);
    expect(errors(calls)).toEqual([
      [
        'nudge_error',
        {
          promotion_id: 'bar-1',
          creative_slot: 'buy-bar',
          source: 'widget',
          code: 'no_add_to_cart',
          page_type: 'product',
          message: NO_BUTTON,
        },
      ],
    ]);
    expect(warn.mock.calls.filter(([m]: unknown[]) => m === `<nudge-buy-bar> ${NO_BUTTON}`)).toHaveLength(3);
    // a page with no product at all is another mistake (the bar placed where it cannot work): heard once too
    await view({});
    await view({});
    expect(errors(calls).map(([, p]) => [p!.code, p!.page_type, p!.message])).toEqual([
      ['no_add_to_cart', 'product', NO_BUTTON],
      ['no_add_to_cart', 'other', NO_BUTTON],
    ]);
    // a target that matches nothing is its own kind; another widget reports its own
    await view({ name: 'Linen shirt', target: '#buy' });
    await view({ name: 'Linen shirt', target: '#buy' });
    await view({ name: 'Linen shirt', 'widget-id': 'bar-2' });
    expect(
      errors(calls)
        .slice(2)
        .map(([, p]) => [p!.promotion_id, p!.code, p!.message]),
    ).toEqual([
      ['bar-1', 'target_not_found', 'target "#buy" matches no element; the bar stays hidden'],
      ['bar-2', 'no_add_to_cart', NO_BUTTON],
    ]);
    // a new browser session hears it again
    sessionStorage.clear();
    await view({ name: 'Linen shirt' });
    expect(errors(calls)).toHaveLength(5);
  });

  it('where sessionStorage is blocked, still sends it, once per document, and nothing throws', async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    const get = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    try {
      const el = await view({ name: 'Linen shirt', 'widget-id': 'blocked-bar' });
      // binding again (the page's load event, a re-render) does not repeat it
      el.target = '';
      el.footer = 'footer';
      await el.updateComplete;
      expect(errors(calls).map(([, p]) => p!.code)).toEqual(['no_add_to_cart']);
    } finally {
      get.mockRestore();
    }
  });
});

describe('quality bar', () => {
  it('moves only with transform and opacity, and reduced motion removes the motion', async () => {
    const el = await mount(PRODUCT);
    const s = getComputedStyle(bar(el));
    expect(s.position).toBe('fixed');
    expect(s.transitionProperty.split(', ').sort()).toEqual(['opacity', 'transform', 'visibility']);
    expect(s.transform).not.toBe('none');
    await reducedMotion(true);
    try {
      expect(getComputedStyle(bar(el)).transitionDuration).toBe('0s');
    } finally {
      await reducedMotion(false);
    }
    expect(s.paddingBottom).toBe('8px'); // 0.5rem + env(safe-area-inset-bottom), which is 0 on a desktop
  });

  it('causes no layout shift while it appears, updates and disappears (spacer included), top and bottom, desktop and phone', async () => {
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.viewport(w, h);
      for (const position of ['bottom', 'top']) {
        const first = await mount({ ...PRODUCT, position });
        // Inserting the element (and loading its lazy chunk) must not move the page either.
        const el = document.createElement('nudge-buy-bar');
        for (const [k, v] of Object.entries({ ...PRODUCT, position })) el.setAttribute(k, String(v));
        const insert = await layoutShift(async () => {
          document.querySelector('footer')!.before(el);
          await el.updateComplete;
        });
        first.remove();
        expect(insert).toBe(0);
        const appear = await layoutShift(() => scrollToY(el, 600));
        expect(el.visible).toBe(true);
        // A live update is a price change (a variant picked on the page). A/B labels are applied before the first
        // render; a label that changes while the bar is shown can move the button's own edge (README).
        await new Promise((r) => setTimeout(r, 300));
        const update = await layoutShift(async () => {
          el.price = 45;
          el.compareAtPrice = 75;
          await el.updateComplete;
        });
        const footer = await layoutShift(() => scrollToY(el, document.documentElement.scrollHeight));
        expect(el.visible).toBe(false);
        await scrollToY(el, 900);
        const back = await layoutShift(() => scrollToY(el, 0));
        expect(el.visible).toBe(false);
        console.log(
          `buy bar layout shift ${position} at ${w}x${h}: appear ${appear}, update ${update}, footer ${footer}, back ${back}`,
        );
        expect([appear, update, footer, back]).toEqual([0, 0, 0, 0]);
      }
    }
  });

  it('wraps instead of overlapping at 320 and 390 px with 200% text, en and zh-CN; the spacer follows its height', async () => {
    const fails: string[] = [];
    document.documentElement.style.fontSize = '200%';
    try {
      for (const width of [390, 320]) {
        await page.viewport(width, 844);
        for (const [lang, attrs] of [
          ['en', { name: 'Washed linen shirt', price: 89, 'compare-at-price': 129, currency: 'USD' }],
          ['zh-CN', { name: '水洗亚麻衬衫', price: 89, 'compare-at-price': 129, currency: 'USD' }],
        ] as const) {
          const el = await mount({ ...attrs, target: '#buy' }, { lang });
          const appear = await layoutShift(() => scrollToY(el, 600));
          await new Promise((r) => setTimeout(r, 300));
          const at = `${lang} ${width}px`;
          if (!el.visible) fails.push(`${at}: not shown`);
          const box = (name: string) => el.shadowRoot!.querySelector(`[part~=${name}]`)!.getBoundingClientRect();
          const [b, c] = [bar(el).getBoundingClientRect(), cta(el).getBoundingClientRect()];
          for (const name of ['name', 'amount', 'compare-at']) {
            const r = box(name);
            if (r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
              fails.push(`${at}: cta over ${name}`);
            if (r.left < b.left || r.right > b.right || r.top < b.top || r.bottom > b.bottom)
              fails.push(`${at}: ${name} outside the bar`);
          }
          if (c.left < 0 || c.right > innerWidth || c.bottom > innerHeight) fails.push(`${at}: cta off screen`);
          if (c.height < 48) fails.push(`${at}: cta ${c.height}px tall`);
          // The name keeps a readable width (it only ellipsises when it really does not fit).
          const name = el.shadowRoot!.querySelector<HTMLElement>('[part~=name]')!;
          if (name.scrollWidth > name.clientWidth && name.clientWidth < 0.6 * (innerWidth - 64))
            fails.push(`${at}: name ${name.clientWidth}px`);
          const spacer = document.querySelector<HTMLElement>('[data-nudge-spacer]');
          if (spacer?.getBoundingClientRect().height !== bar(el).offsetHeight)
            fails.push(`${at}: spacer ${spacer?.offsetHeight} for a ${bar(el).offsetHeight}px bar`);
          if (appear !== 0) fails.push(`${at}: layout shift ${appear}`);
          if (!fails.length) expect(await axeViolations(el), at).toEqual([]);
          await screenshot(`buy-bar-bottom-${lang}-${width}-text200`, (o) => page.screenshot(o));
        }
      }
      // Text back to 100% while the bar is shown: one row again, and the spacer shrinks with it.
      const el = document.querySelector('nudge-buy-bar')!;
      await scrollToY(el, 600); // the screenshot scrolled to the top
      const tall = bar(el).offsetHeight;
      document.documentElement.style.fontSize = '';
      await settle();
      await el.updateComplete;
      if (bar(el).offsetHeight >= tall) fails.push(`100% text: bar ${bar(el).offsetHeight}px, was ${tall}px`);
      const spacer = document.querySelector<HTMLElement>('[data-nudge-spacer]')!;
      if (spacer.offsetHeight !== bar(el).offsetHeight)
        fails.push(`100% text: spacer ${spacer.offsetHeight}px for a ${bar(el).offsetHeight}px bar`);
    } finally {
      document.documentElement.style.fontSize = '';
    }
    expect(fails).toEqual([]);
  });

  it('passes axe hidden and shown, top and bottom, red and blue, en and zh-CN', async () => {
    const hidden = await mount(PRODUCT);
    expect(await axeViolations(hidden)).toEqual([]);
    for (const position of ['bottom', 'top']) {
      for (const color of ['#d92d20', '#1d4ed8']) {
        for (const lang of ['en', 'zh-CN']) {
          const el = await mount({ ...PRODUCT, position, color }, { lang });
          await scrollToY(el, 600);
          await new Promise((r) => setTimeout(r, 300));
          expect(el.visible).toBe(true);
          expect(await axeViolations(el), `${position} ${color} ${lang}`).toEqual([]);
        }
      }
    }
  });

  it('screenshots en and zh-CN at desktop and phone sizes', async () => {
    // Scrolled past the page's button before the bar mounts, so it shows at once in the viewport-clipped screenshot.
    for (const [size, w, h] of [
      ['desktop', 1280, 800],
      ['phone', 390, 844],
    ] as const) {
      await page.viewport(w, h);
      for (const [lang, attrs] of [
        ['en', { name: 'Washed linen shirt, relaxed fit', price: 49, 'compare-at-price': 79, currency: 'USD' }],
        ['zh-CN', { name: '明前龙井 特级 250克', price: 128, 'compare-at-price': 168, currency: 'CNY' }],
      ] as const) {
        for (const [position, color] of [
          ['bottom', '#d92d20'],
          ['top', '#1d4ed8'],
        ]) {
          const el = await mount(
            { target: '#buy', ...attrs, position: position!, color: color! },
            { lang, scrollY: 600 },
          );
          expect(el.visible).toBe(true);
          await new Promise((r) => setTimeout(r, 300));
          await screenshot(`buy-bar-${position}-${lang}-${size}`, (o) => page.screenshot(o));
        }
      }
    }
  });
});
