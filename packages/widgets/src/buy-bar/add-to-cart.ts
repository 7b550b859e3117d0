// Finds the page's own add-to-cart button for a buy bar with no target, on the markup real shop themes print.
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
 * The first visible match, most specific pattern first; null when the page has none. (The script tag passes its
 * auto-tracking selector, from the config or the tag, as `target` itself.)
 */
export function findAddToCart(): HTMLElement | null {
  for (const selector of ADD_TO_CART)
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector)))
      if (el.getClientRects().length) return el;
  return null;
}
