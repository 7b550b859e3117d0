import { describe, expect, it } from 'vitest';
import {
  findProductNode,
  isoInstant,
  mergeProduct,
  normalizeAvailability,
  productFromAttributes,
  productFromJsonLd,
  productFromOpenGraph,
} from './index.js';
import { num } from './fields.js';
import { parseJsonLd } from './read.js';

const now = '2026-11-21T10:00:00.000Z';
const page = 'https://shop.example/p/tea';

describe('JSON-LD', () => {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'BreadcrumbList' },
      {
        '@type': 'Product',
        name: 'Oolong Tea',
        sku: 'TEA-1',
        image: ['/img/tea.svg'],
        url: '/p/tea',
        offers: {
          '@type': 'Offer',
          price: '128.00',
          priceCurrency: 'cny',
          availability: 'https://schema.org/LimitedAvailability',
          priceValidUntil: '2026-12-31',
          dateModified: '2026-11-21T09:30:00Z',
          inventoryLevel: { '@type': 'QuantitativeValue', value: 4 },
          priceSpecification: [
            { '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: 158 },
          ],
        },
      },
    ],
  };
  it('finds the Product inside @graph and maps every field, stock dated by the offer', () => {
    const node = findProductNode(ld)!;
    expect(productFromJsonLd(node, now, page)).toEqual({
      id: 'TEA-1',
      sku: 'TEA-1',
      name: 'Oolong Tea',
      url: 'https://shop.example/p/tea',
      image: 'https://shop.example/img/tea.svg',
      price: 128,
      compareAtPrice: 158,
      currency: 'CNY',
      availability: 'limited',
      stock: { remaining: 4, asOf: '2026-11-21T09:30:00.000Z', source: 'json-ld' },
      saleEndsAt: '2026-12-31T23:59:59.999Z',
    });
  });
  it('stamps stock with the read time when the page gives no date, and ignores negative or fractional stock', () => {
    expect(productFromJsonLd({ '@type': 'Product', offers: { inventoryLevel: 7 } }, now).stock).toEqual({
      remaining: 7,
      asOf: now,
      source: 'json-ld',
    });
    expect(
      productFromJsonLd({ '@type': 'Product', offers: { inventoryLevel: { value: -2 } } }, now).stock,
    ).toBeUndefined();
    expect(
      productFromJsonLd({ '@type': 'Product', offers: { inventoryLevel: { value: 1.5 } } }, now).stock,
    ).toBeUndefined();
  });
  it('reads an AggregateOffer and rejects javascript: images', () => {
    const p = productFromJsonLd(
      {
        '@type': 'Product',
        image: 'javascript:alert(1)',
        offers: { '@type': 'AggregateOffer', lowPrice: 9, priceCurrency: 'EUR' },
      },
      now,
    );
    expect(p).toEqual({ price: 9, currency: 'EUR' });
  });
  it('finds nothing in non-product data', () => {
    expect(findProductNode({ '@type': 'Organization' })).toBeUndefined();
    expect(findProductNode([1, 'x', null])).toBeUndefined();
  });
});

describe('Open Graph', () => {
  it('maps product tags, a sale price making the regular one the compare-at', () => {
    expect(
      productFromOpenGraph(
        {
          'og:type': 'product',
          'og:title': 'Cup',
          'og:image': 'https://cdn.example/cup.png',
          'product:retailer_item_id': 'CUP-2',
          'product:price:amount': '30',
          'product:sale_price:amount': '24',
          'product:price:currency': 'usd',
          'product:availability': 'in stock',
        },
        page,
      ),
    ).toEqual({
      name: 'Cup',
      image: 'https://cdn.example/cup.png',
      sku: 'CUP-2',
      id: 'CUP-2',
      price: 24,
      compareAtPrice: 30,
      currency: 'USD',
      availability: 'in_stock',
    });
  });
  it('ignores non-product pages', () => {
    expect(productFromOpenGraph({ 'og:type': 'article', 'og:title': 'Blog' })).toEqual({});
  });
});

describe('data attributes', () => {
  it('reads individual attributes and a JSON value, with stock source and age', () => {
    expect(
      productFromAttributes(
        {
          'nudge-product': '{"name":"Kettle","stock":{"sold":40,"soldWindowHours":24}}',
          'nudge-sku': 'K-9',
          'nudge-price': '1,299',
          'nudge-currency': 'twd',
          'nudge-stock-as-of': '2026-11-21T08:00:00Z',
          'nudge-stock-source': 'erp',
        },
        now,
      ),
    ).toEqual({
      sku: 'K-9',
      id: 'K-9',
      name: 'Kettle',
      price: 1299,
      currency: 'TWD',
      stock: { sold: 40, soldWindowHours: 24, asOf: '2026-11-21T08:00:00.000Z', source: 'erp' },
    });
  });
  it('survives broken JSON', () => {
    expect(productFromAttributes({ 'nudge-product': '{oops', 'nudge-name': 'X' }, now)).toEqual({ name: 'X' });
  });
});

describe('merging and helpers', () => {
  it('earlier sources win field by field; stock stays whole from one source', () => {
    const merged = mergeProduct(
      { name: 'LD name', stock: { remaining: 3, asOf: now, source: 'json-ld' } },
      { name: 'OG name', price: 5, stock: { sold: 9, asOf: '2026-11-20T00:00:00.000Z', source: 'x' } },
      { currency: 'USD' },
    );
    expect(merged).toEqual({
      name: 'LD name',
      price: 5,
      currency: 'USD',
      stock: { remaining: 3, asOf: now, source: 'json-ld' },
    });
    expect(mergeProduct({}, {})).toBeNull();
    const sameSnapshot = mergeProduct(
      { stock: { remaining: 3, asOf: now, source: 'json-ld' } },
      { stock: { sold: 9, soldWindowHours: 24, asOf: now, source: 'x' } },
    );
    expect(sameSnapshot!.stock).toEqual({ remaining: 3, sold: 9, soldWindowHours: 24, asOf: now, source: 'json-ld' });
  });
  it('normalises availability words and URLs', () => {
    expect(normalizeAvailability('http://schema.org/OutOfStock')).toBe('out_of_stock');
    expect(normalizeAvailability('PreOrder')).toBe('preorder');
    expect(normalizeAvailability('available for order')).toBe('in_stock');
    expect(normalizeAvailability('whatever')).toBeUndefined();
  });
  it('isoInstant keeps instants and ends bare dates at the end of the UTC day', () => {
    expect(isoInstant('2026-11-21T10:00:00+08:00')).toBe('2026-11-21T02:00:00.000Z');
    expect(isoInstant('2026-12-01')).toBe('2026-12-01T23:59:59.999Z');
    expect(isoInstant('soon')).toBeUndefined();
  });
});

describe('what themes write', () => {
  it('reads prices as numbers or strings in either decimal style, with symbols and grouping', () => {
    const cases: [unknown, number | undefined][] = [
      [19.99, 19.99],
      ['19.99', 19.99],
      ['1,299.00', 1299],
      ['1.299,00', 1299],
      ['12,50', 12.5],
      ['1,299', 1299],
      ['1.299.000', 1299000],
      ['$19.99', 19.99],
      ['19,99 €', 19.99],
      ["CHF 1'250.50", 1250.5],
      [['25'], 25],
      ['call us', undefined],
      ['', undefined],
      [Infinity, undefined],
      [{ price: 1 }, undefined],
    ];
    for (const [input, want] of cases) expect([input, num(input)]).toEqual([input, want]);
  });
  it("takes Shopify's og:price:amount and og:price:currency", () => {
    expect(
      productFromOpenGraph({ 'og:type': 'product', 'og:price:amount': '1,299.00', 'og:price:currency': 'usd' }),
    ).toEqual({ price: 1299, currency: 'USD' });
  });
  it('selects the offer by ?variant=, then the top-level sku, then the first in stock, in JSON-LD itself', () => {
    const node = {
      '@type': 'Product',
      sku: 'B',
      offers: [
        { sku: 'A', price: 1, availability: 'OutOfStock', url: '/p?variant=1' },
        { sku: 'B', price: 2, availability: 'OutOfStock', url: '/p?variant=2' },
        { sku: 'C', price: 3, availability: 'InStock', url: '/p?variant=3' },
      ],
    };
    expect(productFromJsonLd(node, now, 'https://s.example/p?variant=1')).toMatchObject({ sku: 'A', price: 1 });
    expect(productFromJsonLd(node, now, 'https://s.example/p')).toMatchObject({ sku: 'B', price: 2 });
    expect(productFromJsonLd({ ...node, sku: undefined }, now)).toMatchObject({ sku: 'C', price: 3 });
    expect(productFromJsonLd({ ...node, offers: node.offers.slice(0, 2), sku: 'Z' }, now)).toMatchObject({ sku: 'A' });
  });
  it('repairs JSON-LD with raw line breaks, a trailing comma or an HTML comment, and still refuses non-JSON', () => {
    expect(parseJsonLd('<!-- {"name":"a\nb","x":[1,2,],} -->')).toEqual({ name: 'a b', x: [1, 2] });
    expect(() => parseJsonLd('{ nope')).toThrow();
  });
});
