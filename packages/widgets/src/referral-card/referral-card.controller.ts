// The referral card's view: card layout, rewards text, Web Share, and the menu trigger; loaded as the card nears the
// viewport. The share menu itself (and the QR library) load on first use.
import type { ReferralRewards } from '@nudge/core';
import { html, nothing, type ReactiveController } from 'lit';
import { formatMoney } from '../internal/i18n.js';
import { localeOf } from '../internal/locale.js';
import type { NudgeElement } from '../internal/nudge-element.js';
import { t } from '../internal/translate.js';
import type { NudgeShareDetail } from './referral-card.events.js';
import type { ShareMenu, ShareMenuHost } from './referral-card.menu.js';
import { messages } from './referral-card.messages.js';
import { styles } from './referral-card.styles.js';

export { styles };

/**
 * What the card's view (and its share menu) need from the element: the base members they call (track, emit,
 * markShown, requestUpdate, ...) and the card's public properties and reads. The element implements it; this file
 * never imports it. A DOM `Element` (not the Lit element): the view's IntersectionObserver watches it.
 */
export interface ReferralCardHost
  extends
    Element,
    Pick<
      NudgeElement,
      | 'runtime'
      | 'locale'
      | 'promotion'
      | 'track'
      | 'emit'
      | 'markShown'
      | 'requestUpdate'
      | 'updateComplete'
      | 'renderRoot'
      | 'adoptViewStyles'
    > {
  readonly code: string;
  readonly shareCode: string;
  readonly ownCodeWanted: string;
  readonly email: string | undefined;
  ownCode(user: string, got: { code: string; url: string | null } | null): void;
  readonly program: ReferralRewards | undefined;
  readonly inviterReward: string;
  readonly friendReward: string;
  /** The reward texts in force: the markup's, or none when the site's program words the rewards. */
  readonly rewardTexts: { inviter: string; friend: string };
  readonly heading: string;
  readonly shareUrl: string;
  readonly arrivedWith: string | undefined;
  readonly friendView: boolean;
}

/** How long the card waits for the customer's own code before it shows the markup's (or hides the link). */
const ASK_MS = 8000;
const CODE = /^[\w-]{1,64}$/;

/**
 * The program's rewards as the card's texts, per side (inviter, friend, and the friend's own view) and in total
 * (for the heading): each stage's amount with when it is granted, the minimum order where it applies.
 */
export function programTexts(p: ReferralRewards, loc: string) {
  const money = (n: number) => formatMoney(n, p.currency, loc);
  const min = p.minOrder ? money(p.minOrder) : '';
  const side = (who: 'friend' | 'inviter', keys: readonly ['signup' | 'fSignup' | 'youSignup', string, string]) => {
    const parts = p.stages.flatMap((s) => {
      const amount = s[who];
      if (!amount) return [];
      const key = s.stage === 'friend_signup' ? keys[0] : min ? keys[2] : keys[1];
      return [t(messages, loc, key as 'signup', { amount: money(amount), min })];
    });
    return parts.reduce((a, b) => t(messages, loc, 'and', { a, b }), parts.shift() ?? '');
  };
  const cap = p.capPerInviterPerMonth;
  // per friend, never more than a month's cap lets one inviter earn
  const total = (who: 'friend' | 'inviter') =>
    Math.min(
      p.stages.reduce((n, s) => n + (s[who] ?? 0), 0),
      who === 'inviter' ? (cap ?? Infinity) : Infinity,
    );
  return {
    inviter: side('inviter', ['signup', 'order', 'orderMin']),
    friend: side('friend', ['fSignup', 'fOrder', 'fOrderMin']),
    you: side('friend', ['youSignup', 'youOrder', 'youOrderMin']),
    friendTotal: total('friend') ? money(total('friend')) : '',
    inviterTotal: total('inviter') ? money(total('inviter')) : '',
    cap: cap !== undefined && total('inviter') ? t(messages, loc, 'cap', { cap: money(cap) }) : '',
  };
}

/** The card's view and sharing, for one element: a Lit ReactiveController the element adds once this chunk loads. */
export class ReferralCardController implements ReactiveController, ShareMenuHost {
  readonly host: ReferralCardHost;
  #menu: ShareMenu | undefined;
  #menuOpen = false;
  #seen: IntersectionObserver | undefined;
  /** The user id whose own code is being asked for. */
  #asking: string | undefined;

  constructor(host: ReferralCardHost) {
    this.host = host;
  }

  /** Asks the server once per signed-in customer for their own code (POST /v1/referrals/code), then tells the card. */
  async #askOwn(): Promise<void> {
    const user = this.host.ownCodeWanted;
    if (!user || this.#asking === user) return;
    this.#asking = user;
    let got: { code: string; url: string | null } | null = null;
    let timer: number | undefined;
    try {
      const email = this.host.email;
      const late = new Promise<undefined>((done) => (timer = window.setTimeout(done, ASK_MS)));
      const r = await Promise.race([this.host.runtime?.post?.('/v1/referrals/code', email ? { email } : {}), late]);
      const b = r?.ok
        ? ((await Promise.race([r.json(), late])) as { code?: unknown; url?: unknown } | undefined)
        : null;
      if (typeof b?.code == 'string' && CODE.test(b.code))
        got = { code: b.code, url: typeof b.url == 'string' ? b.url : null };
    } catch {
      /* unreachable or refused: the card shows the markup's code, if any, and never a made-up one */
    }
    clearTimeout(timer);
    if (this.#asking !== user) return;
    this.#asking = undefined;
    this.host.ownCode(user, got);
  }

  hostUpdate(): void {
    void this.#askOwn();
  }

  /**
   * "Reached the screen" for an in-flow card means scrolled into view, not merely in the DOM: `nudge-show` and
   * `view_promotion` once half the card is visible. Watched from when the view loads (it loads before it is seen).
   */
  hostConnected(): void {
    const seen = (this.#seen = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting) || (!this.host.shareUrl && !this.host.friendView)) return;
        seen.disconnect();
        const referral = this.host.arrivedWith;
        const p = this.host.program && programTexts(this.host.program, 'en');
        this.host.markShown({
          view: this.host.friendView ? 'friend' : 'inviter',
          inviter_reward: p?.inviter || this.host.rewardTexts.inviter || undefined,
          friend_reward: p?.friend || this.host.rewardTexts.friend || undefined,
          ...(referral ? { referral } : {}),
        });
      },
      { root: document, threshold: 0.5 },
    ));
    seen.observe(this.host);
  }

  hostDisconnected(): void {
    this.#seen?.disconnect();
    this.menuClosed(); // its update lets the menu drop its outside-click listener
  }

  hostUpdated(): void {
    this.#menu?.place();
  }

  /** Records one share: GA4 `share` and `nudge-share`. Here (not on the element) because only shares call it. */
  shared(method: NudgeShareDetail['method']): void {
    this.host.track('share', {
      method,
      content_type: 'referral',
      item_id: this.host.shareCode,
      ...this.host.promotion,
    });
    this.host.emit<NudgeShareDetail>('nudge-share', { method, url: this.host.shareUrl });
  }

  /** The message that goes with a shared link. */
  shareText(): string {
    const loc = localeOf(this.host);
    // a program's friend reward may come at sign-up, not on the first order: its words are on the card, not here
    const friend = this.host.rewardTexts.friend;
    return friend ? t(messages, loc, 'shareText', { friend }) : t(messages, loc, 'shareTextPlain');
  }

  /** The menu is shut: by the menu itself (Escape, an outside click, focus leaving), the button or a disconnect. */
  menuClosed(): void {
    this.#menuOpen = false;
    this.host.requestUpdate();
  }

  async #share(): Promise<void> {
    const url = this.host.shareUrl;
    // The button toggles the menu shut; that is not another call to action.
    if (this.#menuOpen) return this.menuClosed();
    this.host.track('select_promotion', { ...this.host.promotion, item_id: this.host.shareCode });
    const text = this.shareText();
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare({ url }))) {
      try {
        await navigator.share({ text, url });
        this.shared('web_share');
        return;
      } catch (e) {
        if ((e as DOMException).name === 'AbortError') return; // the visitor closed the share sheet
      }
    }
    const m = await import('./referral-card.menu.js');
    this.#menu ??= new m.ShareMenu(this);
    this.host.adoptViewStyles([...styles, m.styles]);
    this.#menuOpen = true;
    this.host.requestUpdate();
  }

  /** The card; `gone` keeps its box but hides it from sight, focus and assistive technology. */
  render(gone: boolean) {
    const loc = localeOf(this.host);
    const url = this.host.shareUrl;
    const open = this.#menuOpen;
    const disclosure = typeof navigator.share !== 'function'; // no Web Share: the button opens our menu
    const { friend, inviter } = this.host.rewardTexts;
    const p = this.host.program && programTexts(this.host.program, loc);
    let heading =
      this.host.heading ||
      (friend && inviter ? t(messages, loc, 'headingRewards', { friend, inviter }) : t(messages, loc, 'heading'));
    let body =
      friend && inviter
        ? t(messages, loc, 'body', { friend, inviter })
        : friend
          ? t(messages, loc, 'bodyFriendOnly', { friend })
          : '';
    let gift = friend && t(messages, loc, 'friendBody', { friend });
    if (p) {
      // the site's program: each amount with when it is granted; the heading's inviter figure is a most, not a promise
      const both = p.friendTotal && p.inviterTotal;
      if (!this.host.heading && both)
        heading = t(messages, loc, 'headingUpTo', { friend: p.friendTotal, inviter: p.inviterTotal });
      const key = both ? 'bodyProgram' : p.friend ? 'bodyProgramFriend' : 'bodyProgramInviter';
      body = t(messages, loc, key, { friend: p.friend, inviter: p.inviter });
      gift = p.you && t(messages, loc, 'friendBodyProgram', { friend: p.you });
    }
    // No indentation inside the templates: Lit ships a template's text as written.
    return html`<section class=${gone ? 'card gone' : 'card'} part="card" aria-labelledby="heading" ?inert=${gone}>${
      this.host.friendView
        ? html`<div class="friend" part="friend" role="note" aria-label=${t(messages, loc, 'friendHeading')}>
<h2 id=${url ? 'friend-heading' : 'heading'}>${t(messages, loc, 'friendHeading')}</h2>
<p><strong>${gift}</strong></p></div>`
        : nothing
    }${
      url
        ? html`<h2 id="heading" part="heading">${heading}</h2>${body ? html`<p part="body">${body}${p?.cap ? html`<br /><span part="cap">${p.cap}</span>` : nothing}</p>` : nothing}
<label for="link">${t(messages, loc, 'link')}</label>
<div class="row"><input id="link" part="link" type="text" readonly .value=${url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
<button class="btn primary" part="cta" type="button" aria-expanded=${disclosure ? String(open) : nothing}
aria-controls=${open ? 'menu' : nothing} @click=${() => void this.#share()}>${t(messages, loc, 'share')}</button></div>`
        : nothing
    }${open && this.#menu ? this.#menu.render(loc) : nothing}</section>`;
  }
}
