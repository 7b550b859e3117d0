// The product reader over real-looking theme markup (packages/core/test/themes/*.html), parsed by a real browser.
import { describe, expect, it } from 'vitest';
import { readProduct } from './index.js';

const now = '2026-11-21T10:00:00.000Z';
const page = async (name: string) => {
  const html = await fetch(new URL(`../../test/themes/${name}.html`, import.meta.url)).then((r) => r.text());
  expect(html).toContain('<html');
  return new DOMParser().parseFromString(html, 'text/html');
};

describe('the product reader on theme markup', () => {
  it('Shopify Dawn: the top-level sku picks its offer, ?variant= in the URL wins, broken JSON-LD is repaired', async () => {
    const doc = await page('shopify-dawn');
    const base = 'https://harbour-goods.myshopify.com/products/linen-shirt';
    expect(readProduct(doc, now, base)).toEqual({
      sku: 'LS-L',
      id: 'LS-L',
      name: 'Linen Shirt',
      url: `${base}?variant=41003`,
      image: 'https://harbour-goods.myshopify.com/cdn/shop/products/linen-shirt.jpg?v=1699&width=1920',
      price: 1399,
      currency: 'USD',
      availability: 'in_stock',
    });
    // the shopper picked another size: Dawn rewrites the URL, not the JSON-LD
    expect(readProduct(doc, now, `${base}?variant=41002`)).toMatchObject({
      sku: 'LS-M',
      price: 1349,
      availability: 'out_of_stock',
      url: `${base}?variant=41002`,
    });
    expect(readProduct(doc, now, `${base}?variant=41001&utm_source=ig`)).toMatchObject({ sku: 'LS-S', price: 1299 });
    // an unknown variant id falls back to the top-level sku
    expect(readProduct(doc, now, `${base}?variant=1`)).toMatchObject({ sku: 'LS-L' });
  });

  it("Shopify's structured_data: a ProductGroup's variants, the first in stock unless the URL names one", async () => {
    const doc = await page('shopify-structured-data');
    const base = 'https://kiln.example/products/ceramic-mug';
    expect(readProduct(doc, now, base)).toEqual({
      sku: 'MUG-SLATE',
      id: '7788',
      name: 'Ceramic Mug',
      url: `${base}?variant=9002`,
      image: 'https://kiln.example/cdn/shop/files/mug-slate.jpg?v=1&width=1920',
      price: 26.5,
      currency: 'EUR',
      availability: 'in_stock',
    });
    expect(readProduct(doc, now, `${base}?variant=9003`)).toMatchObject({ sku: 'MUG-MOSS', price: 1299 });
    expect(readProduct(doc, now, `${base}?variant=9001`)).toMatchObject({
      sku: 'MUG-SAND',
      price: 24,
      availability: 'out_of_stock',
    });
  });

  it('WooCommerce Storefront: the sale price in priceSpecification, the ListPrice as the compare-at price', async () => {
    const doc = await page('woocommerce-storefront');
    expect(readProduct(doc, now, 'https://corner.example/product/hoodie-with-logo/')).toEqual({
      sku: 'woo-hoodie-with-logo',
      id: 'https://corner.example/product/hoodie-with-logo/#product',
      name: 'Hoodie with Logo',
      url: 'https://corner.example/product/hoodie-with-logo/',
      image: 'https://corner.example/wp-content/uploads/2024/01/hoodie-with-logo-2.jpg',
      price: 42,
      compareAtPrice: 45,
      currency: 'EUR',
      availability: 'in_stock',
      saleEndsAt: '2027-12-31T23:59:59.999Z',
    });
  });

  it('BigCommerce Cornerstone: a number price in a PriceSpecification, stock from inventoryLevel', async () => {
    const doc = await page('bigcommerce-cornerstone');
    expect(readProduct(doc, now, 'https://store-abc.mybigcommerce.com/able-brewing-system/')).toMatchObject({
      sku: 'ABS',
      name: '[Sample] Able Brewing System',
      price: 225,
      currency: 'USD',
      availability: 'in_stock',
      stock: { remaining: 12, asOf: now, source: 'json-ld' },
    });
  });

  it('schema.org microdata: itemprop values by element, nested items kept apart, a content attribute first', async () => {
    const doc = await page('microdata');
    expect(readProduct(doc, now, 'https://teeladen.example/produkte/teekanne?ref=x')).toEqual({
      sku: 'TK-900',
      id: 'TK-900',
      name: 'Teekanne Gusseisen',
      url: 'https://teeladen.example/produkte/teekanne',
      image: 'https://teeladen.example/img/teekanne.jpg',
      price: 1249.5,
      currency: 'EUR',
      availability: 'limited',
    });
  });

  it('hostile markup: broken blocks skipped, bad values dropped, nothing polluted, the honest offer read', async () => {
    const doc = await page('hostile');
    expect(readProduct(doc, now, 'https://bad.example/p')).toEqual({
      sku: '42',
      id: '42',
      name: 'Safe Kettle',
      price: 39.9,
      currency: 'USD',
      availability: 'in_stock',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads nothing on a page without product markup, and never throws on any fixture with a bad URL', async () => {
    expect(
      readProduct(new DOMParser().parseFromString('<p>About us</p>', 'text/html'), now, 'https://x.example/'),
    ).toBe(null);
    for (const name of ['shopify-dawn', 'hostile', 'microdata']) {
      const doc = await page(name);
      expect(() => readProduct(doc, now, 'not a url')).not.toThrow();
    }
  });
});
