// The GA4 item for the page's product: view_item needs it on every product page, add_to_cart only with auto-tracking.
import type { ProductInfo } from './product.js';

/** GA4 item for the page's product. */
export function productItem(p: ProductInfo, quantity = 1): Record<string, unknown> {
  const item: Record<string, unknown> = { item_id: p.sku ?? p.id ?? p.name ?? 'unknown', quantity };
  if (p.name) item.item_name = p.name;
  if (p.price !== undefined) item.price = p.price;
  return item;
}
