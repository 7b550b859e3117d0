// The bar's price and struck-through compare-at price, formatted with the shared Intl money format.
import { formatMoney } from '../internal/i18n.js';

export interface PriceText {
  now: string;
  /** Only when the compare-at price is really higher; an equal or lower "was" price would be a false discount. */
  was?: string;
}

const valid = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** Undefined when there is no usable price (missing, negative, NaN from a garbage attribute). */
export function priceText(
  locale: string,
  price: number | null | undefined,
  compareAt?: number | null,
  currency?: string | null,
): PriceText | undefined {
  if (!valid(price)) return undefined;
  const out: PriceText = { now: formatMoney(price, currency || undefined, locale) };
  if (valid(compareAt) && compareAt > price) out.was = formatMoney(compareAt, currency || undefined, locale);
  return out;
}
