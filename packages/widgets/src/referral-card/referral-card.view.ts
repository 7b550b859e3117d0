// The referral card's view: card layout, rewards text, Web Share, and the menu trigger; loaded as the card nears the
// viewport. The share menu itself (and the QR library) load on first use.
import { html, nothing } from 'lit';
import { localeOf } from '../internal/locale.js';
import { t } from '../internal/translate.js';
import type { NudgeReferralCard, NudgeShareDetail } from './referral-card.component.js';
import { messages } from './referral-card.messages.js';
import { styles } from './referral-card.styles.js';

export { styles };

/**
 * "Reached the screen" for an in-flow card means scrolled into view, not merely in the DOM: `nudge-show` and
 * `view_promotion` once half the card is visible. Started when the view loads (it loads before the card is seen).
 */
export function watchSeen(host: NudgeReferralCard): IntersectionObserver {
  const seen = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting) || (!host.shareUrl && !host.friendView)) return;
      seen.disconnect();
      const referral = host.arrivedWith;
      host.markShown({
        view: host.friendView ? 'friend' : 'inviter',
        inviter_reward: host.inviterReward || undefined,
        friend_reward: host.friendReward || undefined,
        ...(referral ? { referral } : {}),
      });
    },
    { root: document, threshold: 0.5 },
  );
  seen.observe(host);
  return seen;
}

/** Records one share: GA4 `share` and `nudge-share`. Here (not on the element) because only shares call it. */
export function shared(host: NudgeReferralCard, method: NudgeShareDetail['method']): void {
  const url = host.shareUrl;
  host.track('share', { method, content_type: 'referral', item_id: host.code, ...host.promotion });
  host.emit<NudgeShareDetail>('nudge-share', { method, url });
}

/** The message that goes with a shared link. */
export function shareText(host: NudgeReferralCard): string {
  const loc = localeOf(host);
  return host.friendReward
    ? t(messages, loc, 'shareText', { friend: host.friendReward })
    : t(messages, loc, 'shareTextPlain');
}

async function share(host: NudgeReferralCard): Promise<void> {
  const url = host.shareUrl;
  if (host._menuOpen) {
    host._menuOpen = false; // the button toggles the menu shut; that is not another call to action
    return;
  }
  host.track('select_promotion', { ...host.promotion, item_id: host.code });
  const text = shareText(host);
  if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare({ url }))) {
    try {
      await navigator.share({ text, url });
      shared(host, 'web_share');
      return;
    } catch (e) {
      if ((e as DOMException).name === 'AbortError') return; // the visitor closed the share sheet
    }
  }
  host._menu ??= await import('./referral-card.menu.js');
  host.adoptViewStyles([...styles, host._menu.styles]);
  host._menuOpen = true;
}

/** The card; `gone` keeps its box but hides it from sight, focus and assistive technology. */
export function render(host: NudgeReferralCard, gone: boolean) {
  const loc = localeOf(host);
  const url = host.shareUrl;
  const disclosure = typeof navigator.share !== 'function'; // no Web Share: the button opens our menu
  const friend = host.friendReward;
  const inviter = host.inviterReward;
  const heading =
    host.heading ||
    (friend && inviter ? t(messages, loc, 'headingRewards', { friend, inviter }) : t(messages, loc, 'heading'));
  const body =
    friend && inviter
      ? t(messages, loc, 'body', { friend, inviter })
      : friend
        ? t(messages, loc, 'bodyFriendOnly', { friend })
        : '';
  // No indentation inside the templates: Lit ships a template's text as written.
  return html`<section class=${gone ? 'card gone' : 'card'} part="card" aria-labelledby="heading" ?inert=${gone}>${
    host.friendView
      ? html`<div class="friend" part="friend" role="note" aria-label=${t(messages, loc, 'friendHeading')}>
<h2 id=${url ? 'friend-heading' : 'heading'}>${t(messages, loc, 'friendHeading')}</h2>
<p><strong>${t(messages, loc, 'friendBody', { friend })}</strong></p></div>`
      : nothing
  }${
    url
      ? html`<h2 id="heading" part="heading">${heading}</h2>${body ? html`<p part="body">${body}</p>` : nothing}
<label for="link">${t(messages, loc, 'link')}</label>
<div class="row"><input id="link" part="link" type="text" readonly .value=${url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
<button class="btn primary" part="cta" type="button" aria-expanded=${disclosure ? String(host._menuOpen) : nothing}
aria-controls=${host._menuOpen ? 'menu' : nothing} @click=${() => void share(host)}>${t(messages, loc, 'share')}</button></div>`
      : nothing
  }${host._menuOpen && host._menu ? host._menu.render(host, loc, { shared, shareText }) : nothing}</section>`;
}
