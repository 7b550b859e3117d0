// The dashboard's coupon figure and the Rewards tab's redeemed codes count different things: their names say which.
import { expect, it } from 'vitest';
import { translate } from '../i18n.js';

it('names purchases with any coupon apart from issued codes redeemed, in en and zh-CN', () => {
  // the dashboard counts orders that carried any coupon (a static code too); Rewards counts its issued codes used
  expect(translate('en', 'redemptions')).toBe('Purchases with a coupon');
  expect(translate('en', 'redeemed')).toBe('Issued codes redeemed');
  expect(translate('zh-CN', 'redemptions')).toBe('使用优惠券的订单');
  expect(translate('zh-CN', 'redeemed')).toBe('已核销的发放优惠码');
});
