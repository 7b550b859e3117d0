// Registers <nudge-referral-card> (guarded, so loading two bundles never throws).
import { NudgeReferralCard, type NudgeShareDetail } from './referral-card.component.js';

export { NudgeReferralCard };
if (!customElements.get('nudge-referral-card')) customElements.define('nudge-referral-card', NudgeReferralCard);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-referral-card': NudgeReferralCard;
  }
  interface GlobalEventHandlersEventMap {
    'nudge-share': CustomEvent<NudgeShareDetail>;
  }
}
