// The GA4 quantity rule (DOM side): what the shopper chose on the page, for add_to_cart (its own chunk-friendly module:
// only lazy code needs it, so it must not ride along with productItem into every page).

/** Quantity fields by the names shop platforms use (Shopify, WooCommerce: quantity; Magento: qty). */
const QUANTITY = '[name=quantity],[name=qty]';

/**
 * The quantity the shopper chose for the product `target` (an add-to-cart button) adds: the quantity field of its
 * form, else the page's only one; 1 without one, or when it holds no whole number from 1 to 9999.
 */
export function chosenQuantity(target: EventTarget | null | undefined, doc: Document): number {
  const form = (target as Element | null | undefined)?.closest?.('form');
  // The page's own field only when it has just one: on a list or with a cart drawer, another one is not this product's.
  const all = doc.querySelectorAll(QUANTITY);
  const field = (form?.querySelector(QUANTITY) ?? (all.length == 1 ? all[0] : null)) as HTMLInputElement | null;
  const n = +(field?.value as string);
  return n >= 1 && n <= 9999 && n % 1 == 0 ? n : 1;
}
