// English words for the widget forms: each prop's label, help and (where it is words) default, and the form's own words.

/** [label, help, the default in words when the element's default depends on the language or the page]. */
export type PropWords = readonly [label: string, help: string, defaultWords?: string];

export const propWordsEn: Record<string, Record<string, PropWords>> = {
  'coupon-popup': {
    code: [
      'Coupon code',
      'The code revealed when a visitor claims the offer (a pool on the Rewards tab gives each visitor their own).',
    ],
    heading: ['Heading', 'The popup title, shown as text.', 'a welcome-gift line in the visitor’s language'],
    description: ['Description', 'A sentence under the heading, shown as text.'],
    amount: ['Amount off', 'Money off, in the coupon’s currency.'],
    threshold: ['Minimum spend', 'The spend the amount applies from (spend 150, save 30).'],
    currency: ['Currency', 'ISO 4217 code of the amount and minimum spend, such as USD or CNY.', 'the shop’s currency'],
    expiresAt: ['Expires at', 'After this moment the popup never shows.'],
    applyUrl: [
      'Apply link',
      'Link that applies the code, such as /discount/{code}: an http(s) URL or a path on this site.',
    ],
    collectEmail: ['Ask for an email first', 'The visitor leaves an email before the code shows (a lead).'],
    consent: [
      'Consent text',
      'Shown beside a checkbox the visitor must tick before the email is sent (with “Ask for an email first”).',
      'no checkbox',
    ],
    locale: ['Language', 'BCP 47 tag such as en or zh-CN.', 'the page’s language'],
  },
  'stock-banner': {
    stock: ['Units in stock', 'How many units are left.'],
    sold: ['Units sold', 'Units sold within the sold window.'],
    soldWindowHours: ['Sold window (hours)', 'The period the units-sold count covers.'],
    endsAt: ['Sale ends at', 'The end of this product’s sale, for the countdown.'],
    asOf: ['Figures as of', 'When the stock figures were true; figures without it are not shown.'],
    source: ['Figures source', 'Where the figures come from (such as erp), kept in the audit event.'],
    lowStockThreshold: ['Low-stock threshold', '“Only N left” shows at or under this many units.'],
    maxAgeSeconds: ['Maximum age (seconds)', 'Stock figures older than this are not shown.'],
    feedUrl: ['Stock feed URL', 'An http(s) URL answering the product’s live stock as JSON, polled with ETag.'],
    feedIntervalSeconds: ['Feed interval (seconds)', 'Seconds between feed polls, at least 15.'],
    locale: ['Language', 'BCP 47 tag such as en or zh-CN.', 'the page’s language'],
  },
  'referral-card': {
    code: ['Referral code', 'A fixed code added to the invite link as ?ref=CODE.', 'the visitor’s own code'],
    url: ['Invite page', 'The http(s) page the invite link opens.', 'this site’s home page'],
    inviterReward: ['Inviter’s reward', 'What the person who shares gets, such as “$10 credit”.'],
    friendReward: ['Friend’s reward', 'What the invited friend gets, such as “15% off”.'],
    heading: ['Heading', 'The card title, shown as text.', 'a line built from the rewards'],
    locale: ['Language', 'BCP 47 tag such as en or zh-CN.', 'the page’s language'],
  },
  'buy-bar': {
    target: [
      'Buy button',
      'CSS selector of the page’s main buy button; the bar shows once it scrolls away and clicks it.',
    ],
    footer: ['Footer', 'CSS selector of the page footer; the bar hides while it is in view.'],
    name: ['Product name', 'The product’s name shown in the bar.'],
    price: ['Price', 'The product’s current price.'],
    compareAtPrice: ['Price before discount', 'Shown struck through when higher than the price.'],
    currency: ['Currency', 'ISO 4217 code of the price.'],
    availability: ['Availability', 'Out of stock or discontinued hides the bar.'],
    position: ['Position', 'At the bottom or the top of the screen.'],
    color: ['Button colour', 'Any opaque CSS colour such as #d92d20 or red; the text colour follows it.'],
    label: ['Button text', 'The buy button’s text.', '“Add to cart” in the visitor’s language'],
    locale: ['Language', 'BCP 47 tag such as en or zh-CN.', 'the page’s language'],
  },
};

/** The widget form's own words ({f} is a field's label). */
export const formWordsEn = {
  default: 'Default: {v}',
  noDefault: 'Default: not set',
  timeZone: 'Time zone: {z}',
  pickColour: '{f}: pick a colour',
  fromPage: 'Comes from each product page: {sources}. Not a site setting.',
  page: 'the page’s markup (JSON-LD, Open Graph or data attributes)',
  feed: 'the stock feed',
  setProduct: 'nudge.setProduct() on the page',
  overrides: 'Set here for every page: {v}',
  removeOverride: 'Use the page’s value',
  badColour: '{f}: “{v}” is not a CSS colour (use a colour such as #d92d20, red or rgb(217 45 32))',
  badUrl: '{f}: expected an http(s) URL or a path starting with / (other schemes such as javascript: are refused)',
  badHttpUrl: '{f}: expected an absolute http:// or https:// URL (other schemes such as javascript: are refused)',
  badPattern: '{f}: “{v}” does not have the expected form',
  tooLong: '{f}: at most {n} characters',
  tooSmall: '{f}: at least {n}',
  tooSmallStrict: '{f}: more than {n}',
  notNumber: '{f}: expected a number',
  fixFirst: 'Correct the fields named above before saving.',
  addWidget: 'Add a widget',
  widgetType: 'Widget type',
  widgetId: 'Widget id',
  add: 'Add',
  addedOff: 'New widgets start switched off: set them up, then switch them on.',
  duplicate: 'Duplicate',
  remove: 'Remove',
  confirmRemove: 'Remove the widget “{w}” from every page? Experiments that change it must be changed first.',
  idTaken: 'Widget id: “{w}” is already used on this site',
  badId: 'Widget id: letters, digits, - or _ (at most 64)',
  added: 'Added {w}',
  removed: 'Removed {w}',
  usedBy: 'Widget “{w}” is changed by the experiment {e}: remove it from the experiment first.',
};
export type FormWordKey = keyof typeof formWordsEn;
