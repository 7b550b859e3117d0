// Product context without code: schema.org Product JSON-LD, then Open Graph product tags, then data-nudge-* attributes.
import type { ProductContext } from '@nudge/core';

/** @nudge/core's ProductContext (a type-only import: this module stays dependency-free and Node-testable). */
export type ProductInfo = ProductContext;
type Availability = NonNullable<ProductInfo['availability']>;
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const str = (v: unknown): string | undefined => {
  v = first(v);
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};
const num = (v: unknown): number | undefined => {
  v = first(v);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/,/g, '')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const count = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 && Number.isInteger(n) ? n : undefined;
};
const httpUrl = (v: unknown, base?: string): string | undefined => {
  const s = str(isObj(first(v)) ? ((first(v) as Json).url ?? (first(v) as Json)['@id']) : v);
  if (!s) return undefined;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};
/** A full ISO instant; a bare date (priceValidUntil is often one) means the end of that day in UTC. */
export const isoInstant = (v: unknown): string | undefined => {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/** Maps schema.org ItemAvailability URLs/names and Open Graph's words onto ProductContext's availability. */
export function normalizeAvailability(v: unknown): Availability | undefined {
  const s = str(v)
    ?.toLowerCase()
    .replace(/^https?:\/\/schema\.org\//, '')
    .replace(/[\s_-]/g, '');
  switch (s) {
    case 'instock':
    case 'onlineonly':
    case 'instoreonly':
    case 'availablefororder':
    case 'available':
      return 'in_stock';
    case 'outofstock':
    case 'soldout':
    case 'oos':
      return 'out_of_stock';
    case 'preorder':
    case 'presale':
    case 'backorder':
      return 'preorder';
    case 'limitedavailability':
    case 'limited':
      return 'limited';
    case 'discontinued':
      return 'discontinued';
    default:
      return undefined;
  }
}

const isProduct = (o: Json): boolean => {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).some(
    (x) => x === 'Product' || x === 'ProductGroup' || x === 'https://schema.org/Product',
  );
};

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

/**
 * Product fields from a schema.org Product node. `now` stamps stock figures when the page gives no
 * dateModified, since the page itself was rendered with them (source says where they came from).
 */
export function productFromJsonLd(node: Json, now: string, pageUrl?: string): ProductInfo {
  const p: ProductInfo = {};
  const offers = first(node.offers);
  const offer: Json = isObj(offers)
    ? offers['@type'] === 'AggregateOffer'
      ? isObj(first(offers.offers))
        ? (first(offers.offers) as Json)
        : offers
      : offers
    : {};
  const sku = str(node.sku) ?? str(offer.sku);
  if (sku) p.sku = sku;
  const id = str(node.productID) ?? str(node['@id']) ?? sku;
  if (id) p.id = id;
  const name = str(node.name);
  if (name) p.name = name;
  const url = httpUrl(node.url ?? offer.url, pageUrl);
  if (url) p.url = url;
  const image = httpUrl(node.image, pageUrl);
  if (image) p.image = image;
  const spec = first(offer.priceSpecification);
  const price = num(offer.price) ?? num(offer.lowPrice) ?? (isObj(spec) ? num(spec.price) : undefined);
  if (price !== undefined) p.price = price;
  const currency = str(offer.priceCurrency) ?? (isObj(spec) ? str(spec.priceCurrency) : undefined);
  if (currency) p.currency = currency.toUpperCase();
  const specs = Array.isArray(offer.priceSpecification) ? offer.priceSpecification : [offer.priceSpecification];
  for (const s of specs) {
    if (isObj(s) && /(Strikethrough|List)Price$/.test(String(s.priceType ?? ''))) {
      const was = num(s.price);
      if (was !== undefined && (price === undefined || was > price)) p.compareAtPrice = was;
    }
  }
  const availability = normalizeAvailability(offer.availability);
  if (availability) p.availability = availability;
  const level = first(offer.inventoryLevel);
  const remaining = count(isObj(level) ? level.value : level);
  if (remaining !== undefined) {
    const asOf =
      isoInstant(isObj(level) ? (level.validFrom ?? level.dateModified) : undefined) ??
      isoInstant(offer.dateModified) ??
      isoInstant(node.dateModified) ??
      now;
    p.stock = { remaining, asOf, source: 'json-ld' };
  }
  const ends = isoInstant(offer.priceValidUntil);
  if (ends) p.saleEndsAt = ends;
  return p;
}

/** Product fields from Open Graph / Facebook product meta tags (property -> content). */
export function productFromOpenGraph(meta: Record<string, string>, pageUrl?: string): ProductInfo {
  const p: ProductInfo = {};
  const type = meta['og:type']?.toLowerCase();
  if (type !== 'product' && type !== 'og:product' && type !== 'product.item' && !meta['product:price:amount']) return p;
  const name = str(meta['og:title']);
  if (name) p.name = name;
  const url = httpUrl(meta['og:url'], pageUrl);
  if (url) p.url = url;
  const image = httpUrl(meta['og:image'], pageUrl);
  if (image) p.image = image;
  const sku = str(meta['product:retailer_item_id']);
  if (sku) {
    p.sku = sku;
    p.id = sku;
  }
  const regular = num(meta['product:price:amount']);
  const sale = num(meta['product:sale_price:amount']);
  if (sale !== undefined) {
    p.price = sale;
    if (regular !== undefined && regular > sale) p.compareAtPrice = regular;
  } else if (regular !== undefined) p.price = regular;
  const currency = str(meta['product:sale_price:currency'] ?? meta['product:price:currency']);
  if (currency) p.currency = currency.toUpperCase();
  const availability = normalizeAvailability(meta['product:availability'] ?? meta['og:availability']);
  if (availability) p.availability = availability;
  const ends = isoInstant(meta['product:sale_price_dates:end']);
  if (ends) p.saleEndsAt = ends;
  return p;
}

/**
 * Product fields from data attributes on the element carrying `data-nudge-product` (attribute names without the
 * `data-` prefix: nudge-sku, nudge-name, nudge-price, nudge-compare-at-price, nudge-currency, nudge-availability,
 * nudge-stock, nudge-sold, nudge-sold-window-hours, nudge-stock-as-of, nudge-stock-source, nudge-sale-ends-at,
 * nudge-image, nudge-url). `data-nudge-product` may itself hold a JSON object with ProductContext fields.
 */
export function productFromAttributes(attrs: Record<string, string>, now: string, pageUrl?: string): ProductInfo {
  const p: ProductInfo = {};
  const rawJson = attrs['nudge-product']?.trim();
  let json: Json = {};
  if (rawJson?.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(rawJson);
      if (isObj(parsed)) json = parsed;
    } catch {
      /* not JSON: the other attributes still count */
    }
  }
  const get = (key: string, camel: string) => attrs[`nudge-${key}`] ?? json[camel];
  const id = str(get('id', 'id'));
  const sku = str(get('sku', 'sku'));
  if (sku) p.sku = sku;
  if (id ?? sku) p.id = (id ?? sku)!;
  const name = str(get('name', 'name'));
  if (name) p.name = name;
  const url = httpUrl(get('url', 'url'), pageUrl);
  if (url) p.url = url;
  const image = httpUrl(get('image', 'image'), pageUrl);
  if (image) p.image = image;
  const price = num(get('price', 'price'));
  if (price !== undefined) p.price = price;
  const was = num(get('compare-at-price', 'compareAtPrice'));
  if (was !== undefined) p.compareAtPrice = was;
  const currency = str(get('currency', 'currency'));
  if (currency) p.currency = currency.toUpperCase();
  const availability = normalizeAvailability(get('availability', 'availability'));
  if (availability) p.availability = availability;
  const stockJson = isObj(json.stock) ? json.stock : {};
  const remaining = count(attrs['nudge-stock'] ?? stockJson.remaining);
  const sold = count(attrs['nudge-sold'] ?? stockJson.sold);
  const windowHours = num(attrs['nudge-sold-window-hours'] ?? stockJson.soldWindowHours);
  if (remaining !== undefined || sold !== undefined) {
    const stock: NonNullable<ProductInfo['stock']> = {
      asOf: isoInstant(attrs['nudge-stock-as-of'] ?? stockJson.asOf) ?? now,
      source: str(attrs['nudge-stock-source'] ?? stockJson.source) ?? 'data-attributes',
    };
    if (remaining !== undefined) stock.remaining = remaining;
    if (sold !== undefined) stock.sold = sold;
    if (windowHours !== undefined && windowHours > 0) stock.soldWindowHours = windowHours;
    p.stock = stock;
  }
  const ends = isoInstant(get('sale-ends-at', 'saleEndsAt'));
  if (ends) p.saleEndsAt = ends;
  return p;
}

/**
 * Earlier sources win field by field. Stock figures only combine when both sources give the same snapshot time
 * (e.g. JSON-LD remaining + data-nudge-sold stamped alike); otherwise the first source's stock stays whole, so
 * figures of different ages never mix.
 */
export function mergeProduct(...sources: ProductInfo[]): ProductInfo | null {
  const out: ProductInfo = {};
  for (const s of sources) {
    for (const [k, v] of Object.entries(s) as [keyof ProductInfo, unknown][]) {
      if (v !== undefined && out[k] === undefined) (out as Json)[k] = v;
    }
    if (out.stock && s.stock && s.stock !== out.stock && s.stock.asOf === out.stock.asOf)
      out.stock = { ...s.stock, ...out.stock };
  }
  return Object.keys(out).length ? out : null;
}

/** Reads the page's product context from the DOM (JSON-LD, then Open Graph, then data-nudge-* attributes). */
export function readProduct(doc: Document, now = new Date().toISOString()): ProductInfo | null {
  const pageUrl = doc.location?.href;
  let ld: ProductInfo = {};
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const node = findProductNode(JSON.parse(s.textContent ?? ''));
      if (node) {
        ld = productFromJsonLd(node, now, pageUrl);
        break;
      }
    } catch {
      /* a broken JSON-LD block is the page's problem; try the next one */
    }
  }
  const meta: Record<string, string> = {};
  for (const m of Array.from(doc.querySelectorAll('meta[property], meta[name]'))) {
    const key = m.getAttribute('property') ?? m.getAttribute('name');
    const content = m.getAttribute('content');
    if (key && content !== null && !(key in meta)) meta[key] = content;
  }
  const el = doc.querySelector('[data-nudge-product]');
  const attrs: Record<string, string> = {};
  if (el instanceof HTMLElement)
    for (const [k, v] of Object.entries(el.dataset))
      if (v !== undefined) attrs[k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = v;
  return mergeProduct(ld, productFromOpenGraph(meta, pageUrl), productFromAttributes(attrs, now, pageUrl));
}
