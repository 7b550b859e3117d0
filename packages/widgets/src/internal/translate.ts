// Message lookup for the built-in languages; apart from the Intl formatters (i18n.ts) so a widget that only needs
// its strings does not ship number and date formatting.

export type UiLocale = 'en' | 'zh-CN' | 'zh-TW';
/** Each widget keeps its own table so a page that loads one widget does not ship the others' strings. */
export type Messages<K extends string> = Record<UiLocale, Record<K, string>>;

/** Maps any BCP 47 tag onto a built-in language: traditional Chinese regions to zh-TW, other Chinese to zh-CN. */
export function uiLocale(tag: string | undefined): UiLocale {
  const t = (tag ?? '').toLowerCase();
  if (!t.startsWith('zh')) return 'en';
  return /hant|-tw|-hk|-mo/.test(t) ? 'zh-TW' : 'zh-CN';
}

/** Looks up a message and fills `{name}` placeholders; values are plain text (Lit renders them as text). */
export function t<K extends string>(
  messages: Messages<K>,
  locale: string,
  key: K,
  vars?: Record<string, string | number>,
): string {
  const s = messages[uiLocale(locale)][key] ?? messages.en[key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}
