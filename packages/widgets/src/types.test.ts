// Compile-time checks of the elements' typing, run by `pnpm typecheck` (part of `pnpm test`): every event a widget
// fires is typed on addEventListener, no controller's host hands it the Lit element, and each @ts-expect-error line
// must stay an error.
import { expect, expectTypeOf, it } from 'vitest';
import type {} from './index.js';
import type { BuyBarHost } from './buy-bar/buy-bar.controller.js';
import type { CouponPopupHost } from './coupon-popup/coupon-popup.controller.js';
import type { NudgeElement } from './internal/nudge-element.js';
import type { ReferralCardHost } from './referral-card/referral-card.controller.js';
import type { ShareMenuHost } from './referral-card/referral-card.menu.js';
import type { StockBannerHost } from './stock-banner/stock-banner.controller.js';

declare const el: HTMLElement;
const typeChecks = () => {
  el.addEventListener('nudge-buy', (e) => e.detail.target satisfies boolean);
  el.addEventListener('nudge-buy', (e) => e.detail.source satisfies string);
  el.addEventListener('nudge-claim', (e) => e.detail.code satisfies string);
  el.addEventListener('nudge-share', (e) => e.detail.method satisfies string);
  el.addEventListener('nudge-show', (e) => e.detail);
  el.addEventListener('nudge-close', (e) => e.detail);
  // @ts-expect-error nudge-buy's detail has no such field
  el.addEventListener('nudge-buy', (e) => e.detail.nope);
  // A controller reaches its element only through its host interface: none of them carries Lit's element API.
  expectTypeOf<BuyBarHost>().not.toHaveProperty('addController');
  expectTypeOf<CouponPopupHost>().not.toHaveProperty('addController');
  expectTypeOf<ReferralCardHost>().not.toHaveProperty('addController');
  expectTypeOf<StockBannerHost>().not.toHaveProperty('addController');
  expectTypeOf<ShareMenuHost['host']>().not.toHaveProperty('addController');
  // @ts-expect-error the element itself does carry it
  expectTypeOf<NudgeElement>().not.toHaveProperty('addController');
  const bar: HTMLElementTagNameMap['nudge-buy-bar'] = document.createElement('nudge-buy-bar');
  return bar;
};

it('the type checks above are compiled, not run', () => expect(typeof typeChecks).toBe('function'));
