// Built-in referral card strings in the three shipped languages (the share menu's live in menuMessages, loaded with it).
import type { Messages } from '../internal/translate.js';

export const messages: Messages<
  | 'heading'
  | 'headingRewards'
  | 'body'
  | 'bodyFriendOnly'
  | 'link'
  | 'share'
  | 'friendHeading'
  | 'friendBody'
  | 'shareText'
  | 'shareTextPlain'
> = {
  en: {
    heading: 'Invite friends',
    headingRewards: 'Give {friend}, get {inviter}',
    body: 'Friends get {friend} on their first order. You get {inviter} when they buy.',
    bodyFriendOnly: 'Friends get {friend} on their first order.',
    link: 'Your invite link',
    share: 'Share invite link',
    friendHeading: 'A gift from your friend',
    friendBody: '{friend} on your first order.',
    shareText: 'Here is {friend} on your first order',
    shareTextPlain: 'Come and shop with me',
  },
  'zh-CN': {
    heading: '邀请好友',
    headingRewards: '送好友{friend}，你得{inviter}',
    body: '好友首单立享{friend}，好友下单后你可获得{inviter}。',
    bodyFriendOnly: '好友首单立享{friend}。',
    link: '你的邀请链接',
    share: '分享邀请链接',
    friendHeading: '好友送你的见面礼',
    friendBody: '首单立享{friend}。',
    shareText: '送你{friend}首单优惠',
    shareTextPlain: '一起来逛逛吧',
  },
  'zh-TW': {
    heading: '邀請好友',
    headingRewards: '送好友{friend}，你得{inviter}',
    body: '好友首購立享{friend}，好友下單後你可獲得{inviter}。',
    bodyFriendOnly: '好友首購立享{friend}。',
    link: '你的邀請連結',
    share: '分享邀請連結',
    friendHeading: '好友送你的見面禮',
    friendBody: '首購立享{friend}。',
    shareText: '送你{friend}首購優惠',
    shareTextPlain: '一起來逛逛吧',
  },
};
