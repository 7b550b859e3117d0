// <nudge-stock-banner>: honest urgency; real stock figures with a known source and age, one absolute sale end.
import { html, nothing, type PropertyValues } from 'lit';
import { formatNumber, t } from '../internal/i18n.js';
import { NudgeElement } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import { messages } from './stock-banner.messages.js';
import { styles } from './stock-banner.styles.js';
import { browserTimers, PoliteAnnouncer, type Timers } from './polite-announcer.js';
import type { StockFeed } from './stock-feed.js';
import { auditProps, countdownParts, DEFAULT_RULES, nextChangeAt, stockView, type StockFacts, type StockRules, type StockView } from './stock-state.js';

/** What the host's `state` attribute says; style hooks and test hooks both read it. */
export type StockBannerState = 'pending' | 'shown' | 'sold-out' | 'hidden' | 'collapsed';

const MINUTE = 60_000;
const present = (n: number | null | undefined): n is number => n !== undefined && n !== null;

const unitFormats = new Map<string, Intl.NumberFormat>();
function formatUnit(n: number, unit: 'hour' | 'day', locale: string): string {
  const key = `${locale}|${unit}`;
  let f = unitFormats.get(key);
  if (!f) unitFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })));
  return f.format(n);
}

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
 * readers, at most once a minute; the countdown itself is not announced.
 *
 * Data sources, first match wins for the stock figures: the `feed-url` poll (once it has answered), the
 * attributes, then `$product.stock` from the SDK. The sale end comes from the feed's `saleEndsAt`, `ends-at`,
 * then `$product.saleEndsAt`.
 *
 * @summary Honest stock, sold-count and sale-countdown banner that hides when its data is not trustworthy.
 *
 * @event nudge-show - The banner reached the screen with something to say. Detail: every figure shown
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
export class NudgeStockBanner extends NudgeElement {
  static override widgetType = 'stock-banner';
  static override styles = styles;
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
  /** Stock figures older than this many seconds (from `as-of`) are not shown. Default 900. */
  declare maxAgeSeconds: number | null | undefined;
  /**
   * An http(s) URL answering `{ stock: { remaining?, sold?, soldWindowHours?, asOf, source? }, saleEndsAt?,
   * availability? }`, polled with `If-None-Match` (ETag). The only network access of any Nudge widget.
   */
  declare feedUrl: string;
  /** Seconds between feed polls (minimum 15, default 60); failures back off up to ten minutes. */
  declare feedIntervalSeconds: number | null | undefined;

  // Plain fields (not Lit state) so the element manifest lists only the public API; writers call requestUpdate().
  private feedFacts: StockFacts | undefined;
  private feedAnswered = false;
  private announcement = '';

  /** Clock and timers (tests inject a fake one); read when the element connects. */
  timers: Timers;
  /** The fetch the feed uses (for an authenticated wrapper, or tests); defaults to the global one. */
  fetch: typeof fetch | undefined;

  private current: StockView = { kind: 'hidden', reason: 'missing', detail: '' };
  private facts: StockFacts = {};
  private rules: StockRules = DEFAULT_RULES;
  private renderedAt = 0;
  private boxed = false;
  private lockedHeight = 0;
  private shownOnce = false;
  private intersecting = false;
  private lastEndsAt: number | undefined;
  private tick: unknown;
  private feed: StockFeed | undefined;
  private feedKey = '';
  private io: IntersectionObserver | undefined;
  private announcer: PoliteAnnouncer | undefined;
  private audit: PoliteAnnouncer | undefined;
  private reported = new Set<string>();
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.feed?.pollNow();
  };

  constructor() {
    super();
    this.endsAt = '';
    this.asOf = '';
    this.source = '';
    this.feedUrl = '';
    this.timers = browserTimers;
    this.fetch = undefined;
  }

  /** What the banner shows right now (or why it is hidden); the figures are exactly those in its events. */
  get view(): StockView {
    return this.current;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.announcer = new PoliteAnnouncer((text) => { this.announcement = text; this.requestUpdate(); }, MINUTE, this.timers);
    // Later figure changes are audited with the same one-a-minute throttle as the announcements they cause.
    this.audit = new PoliteAnnouncer((json) => this.track('view_promotion', { ...this.promotion, ...JSON.parse(json), update: true }), MINUTE, this.timers);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.io = new IntersectionObserver((entries) => {
      this.intersecting = entries.some((e) => e.isIntersecting);
      this.maybeMarkShown();
    });
    this.io.observe(this);
    if (this.hasUpdated) { this.syncFeed(true); this.requestUpdate(); }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.io?.disconnect();
    this.io = undefined;
    this.intersecting = false;
    this.announcer?.dispose();
    this.audit?.dispose();
    this.feed?.stop();
    this.feed = undefined;
    this.feedKey = '';
    if (this.tick !== undefined) this.timers.clearTimeout(this.tick);
    this.tick = undefined;
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    console.warn(`<nudge-stock-banner> ${message}`);
    this.track('nudge_error', { ...this.promotion, message });
  }

  private gather(): { facts: StockFacts; pending: boolean } {
    const p = this.product;
    const feed = this.feedFacts;
    const ownStock = present(this.stock) || present(this.sold);
    let stock: StockFacts = {};
    if (feed && (present(feed.remaining) || present(feed.sold))) {
      stock = feed;
    } else if (ownStock) {
      stock = { remaining: this.stock, sold: this.sold, soldWindowHours: this.soldWindowHours, asOf: this.asOf, source: this.source || 'attribute' };
    } else if (p?.stock) {
      stock = { ...p.stock, source: p.stock.source || 'page', availability: p.availability };
    }
    const endsAt = feed?.endsAt || this.endsAt || p?.saleEndsAt || undefined;
    const waitingForFeed = !!this.feedKey && !this.feedAnswered;
    const waitingForProduct = !ownStock && !this.endsAt && !this.feedUrl && !!this.runtime && !p;
    return { facts: { ...stock, endsAt }, pending: waitingForFeed || waitingForProduct };
  }

  private readRules(): StockRules {
    const rules = { ...DEFAULT_RULES };
    const th = this.lowStockThreshold;
    if (present(th)) {
      if (Number.isFinite(th) && th >= 0) rules.lowStockThreshold = th;
      else this.report(`low-stock-threshold must be a number >= 0, got ${th}; using ${DEFAULT_RULES.lowStockThreshold}`);
    }
    const age = this.maxAgeSeconds;
    if (present(age)) {
      if (Number.isFinite(age) && age > 0) rules.maxAgeSeconds = age;
      else this.report(`max-age-seconds must be a number > 0, got ${age}; using ${DEFAULT_RULES.maxAgeSeconds}`);
    }
    return rules;
  }

  private syncFeed(force = false): void {
    const url = this.feedUrl ? safeUrl(this.feedUrl) : null;
    const secs = this.feedIntervalSeconds;
    const interval = Math.max(15, present(secs) && Number.isFinite(secs) ? secs : 60) * 1000;
    const key = url ? `${url}|${interval}` : '';
    if (this.feedUrl && !url) this.report(`feed-url must be an http(s) URL, got "${this.feedUrl}"`);
    if (!force && key === this.feedKey) return;
    this.feedKey = key;
    this.feed?.stop();
    this.feed = undefined;
    if (!url || !this.isConnected) return;
    this.feedAnswered = false;
    // Loaded on demand: most pages pass figures by attribute or $product and never pay for the poller.
    import('./stock-feed.js').then(({ StockFeed }) => {
      if (this.feedKey !== key || !this.isConnected || this.feed) return;
      this.feed = new StockFeed({
        url,
        intervalMs: interval,
        timers: this.timers,
        ...(this.fetch ? { fetch: this.fetch } : {}),
        isHidden: () => document.visibilityState === 'hidden',
        onData: (facts) => {
          // Never go back in time: an answer older than what is shown (a lagging cache) is ignored.
          const prev = this.feedFacts?.asOf ? Date.parse(this.feedFacts.asOf) : NaN;
          const next = facts.asOf ? Date.parse(facts.asOf) : NaN;
          if (!(next < prev)) this.feedFacts = facts;
          this.feedAnswered = true;
          this.requestUpdate();
        },
        onError: (message) => {
          this.feedAnswered = true;
          this.report(message);
          this.requestUpdate();
        },
      });
      this.feed.start();
    }, () => {
      this.feedAnswered = true;
      this.report('the stock feed module failed to load');
      this.requestUpdate();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('feedUrl') || changed.has('feedIntervalSeconds')) this.syncFeed();
    const now = this.timers.now();
    const { facts, pending } = this.gather();
    this.facts = facts;
    this.rules = this.readRules();
    // A variant (or config) that turns the banner off for this visitor is "nothing to show", not an error.
    const view: StockView = this.configDisabled ? { kind: 'hidden', reason: 'nothing-to-say', detail: 'turned off by config' } : stockView(facts, this.rules, now);
    this.current = view;
    this.renderedAt = now;
    if (view.kind === 'hidden' && view.reason === 'inconsistent') this.report(`hidden: ${view.detail}`);

    let state: StockBannerState = view.kind === 'hidden' ? (pending && !this.configDisabled ? 'pending' : 'hidden') : view.kind;
    if (state === 'hidden' && !this.boxed) state = 'collapsed';
    if (state !== 'collapsed') this.boxed = true;
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);

    const endsAt = view.kind === 'shown' ? view.claims.endsAt : undefined;
    const ended = this.lastEndsAt !== undefined && endsAt === undefined && now >= this.lastEndsAt;
    this.lastEndsAt = endsAt;
    if (this.shownOnce) {
      const text = [ended ? t(messages, this.resolvedLocale, 'ended') : '', this.stockText(view)].filter(Boolean).join('. ');
      if (text) this.announcer?.update(text);
      if (view.kind !== 'hidden') this.audit?.update(JSON.stringify(auditProps(view)));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Never give back height once painted: text zoom or a long translation may outgrow the reserve, and shrinking
    // later (hiding, fewer claims) would shift the page. CSSOM, not a style attribute, so strict CSP allows it.
    if (this.boxed) {
      const h = this.getBoundingClientRect().height;
      if (h > this.lockedHeight) this.style.minHeight = `${(this.lockedHeight = h)}px`;
    }
    this.schedule();
    this.maybeMarkShown();
  }

  /** Re-renders exactly when the view can change by itself: the next countdown second, going stale, the end. */
  private schedule(): void {
    if (this.tick !== undefined) this.timers.clearTimeout(this.tick);
    this.tick = undefined;
    if (!this.isConnected) return;
    const now = this.timers.now();
    let next = nextChangeAt(this.facts, this.rules, this.current, now);
    const endsAt = this.current.kind === 'shown' ? this.current.claims.endsAt : undefined;
    if (endsAt !== undefined) {
      const second = now + ((endsAt - now) % 1000 || 1000);
      next = next === undefined ? second : Math.min(next, second);
    }
    if (next !== undefined) this.tick = this.timers.setTimeout(() => { this.tick = undefined; this.requestUpdate(); }, Math.max(0, next - now));
  }

  private maybeMarkShown(): void {
    if (this.shownOnce || !this.intersecting || this.current.kind === 'hidden') return;
    this.shownOnce = true;
    const figures = auditProps(this.current);
    this.announcer?.baseline(this.stockText(this.current));
    this.audit?.baseline(JSON.stringify(figures));
    this.markShown(figures);
  }

  private stockText(view: StockView): string {
    const loc = this.resolvedLocale;
    if (view.kind === 'sold-out') return t(messages, loc, 'soldOut');
    if (view.kind !== 'shown') return '';
    const c = view.claims;
    const parts: string[] = [];
    if (c.remaining !== undefined) parts.push(t(messages, loc, 'lowStock', { n: formatNumber(c.remaining, loc) }));
    if (c.sold) parts.push(t(messages, loc, 'sold', { n: formatNumber(c.sold.count, loc), window: formatUnit(c.sold.hours, 'hour', loc) }));
    return parts.join(' · ');
  }

  private countdown(endsAt: number) {
    const loc = this.resolvedLocale;
    const { days, hours, minutes, seconds } = countdownParts(endsAt, this.renderedAt);
    const two = (n: number) => String(n).padStart(2, '0');
    const time = `${days ? `${formatUnit(days, 'day', loc)} ` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}`;
    const [before = '', after = ''] = t(messages, loc, 'endsIn').split('{time}');
    return html`<p part="countdown" class="countdown" role="timer">${before}<time datetime=${new Date(endsAt).toISOString()}>${time}</time>${after}</p>`;
  }

  override render() {
    const v = this.current;
    const loc = this.resolvedLocale;
    let body: unknown = nothing;
    if (v.kind === 'sold-out') {
      body = html`<p part="stock" class="stock"><span class="sold-out">${t(messages, loc, 'soldOut')}</span></p>`;
    } else if (v.kind === 'shown') {
      const c = v.claims;
      const low = c.remaining !== undefined ? html`<span class="low">${t(messages, loc, 'lowStock', { n: formatNumber(c.remaining, loc) })}</span>` : nothing;
      const sold = c.sold
        ? html`<span class="sold">${t(messages, loc, 'sold', { n: formatNumber(c.sold.count, loc), window: formatUnit(c.sold.hours, 'hour', loc) })}</span>`
        : nothing;
      body = html`${c.remaining !== undefined || c.sold ? html`<p part="stock" class="stock">${low}${sold}</p>` : nothing}${
        c.endsAt !== undefined ? this.countdown(c.endsAt) : nothing
      }`;
    }
    return html`<div part="banner" class="banner">${body}</div>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }
}
