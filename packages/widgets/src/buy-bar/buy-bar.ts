// Registers <nudge-buy-bar> (guarded, so loading two bundles never throws).
import { NudgeBuyBar, type NudgeBuyDetail } from './buy-bar.component.js';

export { NudgeBuyBar };
if (!customElements.get('nudge-buy-bar')) customElements.define('nudge-buy-bar', NudgeBuyBar);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-buy-bar': NudgeBuyBar;
  }
  interface GlobalEventHandlersEventMap {
    'nudge-buy': CustomEvent<NudgeBuyDetail>;
  }
}
