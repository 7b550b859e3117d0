// schema.org Product / ProductGroup (JSON-LD or microdata read into the same shape) -> ProductContext, for the
// variant the shopper is looking at: `?variant=` in the URL, else the top-level sku, else the offer in stock.
import type { ProductContext } from '../stores.js';
import {
  clean,
  count,
  first,
  httpUrl,
  isObj,
  isoInstant,
  list,
  normalizeAvailability,
  num,
  str,
  upper,
  type Json,
} from './fields.js';

/** Whether a node's @type (a name, a schema.org URL, or a list of them) matches. */
const typed = (o: Json, type: RegExp): boolean => list(o['@type']).some((t) => type.test(String(t)));
const isProduct = (o: Json): boolean => typed(o, /^(https?:\/\/schema\.org\/)?Product(Group)?$/);

/** Finds the first Product node in parsed JSON-LD (top level, arrays, @graph, or mainEntity). */
export function findProductNode(data: unknown, depth = 0): Json | undefined {
  if (depth > 4) return undefined;
  if (Array.isArray(data)) {
    for (const d of data) {
      const p = findProductNode(d, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (!isObj(data)) return undefined;
  if (isProduct(data)) return data;
  return findProductNode(data['@graph'], depth + 1) ?? findProductNode(data.mainEntity, depth + 1);
}

/** The `variant` query parameter of a URL (Shopify's selected variant), if any. */
const variantOf = (v: unknown): string | undefined => /[?&]variant=([^&#]+)/.exec(str(v) ?? '')?.[1];

/** An offer node's offers: an AggregateOffer's own list when it has one. */
const offersOf = (node: Json): Json[] =>
  list(node.offers)
    .flatMap((o) => (isObj(o) && typed(o, /AggregateOffer$/) && o.offers ? list(o.offers) : [o]))
    .filter(isObj);

const inStock = (o: Json) => {
  const a = normalizeAvailability(o.availability);
  return a === 'in_stock' || a === 'limited';
};

/**
 * The variant (a hasVariant Product, or the product itself) and its offer the page is about. Priority: the URL's
 * `?variant=` (matched against each variant's and offer's url and @id), the product's top-level sku, the first
 * offer in stock, the first offer.
 */
function selected(node: Json, pageUrl?: string): { item: Json; offer: Json } {
  const variants = list(node.hasVariant).filter(isObj);
  const pairs: { item: Json; offer: Json }[] = [];
  for (const item of variants.length ? variants : [node]) {
    const offers = offersOf(item);
    for (const offer of offers.length ? offers : [{}]) pairs.push({ item, offer });
  }
  const wanted = variantOf(pageUrl);
  const sku = variants.length ? undefined : str(node.sku);
  return (
    (wanted &&
      pairs.find(({ item, offer }) =>
        [item.url, item['@id'], offer.url, offer['@id']].some((u) => variantOf(u) === wanted),
      )) ||
    (sku && pairs.find(({ offer }) => str(offer.sku) === sku)) ||
    pairs.find(({ item, offer }) => inStock(offer) || (!offer.availability && inStock(item))) ||
    pairs[0]!
  );
}

const isListPrice = (s: unknown) => isObj(s) && /(Strikethrough|List)Price$/.test(String(s.priceType ?? ''));

/**
 * Product fields from a schema.org Product or ProductGroup node. `now` stamps stock figures when the page gives no
 * dateModified, since the page itself was rendered with them (source says where they came from).
 */
export function productFromJsonLd(node: Json, now: string, pageUrl?: string, source = 'json-ld'): ProductContext {
  const { item, offer } = selected(node, pageUrl);
  const specs = list(offer.priceSpecification).filter(isObj);
  const spec = specs.find((s) => !isListPrice(s)) ?? {};
  const price = num(offer.price) ?? num(spec.price) ?? num(offer.lowPrice) ?? num(spec.minPrice);
  const sku = str(offer.sku) ?? str(item.sku) ?? str(node.sku);
  const level = first(offer.inventoryLevel);
  const remaining = count(isObj(level) ? level.value : level);
  return clean({
    sku,
    id: str(item.productID) ?? str(node.productGroupID) ?? str(node.productID) ?? str(node['@id']) ?? sku,
    name: str(node.name) ?? str(item.name),
    url: httpUrl(offer.url ?? item.url ?? node.url, pageUrl),
    image: httpUrl(item.image ?? node.image, pageUrl),
    price,
    compareAtPrice: specs
      .filter(isListPrice)
      .map((s) => num(s.price))
      .find((was) => was !== undefined && (price === undefined || was > price)),
    currency: upper(offer.priceCurrency ?? spec.priceCurrency),
    availability: normalizeAvailability(offer.availability ?? item.availability),
    stock:
      remaining === undefined
        ? undefined
        : {
            remaining,
            asOf:
              isoInstant(isObj(level) ? (level.validFrom ?? level.dateModified) : undefined) ??
              isoInstant(offer.dateModified ?? item.dateModified ?? node.dateModified) ??
              now,
            source,
          },
    saleEndsAt: isoInstant(offer.priceValidUntil ?? spec.validThrough),
  });
}
