// The emails a shopper gets after leaving their address (the confirmation link, the code), in the shop's language.
import type { NudgeConfig } from '@nudge/core/spec';
import type { EventRow } from '../store/store.js';
import { mailLocale, type MailLocale } from '../mail-locale.js';

interface LeadWords {
  confirmSubject: string;
  confirmText: (link: string) => string;
  codeSubject: string;
  thanksSubject: string;
  codeText: (code: string) => string;
  thanksText: string;
}

export const LEAD_WORDS: Record<MailLocale, LeadWords> = {
  en: {
    confirmSubject: 'Please confirm your email address',
    confirmText: (link) =>
      `Please confirm that you signed up with this address:\n\n${link}\n\nIf it was not you, ignore this email: nothing more will be sent.\n`,
    codeSubject: 'Your coupon code',
    thanksSubject: 'Thanks for signing up',
    codeText: (code) => `Your code: ${code}\n\nEnter it at checkout.\n`,
    thanksText: 'Thanks for signing up. We will keep you posted.\n',
  },
  'zh-CN': {
    confirmSubject: '请确认你的邮箱地址',
    confirmText: (link) =>
      `请点击下面的链接，确认是你用这个地址注册的：\n\n${link}\n\n如果不是你本人，请忽略此邮件：我们不会再发送任何邮件。\n`,
    codeSubject: '你的优惠码',
    thanksSubject: '感谢你的注册',
    codeText: (code) => `你的优惠码：${code}\n\n结账时输入即可使用。\n`,
    thanksText: '感谢你的注册，我们会及时告诉你最新消息。\n',
  },
  'zh-TW': {
    confirmSubject: '請確認你的電子郵件地址',
    confirmText: (link) =>
      `請點選下方連結，確認是你用這個地址註冊的：\n\n${link}\n\n如果不是你本人，請忽略此郵件：我們不會再寄送任何郵件。\n`,
    codeSubject: '你的優惠碼',
    thanksSubject: '感謝你的註冊',
    codeText: (code) => `你的優惠碼：${code}\n\n結帳時輸入即可使用。\n`,
    thanksText: '感謝你的註冊，我們會隨時通知你最新消息。\n',
  },
};

/**
 * The language of a lead's emails, as its widget spoke it: the event's `language` (the coupon popup sends the one it
 * was shown in: its tag's data-locale, the page's lang, its props), else, for events without it (older widgets), the
 * widget's `locale`, the site's (the config's), the shopper's browser (the event's `context.locale`), else en.
 */
export function leadLocale(
  config: NudgeConfig | undefined,
  row: Pick<EventRow, 'widget' | 'context'> & Partial<Pick<EventRow, 'props'>>,
): MailLocale {
  const widget = row.widget ? config?.widgets.find((w) => w.id === row.widget) : undefined;
  return (
    // the language the popup was shown in (its tag's data-locale, the page's lang, its props), as it says it
    mailLocale(row.props?.language) ??
    mailLocale((widget?.props as { locale?: unknown } | undefined)?.locale) ??
    mailLocale(config?.locale) ??
    mailLocale(row.context?.locale) ??
    'en'
  );
}
