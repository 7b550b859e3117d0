// Each element's settable properties and its events, by tag: what the Vue and Svelte declarations are made from.
import type {
  NudgeBuyBar,
  NudgeBuyDetail,
  NudgeCloseDetail,
  NudgeCopyDetail,
  NudgeCouponPopup,
  NudgeReferralCard,
  NudgeShareDetail,
  NudgeStockBanner,
} from '../src/index.js';

/** The reactive properties an element class declares (`static properties`), typed as the element types them. */
type Props<E, C extends { properties: object }> = Partial<Pick<E, Extract<keyof C['properties'], keyof E>>>;

type Show = { 'nudge-show': CustomEvent<Record<string, unknown>> };

export interface NudgeElements {
  'nudge-coupon-popup': {
    element: NudgeCouponPopup;
    props: Props<NudgeCouponPopup, typeof NudgeCouponPopup>;
    events: Show & {
      'nudge-close': CustomEvent<NudgeCloseDetail>;
      'nudge-claim': CustomEvent<{ code: string; email?: string }>;
      'nudge-copy': CustomEvent<NudgeCopyDetail>;
    };
  };
  'nudge-stock-banner': {
    element: NudgeStockBanner;
    props: Props<NudgeStockBanner, typeof NudgeStockBanner>;
    events: Show;
  };
  'nudge-referral-card': {
    element: NudgeReferralCard;
    props: Props<NudgeReferralCard, typeof NudgeReferralCard>;
    events: Show & { 'nudge-share': CustomEvent<NudgeShareDetail>; 'nudge-copy': CustomEvent<NudgeCopyDetail> };
  };
  'nudge-buy-bar': {
    element: NudgeBuyBar;
    props: Props<NudgeBuyBar, typeof NudgeBuyBar>;
    events: Show & { 'nudge-buy': CustomEvent<NudgeBuyDetail> };
  };
}
