// Built-in coupon popup strings in the three shipped languages.
import type { Messages } from '../internal/i18n.js';

export const messages: Messages<
  | 'heading'
  | 'nextOrderHeading'
  | 'off'
  | 'spendSave'
  | 'validUntil'
  | 'reveal'
  | 'email'
  | 'emailHint'
  | 'emailInvalid'
  | 'emailHintSend'
  | 'consentRequired'
  | 'sentTo'
  | 'yourCode'
  | 'copy'
  | 'copied'
  | 'copyFailed'
  | 'gone'
  | 'apply'
  | 'close'
  | 'showCode'
  | 'banner'
  | 'noThanks'
> = {
  en: {
    heading: 'A welcome gift for you',
    nextOrderHeading: 'Thank you! A coupon for your next order',
    off: '{amount} off',
    spendSave: 'Spend {threshold}, save {amount}',
    validUntil: 'Valid until {date}',
    reveal: 'Get my code',
    email: 'Email',
    emailHint: 'Your code appears here as soon as you sign up.',
    emailInvalid: 'Please enter a valid email address.',
    emailHintSend: 'Your code appears here as soon as you sign up, and we will also email it to you.',
    consentRequired: 'Please tick the box to agree before you sign up.',
    sentTo: 'We will also send the code to {email}.',
    yourCode: 'Your code',
    copy: 'Copy code',
    copied: 'Copied!',
    copyFailed: 'Select the code to copy it.',
    gone: 'Sorry, no codes left.',
    apply: 'Apply to my cart',
    close: 'Close',
    showCode: 'Get code',
    banner: 'Coupon',
    noThanks: 'No thanks',
  },
  'zh-CN': {
    heading: '新人专享礼券',
    nextOrderHeading: '感谢购买！送你一张下次可用的优惠券',
    off: '立减{amount}',
    spendSave: '满{threshold}减{amount}',
    validUntil: '有效期至 {date}',
    reveal: '领取优惠码',
    email: '电子邮箱',
    emailHint: '提交后，优惠码会立即显示在这里。',
    emailInvalid: '请输入有效的电子邮箱地址。',
    emailHintSend: '提交后，优惠码会立即显示在这里，我们也会发送到你的邮箱。',
    consentRequired: '请先勾选同意后再提交。',
    sentTo: '我们也会把优惠码发送到 {email}。',
    yourCode: '您的优惠码',
    copy: '复制优惠码',
    copied: '已复制',
    copyFailed: '请选中优惠码后手动复制。',
    gone: '优惠码已领完',
    apply: '立即用于购物车',
    close: '关闭',
    showCode: '领取',
    banner: '优惠券',
    noThanks: '不用了，谢谢',
  },
  'zh-TW': {
    heading: '新客專屬禮券',
    nextOrderHeading: '感謝購買！送你一張下次可用的優惠券',
    off: '立減{amount}',
    spendSave: '滿{threshold}減{amount}',
    validUntil: '有效期至 {date}',
    reveal: '領取優惠碼',
    email: '電子郵件',
    emailHint: '送出後，優惠碼會立即顯示在這裡。',
    emailInvalid: '請輸入有效的電子郵件地址。',
    emailHintSend: '送出後，優惠碼會立即顯示在這裡，我們也會寄到你的電子郵件。',
    consentRequired: '請先勾選同意後再送出。',
    sentTo: '我們也會把優惠碼寄到 {email}。',
    yourCode: '您的優惠碼',
    copy: '複製優惠碼',
    copied: '已複製',
    copyFailed: '請選取優惠碼後手動複製。',
    gone: '優惠碼已領完',
    apply: '立即套用至購物車',
    close: '關閉',
    showCode: '領取',
    banner: '優惠券',
    noThanks: '不用了，謝謝',
  },
};
