// The Shopify web pixel against a real Nudge server: Shopify's event shapes (typed by @shopify/web-pixels-extension)
// in, stored GA4 events out, for the visitor the storefront's tag knows.
import type {
  Checkout,
  CheckoutLineItem,
  Context,
  ExtensionApi,
  PixelEventsCheckoutCompleted,
  PixelEventsProductAddedToCart,
  ProductVariant,
} from '@shopify/web-pixels-extension';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@nudge/server';
import { adminClient } from '@nudge/server/testing';
import {
  addToCartProps,
  eventUuid,
  nudgePixel,
  purchaseProps,
} from '../../integrations/shopify/extensions/nudge-pixel/src/nudge-pixel.js';

const money = (amount: number, currencyCode = 'USD') => ({ amount, currencyCode });
const context: Context = {
  document: {
    characterSet: 'UTF-8',
    location: {
      hash: '',
      host: 'shop.example',
      hostname: 'shop.example',
      href: 'https://shop.example/checkouts/c/abc/thank-you',
      origin: 'https://shop.example',
      pathname: '/checkouts/c/abc/thank-you',
      port: '',
      protocol: 'https:',
      search: '',
    },
    referrer: 'https://shop.example/cart',
    title: 'Thank you',
  },
  navigator: { cookieEnabled: true, language: 'en-US', languages: ['en-US'], userAgent: 'test' },
  window: {
    innerHeight: 800,
    innerWidth: 1280,
    location: {} as Context['window']['location'],
    origin: 'https://shop.example',
    outerHeight: 800,
    outerWidth: 1280,
    pageXOffset: 0,
    pageYOffset: 0,
    screen: { height: 800, width: 1280 },
    screenX: 0,
    screenY: 0,
    scrollX: 0,
    scrollY: 0,
  },
} as Context;
const variant = (sku: string, title: string, price: number): ProductVariant => ({
  id: `${sku}-id`,
  image: null,
  price: money(price),
  product: { id: 'p1', title, type: null, untranslatedTitle: title, url: '/products/x', vendor: 'Tea Co' },
  sku,
  title: '150 g',
  untranslatedTitle: '150 g',
});
const line = (v: ProductVariant, quantity: number, discount = 0): CheckoutLineItem => ({
  discountAllocations: discount
    ? [
        {
          amount: money(discount),
          discountApplication: {
            allocationMethod: 'ACROSS',
            targetSelection: 'ALL',
            targetType: 'LINE_ITEM',
            title: 'WELCOME20',
            type: 'DISCOUNT_CODE',
            value: money(discount),
          },
        },
      ]
    : [],
  finalLinePrice: money(v.price.amount * quantity - discount),
  id: `line-${v.sku}`,
  properties: [],
  quantity,
  sellingPlanAllocation: null,
  title: v.product.title,
  variant: v,
});
const checkout = {
  attributes: [],
  billingAddress: null,
  buyerAcceptsEmailMarketing: false,
  buyerAcceptsSmsMarketing: false,
  currencyCode: 'USD',
  delivery: null,
  discountApplications: [
    {
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'LINE_ITEM',
      title: 'WELCOME20',
      type: 'DISCOUNT_CODE',
      value: money(20),
    },
    {
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'SHIPPING_LINE',
      title: 'Free shipping',
      type: 'AUTOMATIC',
      value: money(5),
    },
  ],
  discountsAmount: money(20),
  email: null,
  lineItems: [line(variant('TEA-OOL-150', 'Oolong', 32), 2, 20), line(variant('', 'Green', 18), 1)],
  localization: {} as Checkout['localization'],
  order: { customer: null, id: 'gid://shopify/OrderIdentity/1001' },
  phone: null,
  shippingAddress: null,
  shippingLine: { price: money(5) },
  smsMarketingPhone: null,
  subtotalPrice: money(62),
  token: 'tok-1',
  totalPrice: money(67),
  totalTax: money(4.5),
  transactions: [],
} as Checkout;
const completed = (id: string): PixelEventsCheckoutCompleted => ({
  clientId: 'client-1',
  context,
  data: { checkout },
  id,
  name: 'checkout_completed',
  seq: 3,
  timestamp: new Date().toISOString(),
  type: 'standard' as PixelEventsCheckoutCompleted['type'],
});
const added: PixelEventsProductAddedToCart = {
  clientId: 'client-1',
  context,
  data: {
    cartLine: { cost: { totalAmount: money(64) }, merchandise: variant('TEA-OOL-150', 'Oolong', 32), quantity: 2 },
  },
  id: 'sh-add-1',
  name: 'product_added_to_cart',
  seq: 2,
  timestamp: new Date().toISOString(),
  type: 'standard' as PixelEventsProductAddedToCart['type'],
};

/** The pixel API as Shopify hands it over: subscriptions recorded, the top frame's localStorage. */
function pixelApi(settings: Record<string, string>, storage: Record<string, string> = {}) {
  const handlers = new Map<string, (e: unknown) => void>();
  const api = {
    settings,
    analytics: {
      subscribe: (name: string, cb: (e: never) => void) => {
        handlers.set(name, cb as (e: unknown) => void);
        return () => true;
      },
    },
    browser: { localStorage: { getItem: async (k: string) => storage[k] ?? null } },
  } as unknown as Pick<ExtensionApi, 'analytics' | 'browser' | 'settings'>;
  return { api, handlers };
}

let server: RunningServer;
let admin: ReturnType<typeof adminClient>;
const sent: { status?: number; body: any }[] = [];
/** The pixel's fetch, pointed from https://nudge.example.com at the test server. */
const fetchVia =
  (fail: number[] = []) =>
  async (url: RequestInfo | URL, init?: RequestInit) => {
    const status = fail.shift();
    if (status) {
      sent.push({ status, body: JSON.parse(String(init!.body)) });
      return new Response('{}', { status });
    }
    const res = await fetch(String(url).replace('https://nudge.example.com', server.url), init);
    sent.push({ status: res.status, body: JSON.parse(String(init!.body)) });
    return res;
  };
const deps = (fail?: number[]) => ({ fetch: fetchVia(fail), now: () => Date.now(), sleep: async () => {} });
const settings = { siteId: 'shop', serverUrl: 'https://nudge.example.com/' };
const until = async <T>(f: () => Promise<T | undefined>) => {
  for (let i = 0; i < 100; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
};
const tail = async () => {
  await admin.get('/sites/shop/reports/widgets'); // a report flushes the write buffer
  return (await admin.get('/sites/shop/events/tail?limit=100')).body.events as any[];
};

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', data: ':memory:', adminToken: 't', log: () => {} });
  admin = adminClient(server.url, 't');
  expect((await admin.post('/sites', { id: 'shop', allowedOrigins: ['https://shop.example'] })).status).toBe(201);
});
afterAll(() => server?.close());

describe('mapping', () => {
  it('checkout_completed -> purchase with transaction id, value, currency, items and the discount code', () => {
    expect(purchaseProps(checkout)).toEqual({
      transaction_id: 'gid://shopify/OrderIdentity/1001',
      value: 67,
      currency: 'USD',
      tax: 4.5,
      shipping: 5,
      coupon: 'WELCOME20',
      items: [
        { item_id: 'TEA-OOL-150', item_name: 'Oolong', item_variant: '150 g', price: 32, quantity: 2, discount: 20 },
        // no SKU: the variant id stands in
        { item_id: '-id', item_name: 'Green', item_variant: '150 g', price: 18, quantity: 1 },
      ],
    });
    expect(purchaseProps({ ...checkout, totalPrice: null } as Checkout)).toBeUndefined();
  });

  it('product_added_to_cart -> add_to_cart with the line', () => {
    expect(addToCartProps(added.data.cartLine!)).toEqual({
      currency: 'USD',
      value: 64,
      items: [{ item_id: 'TEA-OOL-150', item_name: 'Oolong', item_variant: '150 g', price: 32, quantity: 2 }],
    });
  });

  it('one Shopify event id is always the same UUIDv7', () => {
    const a = eventUuid('sh-1', 1_765_000_000_000);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventUuid('sh-1', 1_765_000_000_000)).toBe(a);
    expect(eventUuid('sh-2', 1_765_000_000_000)).not.toBe(a);
  });
});

describe('sending to the collector', () => {
  it('stores the purchase once for the visitor the storefront tag knows, with no nudge_error', async () => {
    const nudgeId = JSON.stringify({ a: 'visitor-7', s: 'session-7', t: Date.now(), n: 41 });
    const { api, handlers } = pixelApi(settings, { nudge_id: nudgeId });
    nudgePixel(api, deps([503]));
    expect([...handlers.keys()].sort()).toEqual(['checkout_completed', 'product_added_to_cart']);
    const done = completed('sh-evt-1');
    handlers.get('checkout_completed')!(done);
    handlers.get('checkout_completed')!(done); // the same event again: stored once
    handlers.get('product_added_to_cart')!(added);
    const events = await until(async () => {
      const e = (await tail()).filter((x) => x.anonymousId === 'visitor-7');
      return e.length >= 2 ? e : undefined;
    });
    // the 503 was retried
    expect(sent.filter((s) => s.status === 503)).toHaveLength(1);
    expect(events.map((e) => e.name).sort()).toEqual(['add_to_cart', 'purchase']);
    const purchase = events.find((e) => e.name === 'purchase');
    expect(purchase).toMatchObject({ path: '/checkouts/c/abc/thank-you' });
    expect(purchase.props).toMatchObject({
      transaction_id: 'gid://shopify/OrderIdentity/1001',
      value: 67,
      currency: 'USD',
      coupon: 'WELCOME20',
      source: 'shopify_pixel',
    });
    const wire = sent.find((x) => x.body.events[0].name === 'purchase')!.body.events[0];
    expect(wire).toMatchObject({ anonymousId: 'visitor-7', sessionId: 'session-7', seq: 42 });
    expect((await tail()).some((e) => e.name === 'nudge_error')).toBe(false);
  });

  it("without the tag's visitor it sends under Shopify's client id; a 4xx is not retried", async () => {
    const { api, handlers } = pixelApi(settings);
    const before = sent.length;
    nudgePixel(api, deps([400]));
    handlers.get('product_added_to_cart')!({ ...added, id: 'sh-add-2' });
    await until(async () => (sent.length > before ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(sent.slice(before).map((s) => s.status)).toEqual([400]);
    handlers.get('product_added_to_cart')!({ ...added, id: 'sh-add-3' });
    const e = await until(async () => (await tail()).find((x) => x.anonymousId === 'shopify:client-1'));
    expect(e.name).toBe('add_to_cart');
  });

  it('stays off without a site id or an https server', () => {
    for (const s of [{}, { siteId: 'shop' }, { siteId: 'shop', serverUrl: 'http://nudge.example.com' }]) {
      const { api, handlers } = pixelApi(s as Record<string, string>);
      nudgePixel(api, deps());
      expect(handlers.size, JSON.stringify(s)).toBe(0);
    }
  });
});
