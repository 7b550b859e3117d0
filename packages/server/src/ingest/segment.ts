// Segment HTTP Tracking API messages -> our envelope, with Segment's e-commerce spec names mapped to GA4's.
import type { Envelope } from './normalize.js';
import { tooDeep } from '../depth.js';
import { eventTimeIssue, MAX_PROPS_DEPTH } from './validate.js';

export interface SegmentMessage {
  type?: unknown;
  event?: unknown;
  name?: unknown;
  messageId?: unknown;
  anonymousId?: unknown;
  userId?: unknown;
  timestamp?: unknown;
  properties?: unknown;
  traits?: unknown;
  context?: unknown;
}

/** Segment e-commerce spec v2 event names and the GA4 name we store them under. */
export const SEGMENT_EVENT_NAMES: Readonly<Record<string, string>> = {
  'Product Viewed': 'view_item',
  'Product Clicked': 'select_item',
  'Product List Viewed': 'view_item_list',
  'Product Added': 'add_to_cart',
  'Product Removed': 'remove_from_cart',
  'Cart Viewed': 'view_cart',
  'Checkout Started': 'begin_checkout',
  'Payment Info Entered': 'add_payment_info',
  'Order Completed': 'purchase',
  'Order Refunded': 'refund',
  'Promotion Viewed': 'view_promotion',
  'Promotion Clicked': 'select_promotion',
  'Product Shared': 'share',
  'Cart Shared': 'share',
  'Product Added to Wishlist': 'add_to_wishlist',
  'Signed Up': 'sign_up',
  'Coupon Applied': 'select_promotion',
  'Experiment Viewed': 'experiment_exposure',
};
/** A Map, so a sender's event name (`constructor`, `__proto__`) can only ever find the names listed above. */
const GA4_NAME: ReadonlyMap<string, string> = new Map(Object.entries(SEGMENT_EVENT_NAMES));

/** Event names are stored as on /v1/events: 1 to 64 characters. */
const MAX_NAME = 64;

export interface MappingIssue {
  path: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** A Segment product (spec v2) as a GA4 item. */
function toItem(p: Record<string, unknown>): Record<string, unknown> {
  return clean({
    item_id: str(p.product_id) ?? str(p.sku) ?? str(p.id),
    item_name: str(p.name),
    item_brand: str(p.brand),
    item_category: str(p.category),
    item_variant: str(p.variant),
    price: num(p.price),
    quantity: num(p.quantity) ?? 1,
    coupon: str(p.coupon),
  });
}

/** GA4 parameters for a mapped e-commerce event; other properties are kept as they came. */
function mapProps(name: string, p: Record<string, unknown>): Record<string, unknown> {
  const currency = str(p.currency)?.toUpperCase();
  const products = Array.isArray(p.products) ? p.products.filter(isRecord).map(toItem) : undefined;
  switch (name) {
    case 'view_item':
    case 'select_item':
    case 'add_to_cart':
    case 'remove_from_cart':
    case 'add_to_wishlist': {
      const item = toItem(p);
      const price = num(p.price);
      const quantity = num(p.quantity) ?? 1;
      return clean({
        ...p,
        currency,
        value: num(p.value) ?? (price !== undefined ? price * quantity : undefined),
        items: [item],
      });
    }
    case 'begin_checkout':
    case 'view_cart':
    case 'add_payment_info':
    case 'purchase':
    case 'refund':
      return clean({
        ...p,
        currency,
        // Segment: revenue excludes shipping and tax, total includes them; GA4's value is the order's revenue.
        value: num(p.revenue) ?? num(p.value) ?? num(p.total),
        transaction_id: str(p.order_id) ?? str(p.checkout_id) ?? str(p.transaction_id),
        shipping: num(p.shipping),
        tax: num(p.tax),
        coupon: str(p.coupon),
        items: products,
      });
    case 'view_promotion':
    case 'select_promotion':
      return clean({
        ...p,
        promotion_id: str(p.promotion_id) ?? str(p.coupon_id),
        promotion_name: str(p.name) ?? str(p.coupon_name),
        creative_slot: str(p.position) ?? str(p.creative),
      });
    case 'share':
      return clean({ ...p, method: str(p.share_via) ?? str(p.method), item_id: str(p.product_id) });
    case 'experiment_exposure':
      return clean({
        ...p,
        experiment: str(p.experiment_id) ?? str(p.experiment_name),
        variant: str(p.variation_id) ?? str(p.variation_name),
      });
    default:
      return p;
  }
}

/**
 * The stored id of a Segment message: its messageId scoped to the anonymousId and userId it was sent with (not the
 * browser visitor the server may link a userId-only message to, which can change between a send and its retry), so
 * a retry maps to the same row while two senders' colliding messageIds stay two events. The site scopes it as any id.
 */
export function segmentEventId(messageId: string, m: Pick<SegmentMessage, 'anonymousId' | 'userId'>): string {
  return JSON.stringify([messageId, str(m.anonymousId) ?? null, str(m.userId) ?? null]);
}

/**
 * One Segment message as our envelope, or the issues that make it unusable (paths relative to the message).
 * `resolveAnonymousId` links a server-side message carrying only a userId to the browser visitor it belongs to.
 */
export function fromSegment(
  m: SegmentMessage,
  now: number,
  resolved: { anonymousId?: string },
): { ok: true; envelope: Envelope; messageId: string; timed: boolean } | { ok: false; issues: MappingIssue[] } {
  const issues: MappingIssue[] = [];
  const type = str(m.type);
  if (type !== 'track' && type !== 'identify' && type !== 'page' && type !== 'screen')
    issues.push({ path: 'type', message: `expected track, identify, page or screen, got ${JSON.stringify(m.type)}` });
  const messageId = str(m.messageId);
  if (!messageId) issues.push({ path: 'messageId', message: 'required: used to deduplicate retries' });
  const anonymousId = str(m.anonymousId) ?? resolved.anonymousId;
  const userId = str(m.userId);
  if (!anonymousId && !userId) issues.push({ path: 'userId', message: 'either userId or anonymousId is required' });
  if (type === 'track' && !str(m.event)) issues.push({ path: 'event', message: 'required for track' });
  else if (type === 'track') {
    const event = str(m.event)!;
    if ((GA4_NAME.get(event) ?? event).length > MAX_NAME)
      issues.push({ path: 'event', message: `expected at most ${MAX_NAME} characters` });
  }
  if (anonymousId && anonymousId.length > 100)
    issues.push({ path: 'anonymousId', message: 'expected at most 100 characters' });
  if (userId && userId.length > 200) issues.push({ path: 'userId', message: 'expected at most 200 characters' });
  if (m.properties !== undefined && !isRecord(m.properties))
    issues.push({ path: 'properties', message: 'expected an object' });
  if (m.traits !== undefined && !isRecord(m.traits)) issues.push({ path: 'traits', message: 'expected an object' });
  for (const k of ['properties', 'traits', 'context'] as const) {
    const deep = tooDeep(m[k], MAX_PROPS_DEPTH);
    if (deep !== undefined)
      issues.push({ path: deep ? `${k}.${deep}` : k, message: `nested more than ${MAX_PROPS_DEPTH} levels deep` });
  }
  let ts = now;
  if (m.timestamp !== undefined) {
    const t = typeof m.timestamp === 'string' ? Date.parse(m.timestamp) : NaN;
    const late = Number.isFinite(t) ? eventTimeIssue(t, now) : 'expected an ISO 8601 date';
    if (late) issues.push({ path: 'timestamp', message: late });
    else ts = t;
  }
  if (issues.length) return { ok: false, issues };

  const ctx = isRecord(m.context) ? m.context : {};
  const props = isRecord(m.properties) ? m.properties : {};
  const pageCtx = isRecord(ctx.page) ? ctx.page : {};
  let name: string;
  let outProps: Record<string, unknown>;
  if (type === 'track') {
    const event = str(m.event)!;
    name = GA4_NAME.get(event) ?? event;
    outProps = mapProps(name, props);
    if (name !== event) outProps = { ...outProps, segment_event: event };
  } else if (type === 'identify') {
    name = 'identify';
    outProps = { traits: isRecord(m.traits) ? m.traits : isRecord(ctx.traits) ? ctx.traits : {} };
  } else {
    name = 'page_view';
    outProps = clean({ ...props, page_name: str(m.name) });
  }
  const url = str(props.url) ?? str(pageCtx.url);
  const campaign = isRecord(ctx.campaign) ? ctx.campaign : undefined;
  return {
    ok: true,
    messageId: messageId!,
    /** ts is the message's own timestamp (else the time it arrived) */
    timed: m.timestamp !== undefined,
    envelope: {
      id: segmentEventId(messageId!, m),
      name,
      ts,
      anonymousId: anonymousId ?? `user:${userId}`,
      userId: userId ?? null,
      sessionId: null,
      seq: null,
      page:
        type === 'page' || url
          ? clean({
              url,
              path: str(props.path) ?? str(pageCtx.path),
              referrer: str(props.referrer) ?? str(pageCtx.referrer),
              title: str(props.title) ?? str(pageCtx.title),
            })
          : null,
      context: clean({
        library: isRecord(ctx.library) ? ctx.library : undefined,
        locale: str(ctx.locale),
        utm: campaign
          ? clean({
              source: str(campaign.source),
              medium: str(campaign.medium),
              campaign: str(campaign.name),
              term: str(campaign.term),
              content: str(campaign.content),
            })
          : undefined,
        ip: str(ctx.ip),
        experiments: {},
      }),
      props: outProps,
    },
  };
}
