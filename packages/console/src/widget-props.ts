// What the console knows of each widget prop beyond its JSON Schema: the element's default, and where a page's facts come from.
import type { WidgetType } from '@nudge/core';

/** Where a fact about the product on a page comes from: the page's markup, the stock feed, or `nudge.setProduct()`. */
export type FactSource = 'page' | 'feed' | 'setProduct';

export interface PropInfo {
  /** The element's own value when the prop is not set (a value; words that depend on the language are in i18n). */
  default?: string | number | boolean;
  /** A fact that belongs to each product page: read from these, so not offered as a site setting. */
  from?: FactSource[];
}

const stockFact: PropInfo = { from: ['page', 'feed', 'setProduct'] };
const productFact: PropInfo = { from: ['page', 'setProduct'] };

/** Per widget type, every prop the widget reads (the test checks each schema prop has an entry and words). */
export const propInfo: Record<WidgetType, Record<string, PropInfo>> = {
  'coupon-popup': {
    code: {},
    heading: {},
    description: {},
    amount: {},
    threshold: {},
    currency: {},
    expiresAt: {},
    applyUrl: {},
    collectEmail: { default: false },
    consent: {},
    locale: {},
  },
  'stock-banner': {
    stock: stockFact,
    sold: stockFact,
    soldWindowHours: stockFact,
    endsAt: stockFact,
    asOf: stockFact,
    source: stockFact,
    lowStockThreshold: { default: 5 },
    maxAgeSeconds: { default: 900 },
    feedUrl: {},
    feedIntervalSeconds: { default: 60 },
    locale: {},
  },
  'referral-card': {
    code: {},
    url: {},
    inviterReward: {},
    friendReward: {},
    heading: {},
    locale: {},
  },
  'buy-bar': {
    target: {},
    footer: { default: 'footer, [role="contentinfo"]' },
    name: productFact,
    price: productFact,
    compareAtPrice: productFact,
    currency: productFact,
    availability: productFact,
    position: { default: 'bottom' },
    color: {},
    label: {},
    locale: {},
  },
};

/** A new widget's props: the defaults of its settings written out, so the form starts from what the widget does. */
export function defaultProps(type: WidgetType): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(propInfo[type])
      .filter(([, p]) => !p.from && p.default !== undefined && p.default !== false)
      .map(([k, p]) => [k, p.default]),
  );
}

/** The widget types a site can add, in the order the console offers them. */
export const widgetTypeList = Object.keys(propInfo) as WidgetType[];
