// The stock banner's messages, countdown, announcements, audit events and feed: a chunk loaded once the element has
// decided (eagerly, from the honest-urgency rules) that it has or may get something to show.
import { html, nothing, type ReactiveController } from 'lit';
import { formatNumber, formatUnit, localeOf, t } from '../internal/i18n.js';
import type { NudgeElement } from '../internal/nudge-element.js';
import { messages } from './stock-banner.messages.js';
import { PoliteAnnouncer } from './polite-announcer.js';
import type { StockFeed } from './stock-feed.js';
import type { StockFacts, StockRules, StockView } from './stock-state.js';
import { auditProps, countdownParts, nextChangeAt } from './stock-timeline.js';
import type { Timers } from './timers.js';

export { styles } from './stock-banner.styles.js';

const MINUTE = 60_000;

/** What the element's last decision was made from: the instant, the gathered facts, the rules, the checked feed URL. */
export interface StockFrame {
  now: number;
  facts: StockFacts;
  rules: StockRules;
  /** `feed-url` when it is http(s), else null. */
  feedUrl: string | null;
}

/**
 * What the banner's behaviour needs from its element: the base members it calls (report, track, markShown,
 * requestUpdate), its clock and fetch, the view it decided and what it decided it from. The element implements it;
 * this file never imports it. A DOM `Element` (not the Lit element): the banner's IntersectionObserver watches it.
 */
export interface StockBannerHost
  extends
    Element,
    Pick<NudgeElement, 'runtime' | 'locale' | 'promotion' | 'report' | 'track' | 'markShown' | 'requestUpdate'> {
  readonly view: StockView;
  readonly frame: StockFrame;
  readonly timers: Timers;
  readonly fetch: typeof fetch | undefined;
  readonly feedIntervalSeconds: number | null | undefined;
}

/** Everything the banner does after its first decision, for one element: a Lit ReactiveController on it. */
export class StockBannerController implements ReactiveController {
  feedFacts: StockFacts | undefined;
  feedAnswered = false;
  #announcement = '';
  #shownOnce = false;
  #intersecting = false;
  #lastEndsAt: number | undefined;
  #tick: unknown;
  #feed: StockFeed | undefined;
  #feedKey = '';
  #io: IntersectionObserver | undefined;
  #announcer: PoliteAnnouncer | undefined;
  #audit: PoliteAnnouncer | undefined;
  readonly #onVisibility = () => {
    if (document.visibilityState === 'visible') this.#feed?.pollNow();
  };

  readonly #host: StockBannerHost;

  constructor(host: StockBannerHost) {
    this.#host = host;
  }

  hostConnected(): void {
    this.#announcer = new PoliteAnnouncer(
      (text) => {
        this.#announcement = text;
        this.#host.requestUpdate();
      },
      MINUTE,
      this.#host.timers,
    );
    // Later figure changes are audited with the same one-a-minute throttle as the announcements they cause.
    this.#audit = new PoliteAnnouncer(
      (json) => this.#host.track('view_promotion', { ...this.#host.promotion, ...JSON.parse(json), update: true }),
      MINUTE,
      this.#host.timers,
    );
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#io = new IntersectionObserver((entries) => {
      this.#intersecting = entries.some((e) => e.isIntersecting);
      this.#maybeMarkShown();
    });
    this.#io.observe(this.#host);
    this.#syncFeed(true);
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#io?.disconnect();
    this.#io = undefined;
    this.#intersecting = false;
    this.#announcer?.dispose();
    this.#audit?.dispose();
    this.#feed?.stop();
    this.#feed = undefined;
    this.#feedKey = '';
    if (this.#tick !== undefined) this.#host.timers.clearTimeout(this.#tick);
    this.#tick = undefined;
  }

  #syncFeed(force = false): void {
    const url = this.#host.frame.feedUrl;
    const secs = this.#host.feedIntervalSeconds;
    const interval = Math.max(15, typeof secs === 'number' && Number.isFinite(secs) ? secs : 60) * 1000;
    const key = url ? `${url}|${interval}` : '';
    if (!force && key === this.#feedKey) return;
    this.#feedKey = key;
    this.#feed?.stop();
    this.#feed = undefined;
    if (!url || !this.#host.isConnected) return;
    this.feedAnswered = false;
    // Its own chunk again: most banners get their figures by attribute or $product and never poll.
    import('./stock-feed.js').then(
      ({ StockFeed }) => {
        if (this.#feedKey !== key || !this.#host.isConnected || this.#feed) return;
        this.#feed = new StockFeed({
          url,
          intervalMs: interval,
          timers: this.#host.timers,
          ...(this.#host.fetch ? { fetch: this.#host.fetch } : {}),
          isHidden: () => document.visibilityState === 'hidden',
          onData: (facts) => {
            // Never go back in time: an answer older than what is shown (a lagging cache) is ignored.
            const prev = this.feedFacts?.asOf ? Date.parse(this.feedFacts.asOf) : NaN;
            const next = facts.asOf ? Date.parse(facts.asOf) : NaN;
            if (!(next < prev)) this.feedFacts = facts;
            this.feedAnswered = true;
            this.#host.requestUpdate();
          },
          onError: (message) => {
            this.feedAnswered = true;
            this.#host.report(message);
            this.#host.requestUpdate();
          },
        });
        this.#feed.start();
      },
      () => {
        this.feedAnswered = true;
        this.#host.report('the stock feed module failed to load');
        this.#host.requestUpdate();
      },
    );
  }

  /** Runs after the element has computed its view for this update (a no-op for the feed unless its URL or interval changed). */
  hostUpdate(): void {
    this.#syncFeed();
    const view = this.#host.view;
    const endsAt = view.kind === 'shown' ? view.claims.endsAt : undefined;
    const ended = this.#lastEndsAt !== undefined && endsAt === undefined && this.#host.frame.now >= this.#lastEndsAt;
    this.#lastEndsAt = endsAt;
    if (this.#shownOnce) {
      const text = [ended ? t(messages, localeOf(this.#host), 'ended') : '', this.#stockText(view)]
        .filter(Boolean)
        .join('. ');
      if (text) this.#announcer?.update(text);
      // Hidden figures (stale, over) must not stay readable in the live region either, nor be said later.
      else if (view.kind === 'hidden' && this.#announcement) {
        this.#announcer?.dispose();
        this.#announcer?.baseline((this.#announcement = ''));
      }
      if (view.kind !== 'hidden') this.#audit?.update(JSON.stringify(auditProps(view)));
    }
  }

  hostUpdated(): void {
    this.#schedule();
    this.#maybeMarkShown();
  }

  /** Re-renders exactly when the view can change by itself: the countdown's next step, going stale, the end. */
  #schedule(): void {
    if (this.#tick !== undefined) this.#host.timers.clearTimeout(this.#tick);
    this.#tick = undefined;
    if (!this.#host.isConnected) return;
    const now = this.#host.timers.now();
    const view = this.#host.view;
    let next = nextChangeAt(this.#host.frame.facts, this.#host.frame.rules, view, now);
    const endsAt = view.kind === 'shown' ? view.claims.endsAt : undefined;
    if (endsAt !== undefined) {
      // By the minute, never by the second (WCAG 2.2.2: auto-updating content); see countdown().
      const tick = now + ((endsAt - now) % MINUTE || MINUTE);
      next = next === undefined ? tick : Math.min(next, tick);
    }
    if (next !== undefined)
      this.#tick = this.#host.timers.setTimeout(
        () => {
          this.#tick = undefined;
          this.#host.requestUpdate();
        },
        Math.max(0, next - now),
      );
  }

  #maybeMarkShown(): void {
    const view = this.#host.view;
    if (this.#shownOnce || !this.#intersecting || view.kind === 'hidden') return;
    this.#shownOnce = true;
    const figures = auditProps(view);
    this.#announcer?.baseline(this.#stockText(view));
    this.#audit?.baseline(JSON.stringify(figures));
    this.#host.markShown(figures);
  }

  #lowText(n: number, loc: string): string {
    return t(messages, loc, 'lowStock', { n: formatNumber(n, loc) });
  }

  #soldText(sold: { count: number; hours: number }, loc: string): string {
    return t(messages, loc, 'sold', { n: formatNumber(sold.count, loc), window: formatUnit(sold.hours, 'hour', loc) });
  }

  #stockText(view: StockView): string {
    const loc = localeOf(this.#host);
    if (view.kind === 'sold-out') return t(messages, loc, 'soldOut');
    if (view.kind !== 'shown') return '';
    const c = view.claims;
    const parts: string[] = [];
    if (c.remaining !== undefined) parts.push(this.#lowText(c.remaining, loc));
    if (c.sold) parts.push(this.#soldText(c.sold, loc));
    return parts.join(' · ');
  }

  #countdown(endsAt: number, loc: string) {
    const { days, hours, minutes } = countdownParts(endsAt, this.#host.frame.now);
    // Units spelled out ("02:05" could be read as minutes and seconds); rounded up, so never "0 minutes" while it runs.
    const time = [
      days && formatUnit(days, 'day', loc),
      hours && formatUnit(hours, 'hour', loc),
      minutes && formatUnit(minutes, 'minute', loc),
    ]
      .filter(Boolean)
      .join(' ');
    const [before = '', after = ''] = t(messages, loc, 'endsIn').split('{time}');
    return html`<p part="countdown" class="countdown" role="timer">${before}<time datetime=${new Date(endsAt).toISOString()}>${time}</time>${after}</p>`;
  }

  render() {
    const v = this.#host.view;
    const loc = localeOf(this.#host);
    let body: unknown = nothing;
    if (v.kind === 'sold-out') {
      body = html`<p part="stock" class="stock"><span class="sold-out">${t(messages, loc, 'soldOut')}</span></p>`;
    } else if (v.kind === 'shown') {
      const c = v.claims;
      const low =
        c.remaining !== undefined ? html`<span class="low">${this.#lowText(c.remaining, loc)}</span>` : nothing;
      const sold = c.sold ? html`<span class="sold">${this.#soldText(c.sold, loc)}</span>` : nothing;
      body = html`${c.remaining !== undefined || c.sold ? html`<p part="stock" class="stock">${low}${sold}</p>` : nothing}${
        c.endsAt !== undefined ? this.#countdown(c.endsAt, loc) : nothing
      }`;
    }
    return html`<div part="banner" class="banner">${body}</div>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#announcement}</div>`;
  }
}
