// Merchant copy per locale: which of a prop's per-locale values a page shows (the widgets, the console's preview).

/** A text prop: one string for every page, or one per locale tag (`{ "en": "...", "zh-CN": "..." }`). */
export type LocaleText = string | Record<string, string>;

const low = (tag: string) => tag.toLowerCase().replace(/_/g, '-');
const lang = (tag: string) => low(tag).split('-')[0];
/** The language, and for Chinese its script: zh-HK and zh-MO read zh-TW copy (Traditional), zh and zh-SG zh-CN's. */
const script = (tag: string) =>
  lang(tag) == 'zh' ? (/hant|-tw|-hk|-mo/.test(low(tag)) ? 'zh-hant' : 'zh-hans') : lang(tag);

/**
 * The value of `text` for the first of `locales` it can serve, each tried in turn: the exact tag (without case); a tag
 * of the same language, and for Chinese of the same script (`en-GB` reads `en` or `en-US`, `zh` reads `zh-CN`, `zh-HK`
 * reads `zh-TW`); a tag of the same language in the other script. With none, the first value. A string is returned as
 * it is; anything else (a malformed document the SDK has not validated) gives undefined.
 */
export function pickLocale(text: unknown, locales: readonly (string | null | undefined)[]): string | undefined {
  if (!text || typeof text != 'object') return typeof text == 'string' ? text : undefined;
  const values = text as Record<string, unknown>;
  const keys = Object.keys(values).filter((k) => typeof values[k] == 'string');
  for (const tag of locales)
    for (const same of [low, script, lang])
      for (const k of keys) if (tag && same(k) == same(tag)) return values[k] as string;
  return values[keys[0]!] as string | undefined;
}
