// One lazy chunk per widget type. The component modules (not the define files) are imported so the loader can
// define each element through its error-catching subclass.
import type { WidgetType } from './mount.js';

export const widgetChunks: Record<WidgetType, () => Promise<Record<string, unknown>>> = {
  'coupon-popup': () => import('../../widgets/src/coupon-popup/coupon-popup.component.js'),
  'stock-banner': () => import('../../widgets/src/stock-banner/stock-banner.component.js'),
  'referral-card': () => import('../../widgets/src/referral-card/referral-card.component.js'),
  'buy-bar': () => import('../../widgets/src/buy-bar/buy-bar.component.js'),
};
