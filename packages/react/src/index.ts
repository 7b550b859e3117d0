// Public API of @nudge/react: the four widgets as React components. Single widgets: '@nudge/react/<name>'.
export { NudgeCouponPopup } from './coupon-popup.js';
export { NudgeStockBanner } from './stock-banner.js';
export { NudgeReferralCard } from './referral-card.js';
export { NudgeBuyBar } from './buy-bar.js';
export type { NudgeBuyDetail, NudgeCloseDetail, NudgeCopyDetail, NudgeShareDetail } from '@nudge/widgets';
