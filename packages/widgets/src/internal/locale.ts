// Which locale an element speaks: its own attribute, else the nearest `lang`, else the site's default, else the browser's.
// Kept apart from i18n.ts so a view that needs no Intl formatter does not carry them.

/** What the locale of a widget depends on (structural, so the base element can use it without an import circle). */
export interface LocaleHost extends Pick<Element, 'closest'> {
  locale: string;
  runtime: { locale?: string | undefined } | null;
}

/**
 * The locale for an element: the explicit value, else the nearest `lang` attribute, else the document's, else
 * `siteDefault` (the config's `locale`), else the browser's.
 */
export function resolveLocale(el: Pick<Element, 'closest'>, explicit?: string | null, siteDefault?: string): string {
  const tag =
    explicit ||
    el.closest('[lang]')?.getAttribute('lang') ||
    document.documentElement.lang ||
    siteDefault ||
    navigator.language ||
    'en';
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * The locale a widget speaks, for its built-in text and for the merchant's per-locale copy alike (so a page never mixes
 * the two): its `locale` (the tag's data-locale), else the page's `lang`, else the site's default, else the browser's.
 */
export const localeOf = (el: LocaleHost): string => resolveLocale(el, el.locale, el.runtime?.locale);
