// Built-in languages (en, zh-CN, zh-TW), locale resolution and cached Intl formatters shared by every widget.

export type { Messages, UiLocale } from './translate.js';
export { t, uiLocale } from './translate.js';
export { localeOf, resolveLocale } from './locale.js';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
/** The formatter stored under `key`, made once (creating one costs far more than formatting with it). */
export function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/**
 * Symbols Intl prints in the built-in languages (en; zh-Hans; zh-Hant, space-separated) before an amount in these
 * currencies, all with two minor digits. Prices in them are printed without Intl, as small counts are (see below): a
 * page's first Intl formatter costs ~20 ms (~80 ms on a slow phone), here the buy bar's price. A browser test compares
 * every case with Intl.
 */
const SYMBOLS: Record<string, string> = {
  USD: '$ US$ US$',
  CNY: 'CN¥ ¥ CN¥',
  EUR: '€ € €',
  GBP: '£ £ £',
  HKD: 'HK$ HK$ HK$',
  TWD: 'NT$ NT$ $',
  CAD: 'CA$ CA$ CA$',
};

/** `$1,234`, `¥32.50`: exact cents from 0 up, in en / en-US, zh / zh-CN / zh-Hans(-CN), zh-TW / zh-Hant(-TW). */
function plainMoney(value: number, currency: string, locale: string): string | undefined {
  const lang = /^en(-US)?$/i.test(locale)
    ? 0
    : /^zh(-CN|-Hans(-CN)?)?$/i.test(locale)
      ? 1
      : /^zh-(TW|Hant(-TW)?)$/i.test(locale)
        ? 2
        : -1;
  const symbol = SYMBOLS[currency.toUpperCase()]?.split(' ')[lang];
  const cents = Math.round(value * 100);
  if (!symbol || !(value >= 0) || Object.is(value, -0) || Math.abs(value * 100 - cents) > 1e-6 || value > 1e12)
    return undefined;
  const units = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return symbol + units + (Number.isInteger(value) ? '' : `.${String(cents % 100).padStart(2, '0')}`);
}

/** A price in the shop's currency; whole amounts drop the decimals (¥30, $5) as storefronts print them. */
export function formatMoney(value: number, currency: string | undefined, locale: string): string {
  if (!currency) return formatNumber(value, locale);
  const plain = plainMoney(value, currency, locale);
  if (plain) return plain;
  const whole = Number.isInteger(value);
  try {
    return cached(
      `m|${locale}|${currency}|${whole}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
        }),
    ).format(value);
  } catch {
    return `${formatNumber(value, locale)} ${currency}`;
  }
}

/**
 * The built-in languages' own way of writing a small count, where it is plain: a page's first Intl formatter costs
 * ~20 ms (~80 ms on a slow phone) while the browser loads its locale data, and the stock banner's first render would
 * pay it inside one long task. Same output as Intl (a browser test compares them); anything else goes to Intl.
 */
const plain = (value: number, locale: string): 'en' | 'hans' | 'hant' | undefined =>
  Number.isInteger(value) && value >= 0 && value < 1000
    ? /^en(-[a-z]{2})?$/i.test(locale)
      ? 'en'
      : /^zh(-CN|-SG|-Hans(-CN|-SG)?)?$/i.test(locale)
        ? 'hans'
        : /^zh-(TW|Hant(-TW)?)$/i.test(locale)
          ? 'hant'
          : undefined
    : undefined;

export function formatNumber(value: number, locale: string): string {
  if (plain(value, locale)) return '' + value;
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** "3 hours" / "3小时": a count with its unit spelled out (the stock banner's sold window and countdown). */
export function formatUnit(value: number, unit: 'minute' | 'hour' | 'day', locale: string): string {
  const p = plain(value, locale);
  if (p === 'en') return `${value} ${unit}${value === 1 ? '' : 's'}`;
  if (p)
    return `${value}${p === 'hant' ? ' ' : ''}${unit === 'day' ? '天' : unit === 'hour' ? (p === 'hant' ? '小時' : '小时') : p === 'hant' ? '分鐘' : '分钟'}`;
  return cached(
    `u|${locale}|${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }),
  ).format(value);
}
