// Which locale an element speaks: its own attribute, else the nearest `lang`, else the document's or the browser's.
// Kept apart from i18n.ts so a view that needs no Intl formatter does not carry them; read only by the lazy views.
import type { NudgeElement } from './nudge-element.js';

/** The locale for an element: explicit value, else the nearest `lang` attribute, else the document's, else the browser's. */
export function resolveLocale(el: Pick<Element, 'closest'>, explicit?: string | null): string {
  const tag =
    explicit ||
    el.closest('[lang]')?.getAttribute('lang') ||
    document.documentElement.lang ||
    navigator.language ||
    'en';
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** The locale a widget speaks: its `locale`, else the SDK's, else the nearest `lang` attribute, else the browser's. */
export const localeOf = (el: Pick<NudgeElement, 'locale' | 'runtime' | 'closest'>): string =>
  resolveLocale(el, el.locale || el.runtime?.locale);
