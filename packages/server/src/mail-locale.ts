// The languages Nudge's emails are written in, and the Intl formats of numbers, money and days each one reads.
import { z } from 'zod';

/** The console's two languages and the widgets' three: the emails speak all three. */
export const MAIL_LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export const mailLocaleSchema = z.enum(MAIL_LOCALES, { error: 'expected en, zh-CN or zh-TW' });

/**
 * Any BCP 47 tag onto an email language, by the widgets' rule (traditional Chinese scripts and regions to zh-TW, other
 * Chinese to zh-CN, every other language to en); undefined for no tag or one Intl does not take, so a caller can try
 * the next source.
 */
export function mailLocale(tag: unknown): MailLocale | undefined {
  if (typeof tag !== 'string' || !tag.trim()) return undefined;
  let t: string;
  try {
    t = (Intl.getCanonicalLocales(tag.trim())[0] ?? '').toLowerCase();
  } catch {
    return undefined;
  }
  if (!t) return undefined;
  if (!t.startsWith('zh')) return 'en';
  return /hant|-tw|-hk|-mo/.test(t) ? 'zh-TW' : 'zh-CN';
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The formats of one language; a figure that is not a finite number prints as `na`. */
export function formatsOf(locale: MailLocale, na: string) {
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (key: string, o: Intl.NumberFormatOptions) => {
    if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale, o));
    return cache.get(key)!;
  };
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  return {
    /** a count or an amount, at most two decimals */
    num: (x: unknown) => (ok(x) ? nf('num', { maximumFractionDigits: 2 }).format(x) : na),
    /** a rate (0.05 is 5.00%) */
    pct: (x: unknown) => (ok(x) ? nf('pct', { style: 'percent', minimumFractionDigits: 2 }).format(x) : na),
    /** a change between two figures (1 is +100.0%), always signed */
    change: (x: number) =>
      nf('chg', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'always' }).format(
        x,
      ),
    /** money in the shop's currency; without one (or with one Intl does not know), the amount alone */
    money: (x: unknown, currency: string | undefined) => {
      if (!ok(x)) return na;
      if (!currency) return nf('num', { maximumFractionDigits: 2 }).format(x);
      try {
        return nf(`cur:${currency}`, { style: 'currency', currency }).format(x);
      } catch {
        return nf('num', { maximumFractionDigits: 2 }).format(x);
      }
    },
    /**
     * A calendar day (ms at its start in `timeZone`, or `YYYY-MM-DD`): English keeps the ISO day the emails always had
     * (US and UK readers order day and month differently; 2026-02-04 reads one way to both); Chinese the way Intl
     * writes it (2026年2月4日).
     */
    day: (d: unknown, timeZone = 'UTC') => {
      const ms = typeof d === 'string' && ISO_DAY.test(d) ? Date.parse(`${d}T00:00:00Z`) : d;
      if (!ok(ms)) return na;
      const zone = typeof d === 'string' ? 'UTC' : timeZone;
      if (locale === 'en') {
        const parts = new Intl.DateTimeFormat('en', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        })
          .formatToParts(ms)
          .reduce<Record<string, string>>((o, p) => ({ ...o, [p.type]: p.value }), {});
        return `${parts.year}-${parts.month}-${parts.day}`;
      }
      return new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'long' }).format(ms);
    },
    /** an instant, to the minute, with its zone */
    time: (ms: number) =>
      locale === 'en'
        ? new Date(ms).toISOString()
        : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'long' }).format(ms),
  };
}
export type MailFormats = ReturnType<typeof formatsOf>;
