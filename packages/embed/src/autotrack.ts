// Auto-tracking, a chunk loaded only when a selector is set: add_to_cart and begin_checkout from clicks on the
// merchant's selectors, including clicks the stub recorded before this chunk arrived.

import { $cart, $product, chosenQuantity, productItem } from '@nudge/core';
import { closestMatch as matches } from './closest.js';
import type { ProductInfo } from './product.js';
import { LEFT_CLICKS, type LeftClick } from './left-clicks.js';
import type { EarlyClick } from './stub.js';

export interface AutoTrackConfig {
  /** Clicks on elements matching this selector send add_to_cart for the page's product. */
  addToCart?: string | undefined;
  /** Clicks on elements matching this selector send begin_checkout with the cart. */
  beginCheckout?: string | undefined;
}

type Props = Record<string, unknown>;

/** GA4 begin_checkout props: the cart's total (an empty items[] is honest when the shop gave only a total). */
export function checkoutProps(items: Props[]): Props {
  const c = $cart.get();
  return c ? { value: c.value, ...(c.currency ? { currency: c.currency } : {}), items } : { items: [] };
}

/** GA4 add_to_cart props for a product (value = price x quantity). */
export function addToCartProps(p: ProductInfo | null, quantity = 1): Props {
  // GA4's add_to_cart needs items[]: without a product it is empty rather than the event refused by the collector.
  if (!p) return { items: [] };
  const props: Props = { items: [productItem(p, quantity)] };
  if (p.currency) props.currency = p.currency;
  if (p.price !== undefined) props.value = Math.round(p.price * quantity * 100) / 100;
  return props;
}

/** The buy bar clicks the page's main button from inside its own click: within this many ms of a bar click. */
const NESTED_MS = 50;

/**
 * One delegated click listener, capture phase so a shop's stopPropagation or a navigation cannot hide the click. The
 * product and cart come from $product and $cart; `cartItems` is the GA4 item list the shop gave setCart.
 * The buy bar's own click on the main button is marked and skipped: it already sent add_to_cart with source buy_bar.
 * `early()` hands over the clicks recorded before this listener existed (and stops their recorder): they are judged
 * by the same rules now, once, with `replay_delay_ms` saying how long after the click the event was sent. With `site`,
 * the clicks an earlier page of the tab left (see left-clicks.ts) are sent first, with `replayed_from` too.
 */
export function startAutoTrack(
  doc: Document,
  getConfig: () => AutoTrackConfig | undefined,
  sdk: { track(name: string, props: Props): void },
  cartItems: () => Props[],
  early: () => EarlyClick[] = () => [],
  site?: string,
): () => void {
  let fromBuyBar = false;
  const handle = (target: EventTarget | null, extra?: Props) => {
    const cfg = getConfig();
    try {
      if (matches(target, cfg?.addToCart)) {
        if (!fromBuyBar)
          sdk.track('add_to_cart', {
            ...addToCartProps($product.get(), chosenQuantity(target, doc)),
            source: 'auto',
            ...extra,
          });
      } else if (matches(target, cfg?.beginCheckout) && $cart.get()?.items !== 0) {
        // A cart the shop said is empty (setCart with no items) starts no checkout, whatever the button does.
        sdk.track('begin_checkout', { ...checkoutProps(cartItems()), source: 'auto', ...extra });
      }
    } catch {
      /* tracking must never break the shop's button */
    }
  };
  const onClick = (e: Event) => {
    if (e.composedPath().some((n) => (n as Element).localName === 'nudge-buy-bar')) {
      // The bar clicks the main button from inside this click; a timer (not a microtask) outlives that nested click.
      fromBuyBar = true;
      setTimeout(() => {
        fromBuyBar = false;
      });
      return;
    }
    handle(e.target);
  };
  doc.addEventListener('click', onClick, true);
  // Clicks whose page went before Nudge was ready there, kept by nudge.js (see leaveClicks): they came before this
  // page's own, and are sent once (the key is cleared as it is read). The product was the other page's, so
  // add_to_cart names none; the cart is this page's, if it set one. A page without selectors leaves them for the next.
  if (site) {
    const key = LEFT_CLICKS + site;
    try {
      const left = sessionStorage[key];
      delete sessionStorage[key];
      for (const [event, at, path] of JSON.parse(left || '[]') as LeftClick[]) {
        sdk.track(event ? 'begin_checkout' : 'add_to_cart', {
          ...(event ? checkoutProps(cartItems()) : addToCartProps(null)),
          source: 'auto',
          replayed_from: path,
          replay_delay_ms: Date.now() - at,
        });
      }
    } catch {
      /* no storage (so nothing was left), or not ours */
    }
  }
  // Same task as the listener above: a click is either recorded (replayed here) or seen live, never both.
  let barAt = -Infinity;
  const now = Date.now();
  for (const [target, at] of early()) {
    // At document level a click inside the bar's shadow root is retargeted to the bar itself.
    if (matches(target, 'nudge-buy-bar')) barAt = at;
    else {
      fromBuyBar = at - barAt < NESTED_MS;
      handle(target, { replay_delay_ms: now - at });
    }
  }
  fromBuyBar = false;
  return () => doc.removeEventListener('click', onClick, true);
}
