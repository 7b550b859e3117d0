// The four widgets' element modules, in the page file with the mounter (build.mjs): a product page's widgets come in
// the one file the page loads anyway. The component modules (not the define files) are imported so the loader can
// define each element through its error-catching subclass.
import * as buyBar from '../../widgets/src/buy-bar/buy-bar.component.js';
import * as couponPopup from '../../widgets/src/coupon-popup/coupon-popup.component.js';
import * as referralCard from '../../widgets/src/referral-card/referral-card.component.js';
import * as stockBanner from '../../widgets/src/stock-banner/stock-banner.component.js';
import type { WidgetType } from './mount.js';

export const widgetModules: Record<WidgetType, Record<string, unknown>> = {
  'coupon-popup': couponPopup,
  'stock-banner': stockBanner,
  'referral-card': referralCard,
  'buy-bar': buyBar,
};
