// The GA4 item for a product, as view_item and add_to_cart send it (the quantity rule is quantity.ts).

/** GA4 item for a product: `item_id` from its SKU, else its id, else its name (an empty one counts as none). */
export function productItem(
  p: { id?: string; sku?: string; name?: string; price?: number },
  quantity = 1,
): Record<string, unknown> {
  const item: Record<string, unknown> = { item_id: p.sku || p.id || p.name || 'unknown', quantity };
  if (p.name) item.item_name = p.name;
  if (p.price !== undefined) item.price = p.price;
  return item;
}
