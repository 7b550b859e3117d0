// Registers <nudge-coupon-popup> (guarded, so loading two bundles never throws).
import { NudgeCouponPopup } from './coupon-popup.component.js';

export { NudgeCouponPopup };
if (!customElements.get('nudge-coupon-popup')) customElements.define('nudge-coupon-popup', NudgeCouponPopup);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-coupon-popup': NudgeCouponPopup;
  }
  interface GlobalEventHandlersEventMap {
    'nudge-claim': CustomEvent<{ code: string; email?: string }>;
  }
}
