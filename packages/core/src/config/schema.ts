// The config document: one zod/mini definition shared by the browser, the server and the console.
import * as z from 'zod/mini';

/** Merchant text: shown as text, never HTML; bounded so a typo cannot ship a novel. */
const text = (max = 500) => z.string().check(z.maxLength(max));
const nonNegative = () => z.number().check(z.gte(0));
const count = () => z.int().check(z.gte(0));
const isoInstant = () => z.iso.datetime({ offset: true });
/** ISO 4217 code such as USD, CNY, TWD. */
const currency = () =>
  z.string().check(z.regex(/^[A-Z]{3}$/, 'expected a 3-letter ISO 4217 currency code such as USD'));
/** Absolute http(s) URL; javascript:, data: and friends are refused. */
const httpUrl = () => z.string().check(z.regex(/^https?:\/\/[^\s]+$/i, 'expected an absolute http:// or https:// URL'));
/**
 * Absolute http(s) URL or a same-site path ("/discount/{code}"); never another scheme. No backslashes: browsers read
 * `/\host` like `//host`, another site, so a path may not start with `//` in any spelling.
 */
const linkUrl = () =>
  z
    .string()
    .check(z.regex(/^(https?:\/\/[^\s\\]+|\/(?!\/)[^\s\\]*)$/i, 'expected an http(s) URL or a path starting with /'));
/** A CSS colour value that cannot break out of a declaration (no ; { } or quotes). */
const cssColor = () =>
  z
    .string()
    .check(
      z.regex(
        /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9a-zA-Z.,%/\s-]{1,60}\))$/,
        'expected a CSS colour such as #d92d20, red or rgb(217 45 32)',
      ),
    );
const localeTag = () =>
  z
    .string()
    .check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag such as en or zh-CN'));
/**
 * A locale tag a shop writes copy for, written as Intl writes it (`zh-CN`, `zh-Hant-TW`; not `zh-cn` or `zh_CN`), so
 * one locale has one key. Whether the language exists is the server's check (its config/locales.ts), not the page's.
 */
const copyLocale = () =>
  z
    .string()
    .check(
      z.regex(
        /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/,
        'expected a locale tag written as en, zh-CN or zh-TW',
      ),
    );
/** Merchant copy: one text for every page, or one per locale (`{ "en": "...", "zh-CN": "..." }`); see CONFIG.md. */
const copy = (max: number) =>
  z.union([text(max), z.record(copyLocale(), text(max))], { error: 'expected text or {"<locale>": text}' });
const key = () => z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'expected letters, digits, - or _ (max 64)'));

export const couponPopupPropsSchema = z.strictObject({
  code: z.optional(text(64)),
  heading: z.optional(copy(120)),
  description: z.optional(copy(500)),
  /** Money off, in `currency` units. */
  amount: z.optional(nonNegative()),
  /** Minimum spend for `amount` to apply (spend 150, save 30). */
  threshold: z.optional(nonNegative()),
  currency: z.optional(currency()),
  expiresAt: z.optional(isoInstant()),
  /** Auto-apply link template, `{code}` is replaced by the code. */
  applyUrl: z.optional(linkUrl()),
  /** Ask for an email before revealing the code (sends generate_lead). */
  collectEmail: z.optional(z.boolean()),
  /** Consent text shown (as text) beside a checkbox the shopper must tick before the email is sent. */
  consent: z.optional(copy(500)),
  locale: z.optional(localeTag()),
});

export const stockBannerPropsSchema = z.strictObject({
  stock: z.optional(count()),
  sold: z.optional(count()),
  soldWindowHours: z.optional(z.number().check(z.gt(0))),
  endsAt: z.optional(isoInstant()),
  asOf: z.optional(isoInstant()),
  /** Where the figures come from (shown in audits), e.g. "shopify-inventory". */
  source: z.optional(text(120)),
  lowStockThreshold: z.optional(count()),
  maxAgeSeconds: z.optional(z.number().check(z.gt(0))),
  /** JSON feed polled with ETag for live stock. */
  feedUrl: z.optional(httpUrl()),
  /** Seconds between feed polls (the element's default is 60); at least 15 so a typo cannot hammer the feed. */
  feedIntervalSeconds: z.optional(z.number().check(z.gte(15))),
  locale: z.optional(localeTag()),
});

export const referralCardPropsSchema = z.strictObject({
  code: z.optional(text(64)),
  url: z.optional(httpUrl()),
  inviterReward: z.optional(copy(120)),
  friendReward: z.optional(copy(120)),
  heading: z.optional(copy(120)),
  locale: z.optional(localeTag()),
});

export const buyBarPropsSchema = z.strictObject({
  /** CSS selector of the page's main buy button. */
  target: z.optional(text(200)),
  /** CSS selector of the page footer; the bar hides while it is in view. */
  footer: z.optional(text(200)),
  name: z.optional(copy(200)),
  price: z.optional(nonNegative()),
  compareAtPrice: z.optional(nonNegative()),
  currency: z.optional(currency()),
  /** `out_of_stock` or `discontinued` hides the bar (else the page's product availability decides). */
  availability: z.optional(z.enum(['in_stock', 'out_of_stock', 'preorder', 'limited', 'discontinued'])),
  position: z.optional(z.enum(['bottom', 'top'])),
  color: z.optional(cssColor()),
  label: z.optional(copy(60)),
  locale: z.optional(localeTag()),
});

export const widgetPropSchemas = {
  'coupon-popup': couponPopupPropsSchema,
  'stock-banner': stockBannerPropsSchema,
  'referral-card': referralCardPropsSchema,
  'buy-bar': buyBarPropsSchema,
} as const;
export type WidgetType = keyof typeof widgetPropSchemas;
export const widgetTypes = Object.keys(widgetPropSchemas) as WidgetType[];

export type CouponPopupProps = z.infer<typeof couponPopupPropsSchema>;
export type StockBannerProps = z.infer<typeof stockBannerPropsSchema>;
export type ReferralCardProps = z.infer<typeof referralCardPropsSchema>;
export type BuyBarProps = z.infer<typeof buyBarPropsSchema>;

export const segmentNames = ['new', 'active', 'dormant', 'high_value'] as const;
export type SegmentName = (typeof segmentNames)[number];

/** A numeric range; both ends inclusive. */
export interface Range {
  gte?: number;
  lte?: number;
}
/** Audience condition: every key present must hold (implicit all); see CONFIG.md. */
export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  segment?: SegmentName | SegmentName[];
  visitor?: 'new' | 'returning';
  visits?: Range;
  device?: 'mobile' | 'desktop';
  path?: string | string[];
  utmSource?: string | string[];
  utmMedium?: string | string[];
  utmCampaign?: string | string[];
  referrerHost?: string | string[];
  locale?: string | string[];
  cartValue?: Range;
  hasReferral?: boolean;
}

const rangeSchema = z.strictObject({ gte: z.optional(z.number()), lte: z.optional(z.number()) });
const oneOrMany = <T extends z.ZodMiniType>(item: T) => z.union([item, z.array(item).check(z.minLength(1))]);
const segmentSchema = z.enum(segmentNames);

export const conditionSchema: z.ZodMiniType<Condition> = z.strictObject({
  get all() {
    return z.optional(z.array(conditionSchema));
  },
  get any() {
    return z.optional(z.array(conditionSchema));
  },
  get not() {
    return z.optional(conditionSchema);
  },
  segment: z.optional(oneOrMany(segmentSchema)),
  visitor: z.optional(z.enum(['new', 'returning'])),
  visits: z.optional(rangeSchema),
  device: z.optional(z.enum(['mobile', 'desktop'])),
  path: z.optional(oneOrMany(text(300))),
  utmSource: z.optional(oneOrMany(text(200))),
  utmMedium: z.optional(oneOrMany(text(200))),
  utmCampaign: z.optional(oneOrMany(text(200))),
  referrerHost: z.optional(oneOrMany(text(253))),
  locale: z.optional(oneOrMany(text(35))),
  cartValue: z.optional(rangeSchema),
  hasReferral: z.optional(z.boolean()),
}) as z.ZodMiniType<Condition>;

/** When a widget opens; the first trigger that fires wins. No trigger: at once. */
export const triggerSchema = z.strictObject({
  delayMs: z.optional(count()),
  /** 0..100, share of the page scrolled. */
  scrollPercent: z.optional(z.number().check(z.gte(0), z.lte(100))),
  exitIntent: z.optional(z.boolean()),
  /** Page views in this visit before it may open. */
  pageViews: z.optional(z.int().check(z.gte(1))),
  idleMs: z.optional(count()),
});

/** How often a widget may come back. After a claim it never returns. */
export const frequencySchema = z.strictObject({
  /** Days of quiet after a dismiss. */
  quietDaysAfterDismiss: z.optional(nonNegative()),
  oncePerSession: z.optional(z.boolean()),
  /** Shows per visitor, ever. */
  maxShows: z.optional(z.int().check(z.gte(1))),
});

const mountSchema = z.strictObject({
  selector: text(300),
  position: z.optional(z.enum(['before', 'after', 'prepend', 'append'])),
});

/** A local time of day, "HH:MM" (24-hour); `to` may also be "24:00", the end of the day. */
const clock = (end = false) =>
  z.string().check(z.regex(end ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'));

/** A repeating window in the site's time zone (schedule.ts evaluates it; CONFIG.md, "Schedules"). */
export const scheduleWindowSchema = z.strictObject({
  days: z.optional(z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).check(z.minLength(1))),
  /** 1-31, or -1 for the month's last day. */
  monthDays: z.optional(z.array(z.int().check(z.gte(-1), z.lte(31))).check(z.minLength(1))),
  from: z.optional(clock()),
  to: z.optional(clock(true)),
});

/** When a widget shows or an experiment enrols: on from `start`, off from `end`, and only inside a window if any. */
export const scheduleSchema = z.strictObject({
  start: z.optional(isoInstant()),
  end: z.optional(isoInstant()),
  windows: z.optional(z.array(scheduleWindowSchema).check(z.minLength(1), z.maxLength(20))),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

const widgetBase = {
  id: key(),
  enabled: z.optional(z.boolean()),
  audience: z.optional(conditionSchema),
  trigger: z.optional(triggerSchema),
  frequency: z.optional(frequencySchema),
  mount: z.optional(mountSchema),
  schedule: z.optional(scheduleSchema),
};

export const widgetSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...widgetBase, type: z.literal('coupon-popup'), props: couponPopupPropsSchema }),
  z.strictObject({ ...widgetBase, type: z.literal('stock-banner'), props: stockBannerPropsSchema }),
  z.strictObject({ ...widgetBase, type: z.literal('referral-card'), props: referralCardPropsSchema }),
  z.strictObject({ ...widgetBase, type: z.literal('buy-bar'), props: buyBarPropsSchema }),
]);
export type WidgetConfig = z.infer<typeof widgetSchema>;

export const variantSchema = z.strictObject({
  key: key(),
  /** Relative share; bounded so the weights' sum stays finite (1e308 + 1e308 is Infinity, and enrols nobody). */
  weight: z.number().check(z.gte(0), z.lte(1e6)),
  /** widgetId -> props to override (and `enabled`); checked against that widget's prop schema. */
  patch: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
});
export type Variant = z.infer<typeof variantSchema>;

export const experimentSchema = z.strictObject({
  key: key(),
  name: z.optional(text(200)),
  status: z.enum(['draft', 'running', 'paused', 'stopped']),
  /** Share of the audience enrolled, 0..1. */
  traffic: z.number().check(z.gte(0), z.lte(1)),
  audience: z.optional(conditionSchema),
  /** Experiments in one layer never share a visitor. */
  layer: z.optional(key()),
  /** The first variant is the control. */
  variants: z.array(variantSchema).check(z.minLength(1)),
  winner: z.optional(key()),
  /** Raise to reshuffle everyone on purpose. */
  bucketVersion: z.optional(count()),
  /** Outside it the experiment enrols no one and every visitor sees the control (no exposure). */
  schedule: z.optional(scheduleSchema),
});
export type Experiment = z.infer<typeof experimentSchema>;

export const segmentSettingsSchema = z.strictObject({
  activeWithinDays: z.optional(z.number().check(z.gt(0))),
  dormantAfterDays: z.optional(z.number().check(z.gt(0))),
  highValue: z.optional(z.strictObject({ minOrders: z.optional(count()), minSpent: z.optional(nonNegative()) })),
});
export type SegmentSettings = z.infer<typeof segmentSettingsSchema>;

/** Auto-tracking by the script-tag loader: clicks on these selectors send GA4 funnel events. */
export const trackingSchema = z.strictObject({
  /** Clicks here send add_to_cart for the page's product. */
  addToCart: z.optional(text(300)),
  /** Clicks here send begin_checkout with the cart. */
  beginCheckout: z.optional(text(300)),
  /**
   * Share of page views that load web-vitals and send `web_vitals`, 0-1 (default 1, every page view; 0 off). Drawn per
   * page view, so per-variant percentiles stay unbiased; each event carries `sample_rate`.
   */
  webVitals: z.optional(z.number().check(z.gte(0), z.lte(1))),
});

/** The public part of a site's referral program (stages and amounts, in `currency`), published by the server. */
export const referralRewardsSchema = z.strictObject({
  currency: z.optional(currency()),
  stages: z
    .array(
      z.strictObject({
        stage: z.enum(['friend_signup', 'friend_first_order']),
        friend: z.optional(nonNegative()),
        inviter: z.optional(nonNegative()),
      }),
    )
    .check(z.maxLength(2)),
  /** A friend's first order below this value grants nothing. */
  minOrder: z.optional(nonNegative()),
  /** What one inviter may earn per calendar month. */
  capPerInviterPerMonth: z.optional(nonNegative()),
});
export type ReferralRewards = z.infer<typeof referralRewardsSchema>;

/** The site's coupon for the next order, published by the server: the widget that shows it to a buyer. */
export const nextOrderOfferSchema = z.strictObject({
  widget: text(100),
  /** Orders below this value get none. */
  minOrder: z.optional(nonNegative()),
});
export type NextOrderOffer = z.infer<typeof nextOrderOfferSchema>;

export const nudgeConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  schema: z.literal(1),
  site: key(),
  /** Increases on every publish. */
  version: count(),
  /**
   * When the server published it (epoch ms; never earlier than the document it replaced). Optional: static files and
   * hand-written documents may leave it out. Lets browsers accept a reset server's restarted versions (CONFIG.md).
   */
  publishedAt: z.optional(count()),
  locale: z.optional(localeTag()),
  currency: z.optional(currency()),
  /** IANA time zone the schedules' local times are in, e.g. "Asia/Shanghai" (default UTC). */
  timeZone: z.optional(text(64)),
  segments: z.optional(segmentSettingsSchema),
  tracking: z.optional(trackingSchema),
  /**
   * Set by the server: captured leads are delivered (the site configured a webhook or email). Without it a widget
   * must not promise the shopper an email.
   */
  leadDelivery: z.optional(z.boolean()),
  /** Set by the server from the site's referral program: what each side gets, so the card shows it (no secrets). */
  referral: z.optional(referralRewardsSchema),
  /** Set by the server from the site's next-order coupon: the widget that shows a buyer their coupon. */
  nextOrder: z.optional(nextOrderOfferSchema),
  widgets: z.array(widgetSchema),
  experiments: z.array(experimentSchema),
});
export type NudgeConfig = z.infer<typeof nudgeConfigSchema>;
