// The words for the language of the emails (alerts' delivery, your summaries), in both console languages.
import type { Lang } from '../i18n.js';

/** The server's email languages (packages/server/src/mail-locale.ts): the console's two and the widgets' zh-TW. */
export const EMAIL_LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** Each language named in itself, as language pickers do, so a reader finds their own whatever the console speaks. */
export const emailLocaleNames: Record<EmailLocale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
};

const words = {
  en: {
    alertLanguage: 'Language of the alert emails',
    summariesIn: 'Your summary emails are in {l}, the language of this console.',
    summariesSwitch: 'Your summary emails are in {l}. Save to have them in {c}, the language of this console.',
  },
  'zh-CN': {
    alertLanguage: '警报邮件的语言',
    summariesIn: '你的摘要邮件使用{l}，即此控制台的语言。',
    summariesSwitch: '你的摘要邮件目前使用{l}。保存后将改用此控制台的语言：{c}。',
  },
} satisfies Record<Lang, Record<string, string>>;

export const emailWord = (lang: Lang, key: keyof (typeof words)['en'], params: Record<string, string> = {}) =>
  words[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);
