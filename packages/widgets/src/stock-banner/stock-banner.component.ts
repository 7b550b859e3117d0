// <nudge-stock-banner>: honest urgency; real stock figures with a known source and age, one absolute sale end.
// This eager part decides reserve-or-collapse at the first render; stock-banner.controller.ts (lazy) does the rest.
import { html, type PropertyValues } from 'lit';
import { NudgeElement } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import { reserve } from './stock-banner.reserve.js';
import { browserTimers, type Timers } from './timers.js';
import type { StockBannerController, StockBannerHost, StockFrame } from './stock-banner.controller.js';
import {
  DEFAULT_RULES,
  hidden,
  present,
  stockView,
  type StockFacts,
  type StockRules,
  type StockView,
} from './stock-state.js';

/** What the host's `state` attribute says; style hooks and test hooks both read it. */
export type StockBannerState = 'pending' | 'shown' | 'sold-out' | 'hidden' | 'collapsed';

/**
 * Honest urgency: "only N left" at or under a threshold, "N sold in the last H hours" with its window, a countdown to
 * one absolute sale end (the same instant for every visitor), and a sold-out state. It shows only real figures
 * with a known source and age: when data is missing, older than `max-age-seconds` or inconsistent it shows
 * nothing. It never invents, randomises or restarts a number or a timer, and every figure it shows goes into its
 * `view_promotion` event.
 *
 * Layout: the element reserves its height (`--nudge-stock-banner-min-height`: two lines, three in a column
 * narrower than 23rem) from its first render, so data arriving later moves nothing, and its height never shrinks
 * once painted. If it knows at its first render that it has nothing to show (no data and nothing
 * to wait for) it collapses (`state="collapsed"`, `display: none`) before anything is painted. Once its box has
 * been painted it never collapses: when it hides later (stale data, sale over) the box stays, empty, because
 * giving the space back would shift the page. Changes to the stock figures are announced politely to screen
 * readers, at most once a minute; the countdown itself is not announced. The countdown changes once a minute,
 * never by the second (WCAG 2.2.2: no ticking content that would need a pause control).
 *
 * Loading: the element itself carries only the rules that decide, at the first render, between reserving the box
 * and collapsing; the messages, countdown, announcements and audit events load as a chunk once there is (or may
 * soon be) something to show, inside the box already reserved.
 *
 * Data sources, first match wins for the stock figures: the `feed-url` poll (once it has answered), the
 * attributes, then `$product.stock` from the SDK. The sale end comes from the feed's `saleEndsAt`, `ends-at`,
 * then `$product.saleEndsAt`.
 *
 * @summary Honest stock, sold-count and sale-countdown banner that hides when its data is not trustworthy.
 *
 * @event {CustomEvent<Record<string, unknown>>} nudge-show - The banner reached the screen with something to say. Detail: every figure shown
 *   (`state`, `stock`, `sold`, `window`, `endsAt`, `asOf`, `source`).
 *
 * @csspart banner - The box holding the messages (reserved even while empty).
 * @csspart stock - The stock line ("only N left", "N sold in the last H hours", or "sold out").
 * @csspart countdown - The countdown line.
 *
 * @cssproperty --nudge-stock-banner-min-height - Height reserved before data arrives (default 4.25rem, two lines;
 *   5.6rem, three lines, below 23rem wide).
 * @cssproperty --nudge-stock-banner-surface - Banner background (default #fff7f5).
 * @cssproperty --nudge-stock-banner-border - Banner border (default #f5c2b8).
 * @cssproperty --nudge-accent - Colour of the low-stock text and the side stripe (default #b42318).
 * @cssproperty --nudge-text - Text colour (default #1f2328).
 * @cssproperty --nudge-surface - Background in the sold-out state (default #fff).
 * @cssproperty --nudge-border - Border in the sold-out state (default #d0d7de).
 * @cssproperty --nudge-radius - Corner radius (default 12px).
 * @cssproperty --nudge-font - Font stack.
 */
export class NudgeStockBanner extends NudgeElement implements StockBannerHost {
  static override widgetType = 'stock-banner';
  static override styles = reserve;
  static override properties = {
    ...NudgeElement.properties,
    stock: { type: Number },
    sold: { type: Number },
    soldWindowHours: { type: Number, attribute: 'sold-window-hours' },
    endsAt: { type: String, attribute: 'ends-at' },
    asOf: { type: String, attribute: 'as-of' },
    source: { type: String },
    lowStockThreshold: { type: Number, attribute: 'low-stock-threshold' },
    maxAgeSeconds: { type: Number, attribute: 'max-age-seconds' },
    feedUrl: { type: String, attribute: 'feed-url' },
    feedIntervalSeconds: { type: Number, attribute: 'feed-interval-seconds' },
  };

  /** Units in stock now (a whole number >= 0). 0 shows the sold-out state. Needs `as-of`. */
  declare stock: number | null | undefined;
  /** Units sold within the last `sold-window-hours`. Not shown without a window. Needs `as-of`. */
  declare sold: number | null | undefined;
  /** The window the `sold` count covers, in hours; it is stated in the message. */
  declare soldWindowHours: number | null | undefined;
  /** The sale's end as an ISO instant with a zone (`2026-11-22T00:00:00+08:00`); zone-less values are refused. */
  declare endsAt: string;
  /** When `stock`/`sold` were known to be true (ISO instant with a zone). Figures without it are not shown. */
  declare asOf: string;
  /** Where the figures come from (e.g. `erp`, `shopify`), carried into the audit event. Default `attribute`. */
  declare source: string;
  /** "Only N left" shows at or under this many units. Default 5. */
  declare lowStockThreshold: number | null | undefined;
  /** Stock figures older than this many seconds (from `as-of`) are not shown. Default 900; at least 1. */
  declare maxAgeSeconds: number | null | undefined;
  /**
   * An http(s) URL answering `{ stock: { remaining?, sold?, soldWindowHours?, asOf, source? }, saleEndsAt?,
   * availability? }`, polled with `If-None-Match` (ETag). The only network access of any Nudge widget.
   */
  declare feedUrl: string;
  /** Seconds between feed polls (minimum 15, default 60); failures back off up to ten minutes. */
  declare feedIntervalSeconds: number | null | undefined;

  /** Clock and timers (tests inject a fake one); read when the element connects. */
  timers: Timers;
  /** The fetch the feed uses (for an authenticated wrapper, or tests); defaults to the global one. */
  fetch: typeof fetch | undefined;

  /** The loaded behaviour (lazy chunk), undefined until it arrives. */
  #ctl: StockBannerController | undefined;
  // Set by every willUpdate before the behaviour chunk can exist, so it needs no initial value.
  #frame!: StockFrame;
  #current: StockView = hidden('missing');
  #boxed = false;
  #lockedHeight = 0;
  #sized?: ResizeObserver;

  constructor() {
    super();
    this.endsAt = '';
    this.asOf = '';
    this.source = '';
    this.feedUrl = '';
    this.timers = browserTimers;
  }

  /** What the banner shows right now (or why it is hidden); the figures are exactly those in its events. */
  get view(): StockView {
    return this.#current;
  }

  /** @internal What the current view was decided from (read by the behaviour chunk). */
  get frame(): StockFrame {
    return this.#frame;
  }

  /** The frame this update decides from, and whether figures may still arrive (feed, `$product`). */
  #gather(): StockFrame & { pending: boolean } {
    const now = this.timers.now();
    const p = this.product;
    const feed = this.#ctl?.feedFacts;
    const ownStock = present(this.stock) || present(this.sold);
    let stock: StockFacts = {};
    if (feed && (present(feed.remaining) || present(feed.sold))) {
      stock = feed;
    } else if (ownStock) {
      stock = {
        remaining: this.stock,
        sold: this.sold,
        soldWindowHours: this.soldWindowHours,
        asOf: this.asOf,
        source: this.source || 'attribute',
      };
    } else if (p?.stock) {
      stock = { ...p.stock, source: p.stock.source || 'page', availability: p.availability };
    }
    const endsAt = feed?.endsAt || this.endsAt || p?.saleEndsAt || undefined;
    const feedUrl = this.feedUrl ? safeUrl(this.feedUrl) : null;
    if (this.feedUrl && !feedUrl) this.report(`feed-url must be an http(s) URL, got "${this.feedUrl}"`);
    const waitingForFeed = !!feedUrl && !this.#ctl?.feedAnswered;
    const waitingForProduct = !ownStock && !this.endsAt && !this.feedUrl && !!this.runtime && !p;
    return {
      now,
      facts: { ...stock, endsAt },
      rules: this.#readRules(),
      feedUrl,
      pending: waitingForFeed || waitingForProduct,
    };
  }

  #readRules(): StockRules {
    const rules = { ...DEFAULT_RULES };
    // A threshold of 0 is meaningful (never "only N left"); an age under a second is not.
    for (const [key, attr, min] of [
      ['lowStockThreshold', 'low-stock-threshold', 0],
      ['maxAgeSeconds', 'max-age-seconds', 1],
    ] as const) {
      const v = this[key];
      if (!present(v)) continue;
      if (Number.isFinite(v) && v >= min) rules[key] = v;
      else this.report(`${attr} must be a number >= ${min}, got ${v}; using ${rules[key]}`);
    }
    return rules;
  }

  /**
   * Loads the behaviour chunk (once) the first time there is (or may soon be) something to show. It is a Lit
   * ReactiveController: Lit connects it (at once when the element is connected), disconnects it and runs it right
   * after willUpdate and before updated.
   */
  #load(): void {
    void this.lazyView(
      () => import('./stock-banner.controller.js'),
      (m) => this.addController((this.#ctl = new m.StockBannerController(this))),
    ).then(() => this.#ctl || this.report('could not load its view chunk'));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The decision is eager: at the first render the element must know whether to reserve its box or collapse.
    const { now, facts, rules, pending } = (this.#frame = this.#gather());
    // A variant (or config) that turns the banner off for this visitor is "nothing to show", not an error.
    const view: StockView = this.configDisabled ? hidden('nothing-to-say') : stockView(facts, rules, now);
    this.#current = view;
    if (view.kind === 'hidden' && view.reason === 'inconsistent') this.report(`hidden: ${view.detail}`);

    let state: StockBannerState =
      view.kind === 'hidden' ? (pending && !this.configDisabled ? 'pending' : 'hidden') : view.kind;
    if (state === 'hidden' && !this.#boxed) state = 'collapsed';
    if (state !== 'collapsed') {
      this.#boxed = true;
      this.#load();
    }
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Never give back height once painted: text zoom or a long translation may outgrow the reserve, and shrinking
    // later (hiding, fewer claims) would shift the page. CSSOM, not a style attribute, so strict CSP allows it. The
    // height is read where layout is already done, before paint: a read here forced the page's whole first layout
    // into Nudge's task (13-22 ms of a 30-47 ms task on a 4x slower CPU).
    if (this.#boxed && !this.#sized)
      // The observer's size is in the element's own CSS px: a rect is scaled by the page's `zoom`, and writing it back
      // as min-height grew the banner by that factor on every frame.
      (this.#sized = new ResizeObserver(([e]) => {
        const h = e!.borderBoxSize[0]!.blockSize;
        if (h > this.#lockedHeight) this.style.minHeight = `${(this.#lockedHeight = h)}px`;
      })).observe(this);
  }

  override render() {
    // Until the behaviour chunk arrives: the reserved, empty box.
    return this.#ctl ? this.#ctl.render() : html`<div part="banner" class="banner"></div>`;
  }
}
