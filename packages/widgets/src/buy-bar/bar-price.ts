// Formats the bar's price and struck-through compare-at price with Intl, per locale and currency.

export interface PriceText {
  now: string;
  /** Only when the compare-at price is really higher; an equal or lower "was" price would be a false discount. */
  was?: string;
}

const valid = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * Undefined when there is no usable price. Without a currency the number is formatted plainly rather than
 * guessing a currency symbol. A bad currency code (RangeError from Intl) also falls back to plain numbers.
 */
export function priceText(locale: string, price: number | null | undefined, compareAt?: number | null, currency?: string | null): PriceText | undefined {
  if (!valid(price)) return undefined;
  let fmt: Intl.NumberFormat;
  try {
    fmt = currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } catch {
    fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  const out: PriceText = { now: fmt.format(price) };
  if (valid(compareAt) && compareAt > price) out.was = fmt.format(compareAt);
  return out;
}
