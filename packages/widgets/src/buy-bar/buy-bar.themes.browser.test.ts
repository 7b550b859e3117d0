// <nudge-buy-bar> on real themes' markup: finding the add-to-cart button, jumps, and ancestors that capture fixed.
import { $runtime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { axeViolations, checkedTrack, settle } from '../internal/testing.js';
import './buy-bar.js';
import type { NudgeBuyBar } from './buy-bar.component.js';

let warn: ReturnType<typeof vi.spyOn>;
let calls: [string, Record<string, unknown>?][];

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  calls = [];
  $runtime.set({ track: checkedTrack(calls), widgetProps: () => undefined, exposed: () => {} });
});
afterEach(() => {
  document.body.innerHTML = '';
  scrollTo(0, 0);
  $runtime.set(null);
  warn.mockRestore();
});

/** A product page around `product` (the theme's form), with a long description, an anchor target and a footer. */
async function page(product: string, attrs: Record<string, string> = {}, wrap = (inner: string) => inner) {
  document.body.innerHTML =
    wrap(`<main style="font:16px system-ui;max-width:40rem;margin:0 auto;padding:1rem">
      <h1>Linen shirt</h1>${product}
      <section style="height:2400px"><p><a id="jump" href="#care">Care guide</a></p>
        <h2 id="care" style="margin-top:1600px">Care</h2></section>
      <nudge-buy-bar name="Linen shirt" price="49" currency="USD"></nudge-buy-bar>
    </main>`) + `<footer style="height:300px;background:#eee">Footer</footer>`;
  const el = document.querySelector('nudge-buy-bar') as NudgeBuyBar;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  await el.updateComplete;
  await settle();
  return el;
}
async function scrollToY(el: NudgeBuyBar, y: number) {
  scrollTo(0, y);
  await settle();
  await el.updateComplete;
}
/** Keyboard scrolling may be smooth: wait (bounded) until the page has stopped moving. */
async function still(el: NudgeBuyBar) {
  for (let i = 0, last = -1; i < 60 && scrollY !== last; i++) {
    last = scrollY;
    await settle(50);
  }
  await settle();
  await el.updateComplete;
}
const clicked = (sel: string) => {
  const hits = { n: 0 };
  document.querySelector(sel)!.addEventListener('click', (e) => (e.preventDefault(), hits.n++));
  return hits;
};
const errors = () => calls.filter(([n]) => n === 'nudge_error');

describe("no target: the page's own add-to-cart button", () => {
  const themes: [string, string, string][] = [
    [
      'Shopify Dawn (name="add" in a form posting to /cart/add)',
      `<form method="post" action="/cart/add" data-type="add-to-cart-form"><input type="hidden" name="id" value="1">
        <button type="button" class="quantity__button">+</button>
        <button id="atc" type="submit" name="add" class="product-form__submit">Add to cart</button></form>`,
      '#atc',
    ],
    [
      'WooCommerce (.single_add_to_cart_button)',
      `<form class="cart" action="https://shop.example/product/hoodie/" method="post">
        <input type="number" name="quantity" value="1">
        <button id="atc" type="submit" name="add-to-cart" value="42" class="single_add_to_cart_button button alt">Add to cart</button></form>`,
      '#atc',
    ],
    [
      'BigCommerce (an input type=submit in a form posting to cart.php)',
      `<form class="form" method="post" action="https://store.example/cart.php"><input type="hidden" name="action" value="add">
        <input id="atc" class="button button--primary" type="submit" value="Add to Cart"></form>`,
      '#atc',
    ],
    [
      "a button the markup names ([data-nudge-add-to-cart]), a cart drawer's checkout never",
      `<form action="/cart" method="post"><button type="submit" name="checkout">Check out</button></form>
        <button id="atc" type="button" data-nudge-add-to-cart>Add to bag</button>`,
      '#atc',
    ],
    [
      'a hidden quick-add first, then the visible one',
      `<form action="/cart/add" hidden><button type="submit" name="add">Quick add</button></form>
        <form action="/cart/add"><button id="atc">Add to cart</button></form>`,
      '#atc',
    ],
  ];
  it.each(themes)('%s: shows once it scrolled away and clicks it', async (_, markup, sel) => {
    const el = await page(markup);
    const hits = clicked(sel);
    expect(el.visible).toBe(false);
    await scrollToY(el, 800);
    expect(el.visible).toBe(true);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=cta]')!.click();
    expect(hits.n).toBe(1);
    expect(calls.filter(([n]) => n === 'add_to_cart')).toHaveLength(1);
    expect(errors()).toEqual([]);
  });

  it('on a page with no add-to-cart button stays hidden everywhere and reports one nudge_error', async () => {
    const el = await page(
      `<button type="button">Wishlist</button><form action="/search"><button>Search</button></form>`,
    );
    for (const y of [0, 800, 1600, 0]) {
      await scrollToY(el, y);
      expect(el.visible).toBe(false);
    }
    el.requestUpdate();
    await el.updateComplete;
    expect(errors()).toHaveLength(1);
    expect(errors()[0]![1]).toMatchObject({ message: expect.stringContaining('no add-to-cart button') });
  });

  it('binds to an add-to-cart button a storefront renders later', async () => {
    const el = await page('<div id="app"></div>');
    document.getElementById('app')!.innerHTML = '<form action="/cart/add"><button name="add">Add</button></form>';
    await settle();
    await scrollToY(el, 800);
    expect(el.visible).toBe(true);
  });
});

describe('visibility after a jump', () => {
  /** The button below the fold: at the top of the page the bar must not show, past it it must. */
  const belowTheFold = `<div style="height:1200px;background:#f4f4f4">Gallery</div>
    <form action="/cart/add"><button name="add" id="atc">Add to cart</button></form>`;

  it('an anchor link, the End key and "back to top" each re-decide it, though no edge the observer sees is crossed', async () => {
    const el = await page(belowTheFold);
    const visible = () => expect.poll(() => el.visible, { timeout: 3000 });
    expect(el.visible).toBe(false);
    // An anchor link far past the button: the button goes from below the viewport to above it in one step.
    document.getElementById('care')!.scrollIntoView({ block: 'center' });
    await visible().toBe(true);
    // "Back to top": from above it to below it, again without crossing.
    scrollTo(0, 0);
    await visible().toBe(false);
    // The End key reaches the footer: hidden there; a jump back into the description shows it again.
    document.getElementById('care')!.scrollIntoView({ block: 'center' });
    await visible().toBe(true);
    (document.getElementById('jump') as HTMLElement).focus({ preventScroll: true });
    await userEvent.keyboard('{End}');
    await still(el);
    expect(scrollY).toBe(document.documentElement.scrollHeight - innerHeight);
    await visible().toBe(false);
    document.getElementById('care')!.scrollIntoView({ block: 'center' });
    await visible().toBe(true);
  });
});

describe('fixed to the viewport whatever the theme puts on its ancestors', () => {
  for (const style of [
    'transform: translateZ(0)',
    'filter: saturate(1.1)',
    'contain: paint',
    'will-change: transform',
  ]) {
    it(`inside an ancestor with ${style}`, async () => {
      const el = await page(
        '<form action="/cart/add"><button name="add">Add to cart</button></form>',
        {},
        (inner) => `<div class="page-width" style="${style}">${inner}</div>`,
      );
      await scrollToY(el, 900);
      expect(el.visible).toBe(true);
      const bar = el.shadowRoot!.querySelector<HTMLElement>('[part=bar]')!;
      await new Promise((r) => setTimeout(r, 400)); // the slide-in transition
      const box = bar.getBoundingClientRect();
      expect(Math.round(box.bottom)).toBe(innerHeight);
      expect(Math.round(box.left)).toBe(0);
      expect(Math.round(box.width)).toBe(document.documentElement.clientWidth);
      expect(await axeViolations(document.body)).toEqual([]);
    });
  }
});
