// The plain formats for small counts must be exactly what Intl prints in the browser, for every locale they take.
import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, formatUnit } from './i18n.js';

const LOCALES = [
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'zh',
  'zh-CN',
  'zh-SG',
  'zh-Hans',
  'zh-Hans-CN',
  'zh-TW',
  'zh-Hant',
  'zh-Hant-TW',
  'de',
  'ar-EG',
  'en-u-nu-arab',
  'zh-HK',
];

describe('formatNumber and formatUnit without Intl for small counts', () => {
  it('print what Intl prints, in Chromium, for 0-999 in every locale (others fall through to Intl)', () => {
    for (const locale of LOCALES) {
      const n = new Intl.NumberFormat(locale);
      const hour = new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
      const day = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' });
      const minute = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
      for (let v = 0; v < 1000; v++) {
        expect([locale, formatNumber(v, locale)]).toEqual([locale, n.format(v)]);
        expect([locale, formatUnit(v, 'hour', locale)]).toEqual([locale, hour.format(v)]);
        expect([locale, formatUnit(v, 'day', locale)]).toEqual([locale, day.format(v)]);
        expect([locale, formatUnit(v, 'minute', locale)]).toEqual([locale, minute.format(v)]);
      }
      for (const v of [1000, 12345, 2.5, -3]) expect(formatNumber(v, locale)).toBe(n.format(v));
    }
  });

  it('formatMoney prints what Intl prints for the currencies and languages it knows without Intl, and defers to Intl otherwise', () => {
    const amounts = [
      0, 0.07, 0.1, 1, 5, 9.99, 32, 32.5, 99.99, 100, 999.9, 1000, 1234.5, 12345.67, 999999.99, 1000000, 123456789.01,
      20.15, 1.005, -3, -0, 1e-9,
    ];
    for (const locale of LOCALES) {
      for (const currency of ['USD', 'CNY', 'EUR', 'GBP', 'HKD', 'TWD', 'CAD', 'JPY', 'SGD', 'cny']) {
        for (const v of amounts) {
          const whole = Number.isInteger(v);
          const intl = new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
          });
          expect([locale, currency, v, formatMoney(v, currency, locale)]).toEqual([
            locale,
            currency,
            v,
            intl.format(v),
          ]);
        }
      }
    }
  });
});
