// <nudge-referral-card>: the visitor's invite link with both sides' rewards, shared through the Web Share API or a
// menu (copy, WhatsApp, X, Facebook, email, LINE, WeChat QR) that loads on first use; friends see their welcome gift.
import type { ReferralRewards } from '@nudge/core';
import { html, nothing } from 'lit';
import { NudgeElement } from '../internal/nudge-element.js';
import { safeUrl } from '../internal/safe-url.js';
import type { ReferralCardController, ReferralCardHost } from './referral-card.controller.js';
import { reserve } from './referral-card.reserve.js';

export type { NudgeShareDetail } from './referral-card.events.js';

/**
 * The server's link for a customer's code, on this page's origin: a server that answers with another origin (its own,
 * a misconfigured base) must not send friends elsewhere; the path and query (the `ref` code) are kept.
 */
function samePage(url: string | null | undefined): string | null {
  const u = url ? safeUrl(url) : null;
  if (!u) return null;
  const at = new URL(u);
  return at.origin == location.origin ? u : location.origin + at.pathname + at.search;
}

/**
 * The visitor's own invite link with what both sides get. Sharing uses the Web Share API where the browser has it;
 * otherwise a menu placed by `@floating-ui/dom` offers copy link, WhatsApp, X, Facebook, email, LINE and a WeChat QR
 * code drawn locally (no network). A visitor who arrived through someone else's link (`?ref=CODE`, or the SDK's
 * captured referral) sees the friend's welcome reward; their own code never counts for them.
 *
 * Layout: from its first render the card reserves the height its lazily loaded view will take (host attribute
 * `layout` names the blocks it will show: `link`, `link-body`, `friend`, `friend-link-body`; `-long` when the rewards
 * sentence is the site's program's), so a card at the top of a page moves nothing when the view arrives. With
 * nothing to show it reserves nothing; once painted it keeps its box.
 *
 * A signed-in customer (the SDK knows their user id) gets their own code and link from the Nudge server; `code` is
 * then the fallback. When the site publishes a referral program, the rewards are worded from it (the reward texts are
 * for sites without one).
 *
 * @summary Invite-a-friend card: share link, both rewards, friend welcome.
 *
 * @event {CustomEvent<Record<string, unknown>>} nudge-show - The card scrolled into view. Detail: the figures shown.
 * @event {CustomEvent<NudgeShareDetail>} nudge-share - The link was shared. Detail `{ method, url }`.
 * @event {CustomEvent<NudgeCopyDetail>} nudge-copy - The link was copied. Detail `{ url }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The heading.
 * @csspart body - The rewards sentence.
 * @csspart friend - The friend's welcome block.
 * @csspart link - The read-only field showing the invite link.
 * @csspart cta - The share button.
 * @csspart menu - The share menu (when the Web Share API is missing).
 * @csspart option - Each share option in the menu.
 * @csspart qr - The WeChat QR code.
 * @csspart tooltip - The "link copied" note.
 *
 * @cssproperty --nudge-referral-card-min-height - Height to reserve instead of the built-in one (for longer merchant
 *   copy, another font size or text zoom).
 * @cssproperty --nudge-accent - Accent colour of the button and the friend's reward (default #b42318).
 * @cssproperty --nudge-on-accent - Text on the accent colour (default #fff).
 * @cssproperty --nudge-surface - Card background (default #fff).
 * @cssproperty --nudge-text - Text colour (default #1f2328).
 * @cssproperty --nudge-muted - Secondary text colour (default #4b5563).
 * @cssproperty --nudge-border - Border colour (default #d0d7de).
 * @cssproperty --nudge-radius - Corner radius (default 12px).
 * @cssproperty --nudge-font - Font stack (system fonts incl. CJK faces by default).
 * @cssproperty --nudge-focus - Focus ring colour (default #1d4ed8).
 */
export class NudgeReferralCard extends NudgeElement implements ReferralCardHost {
  static override widgetType = 'referral-card';
  static override styles = reserve;
  static override properties = {
    ...NudgeElement.properties,
    code: { type: String },
    url: { type: String },
    inviterReward: { type: String, attribute: 'inviter-reward' },
    friendReward: { type: String, attribute: 'friend-reward' },
    heading: { type: String },
  };

  /** The visitor's own referral code, added to the link as `?ref=CODE`. */
  declare code: string;
  /** Page the invite link points to (http/https; relative to this page); default: this site's home page. */
  declare url: string;
  /** What the inviter gets, as merchant text (e.g. "$10 credit", shown as given) when the site publishes no program. */
  declare inviterReward: string;
  /** What the friend gets, as merchant text (e.g. "15% off", shown as given) when the site publishes no program. */
  declare friendReward: string;
  /** Heading text as given; empty = built-in line from the rewards. */
  declare heading: string;
  /** The customer's own code from the server, and for which user id (no `code`: it gave none, use the markup's). */
  #own: { user: string; code?: string; url?: string | null } | undefined;
  #near: IntersectionObserver | undefined;
  /** The card's view and sharing (lazy chunk), undefined until it arrives. */
  #ctl: ReferralCardController | undefined;
  #painted = false;
  #show = false;

  constructor() {
    super();
    this.code = '';
    this.url = '';
    this.inviterReward = '';
    this.friendReward = '';
    this.heading = '';
  }

  /**
   * @internal The signed-in customer's own code is still to be asked of the server (the SDK knows their user id and
   * the card has not asked for this user yet); the card reserves the link's space meanwhile.
   */
  get ownCodeWanted(): string {
    // Only a site that publishes a referral program gives codes: without one the server would answer 404 to every
    // signed-in page view.
    const user = this.conn?.user().userId;
    return user && this.siteConfig?.referral && this.runtime?.post && this.#own?.user !== user ? user : '';
  }

  /** @internal The signed-in customer's email from `identify()` traits, if any (for the self-referral rule). */
  get email(): string | undefined {
    const e = this.conn?.user().traits?.email;
    return typeof e == 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : undefined;
  }

  /** @internal The server's answer for `user` (null: none; the markup's `code`, if any, is shown instead). */
  ownCode(user: string, got: { code: string; url: string | null } | null): void {
    this.#own = { user, ...got };
    this.requestUpdate();
  }

  /** The server's answer for the user signed in now (none after a sign-out or for another user). */
  get #mine() {
    return this.#own && this.#own.user === this.conn?.user().userId ? this.#own : undefined;
  }

  /** The code the link carries: the customer's own from the server, else the markup's `code` (none while asking). */
  get shareCode(): string {
    return this.#mine?.code ?? (this.ownCodeWanted ? '' : this.code);
  }

  /**
   * @internal The site's published referral program: when there is one, the card's reward words are the program's
   * (what the server really grants), whatever the reward texts say; those are for sites without a published program.
   */
  get program(): ReferralRewards | undefined {
    const p = this.siteConfig?.referral;
    const cap = p?.capPerInviterPerMonth ?? Infinity;
    // An inviter reward over the monthly cap is never granted (the server refuses one that would pass it): not offered.
    const stages = p?.stages.map((s) => ((s.inviter ?? 0) > cap ? { ...s, inviter: 0 } : s));
    return stages?.some((s) => s.friend || s.inviter) ? { ...p!, stages } : undefined;
  }

  /** @internal The reward texts in force: the markup's, unless the site's program words the rewards. */
  get rewardTexts(): { inviter: string; friend: string } {
    return this.program ? { inviter: '', friend: '' } : { inviter: this.inviterReward, friend: this.friendReward };
  }

  /**
   * The invite link: `url` (else the server's link for the customer's own code, else this site's home page) plus
   * `?ref=CODE`, keeping its query; empty when there is no code or the URL is unsafe.
   */
  get shareUrl(): string {
    const code = this.shareCode;
    const base = safeUrl(this.url || (this.#mine?.code && samePage(this.#mine.url)) || '/');
    if (!base || !code) return '';
    const u = new URL(base);
    u.searchParams.set('ref', code);
    return u.href;
  }

  /** The referral code this visitor arrived with, unless it is their own (own codes never count). */
  get arrivedWith(): string | undefined {
    const user = this.conn?.user() ?? {};
    let ref: string | null | undefined = user.referral;
    if (!ref) {
      try {
        ref = new URL(location.href).searchParams.get('ref');
      } catch {
        /* no ref: nothing arrived */
      }
    }
    const up = ref?.toUpperCase();
    const own = [user.ownReferralCode, this.code, this.#mine?.code].map((c) => c?.toUpperCase());
    return ref && !own.includes(up) ? ref : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The card's view loads as it nears the viewport (like loading="lazy" images), so it is in place before it is seen.
    this.#near = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#near?.disconnect();
        void this.lazyView(
          () => import('./referral-card.controller.js'),
          // A Lit ReactiveController: Lit connects it (at once when the element is connected) and disconnects it.
          (m) => this.addController((this.#ctl = new m.ReferralCardController(this))),
        );
      },
      { root: document, rootMargin: '400px' },
    ); // document root: the margin also applies inside iframes
    this.#near.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#near?.disconnect();
  }

  /** @internal a friend who arrived through someone else's link and has a reward to see */
  get friendView(): boolean {
    const p = this.program;
    return !!((p ? p.stages.some((s) => s.friend) : this.friendReward) && this.arrivedWith);
  }

  /** Which blocks the card shows, decided before its first render so its box can be reserved (host `layout`). */
  protected override willUpdate(): void {
    const link = !!this.shareUrl || this.ownCodeWanted;
    const had = (block: string) => this.#painted && this.getAttribute('layout')?.includes(block);
    const body = link && (this.program || this.friendReward);
    // `long`: the program's rewards sentence (each stage with when it is granted) wraps more than a merchant's text
    const p = this.program;
    // `cap`: the inviter's monthly cap, a line of its own under the rewards sentence
    const cap = p?.capPerInviterPerMonth !== undefined && p.stages.some((s) => s.inviter);
    const blocks = [this.friendView && 'friend', link && 'link', body && 'body', link && !!p, link && cap];
    // Nothing to show (no link, no friend gift, or off by config) before it was painted: reserve nothing. Once
    // painted the box keeps its reserve whatever happens (a block that went keeps its space, as when the customer's
    // own code could not be had), because giving the space back would shift the page.
    this.#show = blocks.some(Boolean) && !this.configDisabled;
    const layout = ['friend', 'link', 'body', 'long', 'cap'].filter((b, i) => blocks[i] || had(b)).join('-');
    if (this.#show || this.#painted) this.setAttribute('layout', layout);
    else this.removeAttribute('layout');
  }

  override render() {
    // Nothing to show and never painted: no card at all (an empty one is a bordered box labelled by nothing).
    if (!this.hasAttribute('layout')) return nothing;
    // Until the view arrives, and while the customer's own code is asked for: the reserved, empty box.
    if (!this.#ctl || (this.ownCodeWanted && this.#show)) {
      this.#painted ||= !!this.#ctl;
      return html`<div class="card" aria-busy=${this.#ctl ? 'true' : nothing}></div>`;
    }
    this.#painted = true;
    // Nothing left to show after it was on screen: keep the (invisible, inert) box so the page does not move.
    return this.#ctl.render(!this.#show);
  }
}
