// Registers <nudge-stock-banner> (guarded, so loading two bundles never throws).
import { NudgeStockBanner } from './stock-banner.component.js';

export { NudgeStockBanner };
if (!customElements.get('nudge-stock-banner')) customElements.define('nudge-stock-banner', NudgeStockBanner);

declare global {
  interface HTMLElementTagNameMap {
    'nudge-stock-banner': NudgeStockBanner;
  }
}
