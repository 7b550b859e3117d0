// Merchant copy per locale, the lazy part: picks each per-locale text prop's value for the widget's locale. A chunk of
// its own, loaded only by a widget given such copy, so pages and widgets with plain text (the stock banner) skip it.
import { pickLocale } from '@nudge/core';
import { localeOf, type LocaleHost } from './locale.js';

/** A per-locale text held by a property, and the string it was last shown as. */
export interface Copy {
  text: object;
  shown?: string;
}

/** Sets each property in `copies` to its text for the host's locale, falling back to the site's default locale. */
export function pickCopies(host: LocaleHost, copies: Map<string, Copy>): void {
  const locale = localeOf(host);
  const self = host as unknown as Record<string, unknown>;
  for (const [name, copy] of copies) {
    copy.shown = pickLocale(copy.text, [locale, host.runtime?.locale]) ?? '';
    if (self[name] !== copy.shown) self[name] = copy.shown;
  }
}
