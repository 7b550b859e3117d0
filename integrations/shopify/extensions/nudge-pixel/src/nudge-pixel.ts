// Shopify's customer events as Nudge events: checkout_completed as purchase, product_added_to_cart as add_to_cart,
// sent to the collector as the browser tracker sends them, for the visitor the storefront's Nudge tag knows.
import type {
  CartLine,
  Checkout,
  ExtensionApi,
  PixelEventsCheckoutCompleted,
  PixelEventsProductAddedToCart,
} from '@shopify/web-pixels-extension';

type Props = Record<string, unknown>;
type ShopifyEvent = Pick<PixelEventsCheckoutCompleted, 'id' | 'clientId' | 'timestamp' | 'context'>;

export interface PixelDeps {
  fetch: typeof fetch;
  now: () => number;
  /** waits between attempts (tests pass one that does not wait) */
  sleep: (ms: number) => Promise<void>;
}

const money = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);
const defined = (o: Props) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/** GA4 `purchase` props from the checkout: the order id, total, currency, line items and the discount codes used. */
export function purchaseProps(checkout: Checkout): Props | undefined {
  const transactionId = checkout.order?.id ?? checkout.token;
  const currency = checkout.currencyCode ?? checkout.totalPrice?.currencyCode;
  const value = money(checkout.totalPrice?.amount);
  if (!transactionId || !currency || value === undefined) return undefined;
  const codes = checkout.discountApplications.filter((d) => d.type === 'DISCOUNT_CODE').map((d) => d.title);
  return defined({
    transaction_id: transactionId,
    value,
    currency,
    tax: money(checkout.totalTax?.amount),
    shipping: money(checkout.shippingLine?.price?.amount),
    coupon: codes.length ? codes.join(',') : undefined,
    items: checkout.lineItems.map((li) =>
      defined({
        item_id: li.variant?.sku || li.variant?.id || li.id || undefined,
        item_name: li.variant?.product.title ?? li.title ?? undefined,
        item_variant: li.variant?.title ?? undefined,
        price: money(li.variant?.price.amount),
        quantity: li.quantity,
        discount: li.discountAllocations.reduce((sum, d) => sum + (money(d.amount.amount) ?? 0), 0) || undefined,
      }),
    ),
  });
}

/** GA4 `add_to_cart` props from the cart line Shopify reports. */
export function addToCartProps(line: CartLine): Props {
  const v = line.merchandise;
  return defined({
    currency: line.cost.totalAmount.currencyCode || v.price.currencyCode,
    value: money(line.cost.totalAmount.amount),
    items: [
      defined({
        item_id: v.sku || v.id || undefined,
        item_name: v.product.title,
        item_variant: v.title ?? undefined,
        price: money(v.price.amount),
        quantity: line.quantity,
      }),
    ],
  });
}

/**
 * A UUIDv7 from the event's time and Shopify's event id (FNV-1a over it, four seeds): the same Shopify event always
 * gets the same Nudge id, so the collector stores it once however often Shopify or this pixel sends it.
 */
export function eventUuid(shopifyId: string, ts: number): string {
  const words = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < shopifyId.length; i++) h = Math.imul(h ^ shopifyId.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  });
  const rand = words.join('');
  const time = Math.max(0, Math.floor(ts)).toString(16).padStart(12, '0').slice(-12);
  const variant = ((parseInt(rand[15]!, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${rand.slice(0, 3)}-${variant}${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
}

/** The visitor as the storefront's Nudge tag stored it (`nudge_id`), else Shopify's client id. */
async function visitor(api: Pick<ExtensionApi, 'browser'>, event: ShopifyEvent) {
  try {
    const v = JSON.parse((await api.browser.localStorage.getItem('nudge_id')) ?? 'null') as {
      a?: unknown;
      s?: unknown;
      n?: unknown;
    } | null;
    if (v && typeof v.a === 'string' && typeof v.s === 'string')
      return { anonymousId: v.a, sessionId: v.s, seq: Math.min(2_147_483_647, (Number(v.n) || 0) + 1) };
  } catch {
    // storage unreadable: Shopify's own visitor id below
  }
  return {
    anonymousId: `shopify:${event.clientId}`.slice(0, 100),
    sessionId: `shopify:${event.clientId}`.slice(0, 100),
    seq: 1,
  };
}

export function nudgePixel(
  api: Pick<ExtensionApi, 'analytics' | 'browser' | 'settings'>,
  deps: PixelDeps = {
    fetch: (...a) => fetch(...a),
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  },
): void {
  const site = String(api.settings.siteId ?? '').trim();
  const server = String(api.settings.serverUrl ?? '')
    .trim()
    .replace(/\/+$/, '');
  // Unset or not https: the pixel stays off (nothing to send to).
  if (!site || !/^https:\/\/[^/\s]+/.test(server)) return;

  const send = async (name: string, event: ShopifyEvent, props: Props) => {
    const now = deps.now();
    const ts = Date.parse(event.timestamp) || now;
    const loc = event.context.document.location;
    const w = event.context.window;
    const envelope = {
      id: eventUuid(event.id, ts),
      name,
      ts,
      ...(await visitor(api, event)),
      page: {
        url: loc.href.slice(0, 2000),
        path: loc.pathname.slice(0, 2000),
        referrer: event.context.document.referrer.slice(0, 2000),
        title: event.context.document.title.slice(0, 500),
      },
      context: {
        locale: (event.context.navigator.language ?? '').slice(0, 40),
        screen: `${w.innerWidth}x${w.innerHeight}`,
        utm: {},
        experiments: {},
      },
      props: { ...props, source: 'shopify_pixel' },
    };
    // text/plain: a simple request, no preflight from the sandbox. Retried on network errors, 408, 429 and 5xx (up
    // to 4 attempts, 1-8 s apart); the event id makes a repeat harmless.
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const res = await deps.fetch(`${server}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ site, sentAt: deps.now(), events: [envelope] }),
          keepalive: true,
        });
        if (res.ok || (res.status < 500 && res.status !== 408 && res.status !== 429)) return res.status;
      } catch {
        // offline or blocked: tried again below
      }
      if (attempt < 3) await deps.sleep(1000 * 2 ** attempt);
    }
    return undefined;
  };

  api.analytics.subscribe('checkout_completed', (event: PixelEventsCheckoutCompleted) => {
    const props = purchaseProps(event.data.checkout);
    if (props) void send('purchase', event, props);
  });
  api.analytics.subscribe('product_added_to_cart', (event: PixelEventsProductAddedToCart) => {
    if (event.data.cartLine) void send('add_to_cart', event, addToCartProps(event.data.cartLine));
  });
}
