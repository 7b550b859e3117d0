// Product sources besides JSON-LD: Open Graph meta tags and data-nudge-* attributes; and the merge of all sources.
import type { ProductContext } from '../stores.js';
import {
  clean,
  count,
  httpUrl,
  isObj,
  isoInstant,
  normalizeAvailability,
  num,
  str,
  upper,
  type Json,
} from './fields.js';

/** Product fields from Open Graph / Facebook product meta tags (property -> content); Shopify writes og:price:*. */
export function productFromOpenGraph(meta: Record<string, string>, pageUrl?: string): ProductContext {
  const type = meta['og:type']?.toLowerCase();
  const regular = num(meta['product:price:amount'] ?? meta['og:price:amount']);
  if (type !== 'product' && type !== 'og:product' && type !== 'product.item' && regular === undefined) return {};
  const sale = num(meta['product:sale_price:amount']);
  const sku = str(meta['product:retailer_item_id']);
  return clean({
    name: str(meta['og:title']),
    url: httpUrl(meta['og:url'], pageUrl),
    image: httpUrl(meta['og:image'], pageUrl),
    sku,
    id: sku,
    price: sale ?? regular,
    compareAtPrice: sale !== undefined && regular !== undefined && regular > sale ? regular : undefined,
    currency: upper(meta['product:sale_price:currency'] ?? meta['product:price:currency'] ?? meta['og:price:currency']),
    availability: normalizeAvailability(meta['product:availability'] ?? meta['og:availability']),
    saleEndsAt: isoInstant(meta['product:sale_price_dates:end']),
  });
}

/**
 * Product fields from data attributes on the element carrying `data-nudge-product` (attribute names without the
 * `data-` prefix: nudge-sku, nudge-name, nudge-price, nudge-compare-at-price, nudge-currency, nudge-availability,
 * nudge-stock, nudge-sold, nudge-sold-window-hours, nudge-stock-as-of, nudge-stock-source, nudge-sale-ends-at,
 * nudge-image, nudge-url). `data-nudge-product` may itself hold a JSON object with ProductContext fields.
 */
export function productFromAttributes(attrs: Record<string, string>, now: string, pageUrl?: string): ProductContext {
  let json: Json = {};
  try {
    const parsed: unknown = JSON.parse(attrs['nudge-product'] ?? '');
    if (isObj(parsed)) json = parsed;
  } catch {
    /* not JSON: the other attributes still count */
  }
  const get = (key: string, camel = key) => attrs[`nudge-${key}`] ?? json[camel];
  const sku = str(get('sku'));
  const stockJson = isObj(json.stock) ? json.stock : {};
  const remaining = count(attrs['nudge-stock'] ?? stockJson.remaining);
  const sold = count(attrs['nudge-sold'] ?? stockJson.sold);
  const windowHours = num(attrs['nudge-sold-window-hours'] ?? stockJson.soldWindowHours);
  return clean({
    sku,
    id: str(get('id')) ?? sku,
    name: str(get('name')),
    url: httpUrl(get('url'), pageUrl),
    image: httpUrl(get('image'), pageUrl),
    price: num(get('price')),
    compareAtPrice: num(get('compare-at-price', 'compareAtPrice')),
    currency: upper(get('currency')),
    availability: normalizeAvailability(get('availability')),
    stock:
      remaining === undefined && sold === undefined
        ? undefined
        : clean({
            remaining,
            sold,
            soldWindowHours: windowHours! > 0 ? windowHours : undefined,
            asOf: isoInstant(attrs['nudge-stock-as-of'] ?? stockJson.asOf) ?? now,
            source: str(attrs['nudge-stock-source'] ?? stockJson.source) ?? 'data-attributes',
          }),
    saleEndsAt: isoInstant(get('sale-ends-at', 'saleEndsAt')),
  });
}

/**
 * Earlier sources win field by field. Stock figures only combine when both sources give the same snapshot time
 * (e.g. JSON-LD remaining + data-nudge-sold stamped alike); otherwise the first source's stock stays whole, so
 * figures of different ages never mix.
 */
export function mergeProduct(...sources: ProductContext[]): ProductContext | null {
  const out: ProductContext = {};
  for (const s of sources) {
    for (const [k, v] of Object.entries(s) as [keyof ProductContext, unknown][]) {
      if (v !== undefined && out[k] === undefined) (out as Json)[k] = v;
    }
    if (out.stock && s.stock && s.stock !== out.stock && s.stock.asOf === out.stock.asOf)
      out.stock = { ...s.stock, ...out.stock };
  }
  return Object.keys(out).length ? out : null;
}
