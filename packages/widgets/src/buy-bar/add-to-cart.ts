// Finds the page's own add-to-cart button for a buy bar with no target, on the markup real shop themes print.
import { $config } from '@nudge/core';

/**
 * Most specific first: a button the page names for Nudge, Shopify's (`name="add"` in a form posting to /cart/add),
 * WooCommerce's, then any submit button of a form posting to a cart (BigCommerce's cart.php, Shopify themes without
 * `name="add"`), never a cart page's checkout button.
 */
const ADD_TO_CART = [
  '[data-nudge-add-to-cart]',
  'form[action*="/cart/add"] [name=add]',
  '.single_add_to_cart_button',
  'form[action*=cart i]:not([action$="/cart"]) :is(button:not([type=button],[type=reset]),input[type=submit]):not([name=checkout])',
];

/**
 * The first visible match of the auto-tracking selectors (the config's `tracking.addToCart`, the tag's
 * `data-track-add-to-cart`), then of the theme patterns above; null when the page has none.
 */
export function findAddToCart(): HTMLElement | null {
  const tag = document.querySelector('script[data-track-add-to-cart]')?.getAttribute('data-track-add-to-cart');
  for (const selector of [$config.get()?.tracking?.addToCart, tag, ...ADD_TO_CART]) {
    try {
      for (const el of Array.from(selector ? document.querySelectorAll<HTMLElement>(selector) : []))
        if (el.getClientRects().length) return el;
    } catch {
      /* a merchant's selector that is not CSS: autotrack reports it; try the next */
    }
  }
  return null;
}
