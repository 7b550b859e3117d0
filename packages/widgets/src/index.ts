// Public API of @nudge/widgets: the four element classes (importing this file also defines the elements) and the
// types of their event details. Single widgets: import '@nudge/widgets/<name>'.
export { NudgeCouponPopup } from './coupon-popup/coupon-popup.js';
export { NudgeStockBanner } from './stock-banner/stock-banner.js';
export { NudgeReferralCard } from './referral-card/referral-card.js';
export { NudgeBuyBar } from './buy-bar/buy-bar.js';
export { NudgeElement } from './internal/nudge-element.js';
export type { NudgeCloseDetail, NudgeCopyDetail } from './internal/nudge-element.js';
export type { NudgeShareDetail } from './referral-card/referral-card.component.js';
export type { NudgeBuyDetail } from './buy-bar/buy-bar.component.js';
export type { StockBannerState } from './stock-banner/stock-banner.component.js';
