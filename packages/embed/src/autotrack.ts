// Auto-tracking the merchant switches on in config: add_to_cart and begin_checkout from clicks on their selectors.

import type { ProductInfo } from './product.js';

export interface AutoTrackConfig {
  /** Clicks on elements matching this selector send add_to_cart for the page's product. */
  addToCart?: string;
  /** Clicks on elements matching this selector send begin_checkout with the cart. */
  beginCheckout?: string;
}

export interface CartInfo { currency?: string; value?: number; items: Record<string, unknown>[] }

/** GA4 item for the page's product. */
export function productItem(p: ProductInfo, quantity = 1): Record<string, unknown> {
  const item: Record<string, unknown> = { item_id: p.sku ?? p.id ?? p.name ?? 'unknown', quantity };
  if (p.name) item.item_name = p.name;
  if (p.price !== undefined) item.price = p.price;
  return item;
}

/** GA4 add_to_cart props for a product (value = price x quantity). */
export function addToCartProps(p: ProductInfo | null, quantity = 1): Record<string, unknown> {
  if (!p) return {};
  const props: Record<string, unknown> = { items: [productItem(p, quantity)] };
  if (p.currency) props.currency = p.currency;
  if (p.price !== undefined) props.value = Math.round(p.price * quantity * 100) / 100;
  return props;
}

const matches = (target: EventTarget | null, selector: string | undefined): Element | null => {
  if (!selector || !(target instanceof Element)) return null;
  try {
    return target.closest(selector);
  } catch {
    return null;
  }
};

/**
 * One delegated click listener (capture phase, so a shop's stopPropagation or a navigation cannot hide the click).
 * The buy bar's own click on the main button is marked and skipped: it already sent add_to_cart with source buy_bar.
 */
export function startAutoTrack(
  doc: Document,
  getConfig: () => AutoTrackConfig | undefined,
  deps: { track(name: string, props: Record<string, unknown>): void; product(): ProductInfo | null; cart(): CartInfo },
): () => void {
  let fromBuyBar = false;
  const onClick = (e: Event) => {
    const cfg = getConfig();
    if (!cfg) return;
    if (e.composedPath().some((n) => (n as Element).localName === 'nudge-buy-bar')) {
      // The bar clicks the main button from inside this click; a timer (not a microtask) outlives that nested click.
      fromBuyBar = true;
      setTimeout(() => { fromBuyBar = false; });
      return;
    }
    try {
      if (matches(e.target, cfg.addToCart)) {
        if (fromBuyBar) return;
        deps.track('add_to_cart', { ...addToCartProps(deps.product()), source: 'auto' });
      } else if (matches(e.target, cfg.beginCheckout)) {
        deps.track('begin_checkout', { ...deps.cart(), source: 'auto' });
      }
    } catch { /* tracking must never break the shop's button */ }
  };
  doc.addEventListener('click', onClick, true);
  return () => doc.removeEventListener('click', onClick, true);
}
