// Console strings in English and Simplified Chinese (a table each in i18n/); the choice is remembered per browser.
import { en, type MessageKey } from './i18n/en.js';
import { zh } from './i18n/zh-cn.js';

export type { MessageKey };
export type Lang = 'en' | 'zh-CN';

/** Both tables, for the test that keeps them in step. */
export const tables: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function pickLang(saved: string | null, navigatorLang: string): Lang {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigatorLang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
