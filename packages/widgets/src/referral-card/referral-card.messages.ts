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
  | 'headingUpTo'
  | 'bodyProgram'
  | 'bodyProgramFriend'
  | 'bodyProgramInviter'
  | 'signup'
  | 'order'
  | 'orderMin'
  | 'fSignup'
  | 'fOrder'
  | 'fOrderMin'
  | 'youSignup'
  | 'youOrder'
  | 'youOrderMin'
  | 'and'
  | 'friendBodyProgram'
  | 'cap'
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
    headingUpTo: 'Give {friend}, get up to {inviter}',
    bodyProgram: 'Friends get {friend}. You get {inviter}.',
    bodyProgramFriend: 'Friends get {friend}.',
    bodyProgramInviter: 'You get {inviter}.',
    signup: '{amount} when they sign up',
    order: '{amount} after their first order',
    orderMin: '{amount} after a first order of {min} or more',
    fSignup: '{amount} when they sign up',
    fOrder: '{amount} after their first order',
    fOrderMin: '{amount} after a first order of {min} or more',
    youSignup: '{amount} when you sign up',
    youOrder: '{amount} after your first order',
    youOrderMin: '{amount} after a first order of {min} or more',
    and: '{a} and {b}',
    friendBodyProgram: '{friend}.',
    cap: 'You earn up to {cap} a month.',
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
    headingUpTo: '送好友{friend}，你最多得{inviter}',
    bodyProgram: '好友{friend}；你{inviter}。',
    bodyProgramFriend: '好友{friend}。',
    bodyProgramInviter: '你{inviter}。',
    signup: '在好友注册后得{amount}',
    order: '在好友首单后得{amount}',
    orderMin: '在好友首单满{min}后得{amount}',
    fSignup: '注册即得{amount}',
    fOrder: '首单后得{amount}',
    fOrderMin: '首单满{min}后得{amount}',
    youSignup: '注册即得{amount}',
    youOrder: '首单后得{amount}',
    youOrderMin: '首单满{min}后得{amount}',
    and: '{a}，{b}',
    friendBodyProgram: '{friend}。',
    cap: '你每月最多得{cap}。',
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
    headingUpTo: '送好友{friend}，你最多得{inviter}',
    bodyProgram: '好友{friend}；你{inviter}。',
    bodyProgramFriend: '好友{friend}。',
    bodyProgramInviter: '你{inviter}。',
    signup: '在好友註冊後得{amount}',
    order: '在好友首購後得{amount}',
    orderMin: '在好友首購滿{min}後得{amount}',
    fSignup: '註冊即得{amount}',
    fOrder: '首購後得{amount}',
    fOrderMin: '首購滿{min}後得{amount}',
    youSignup: '註冊即得{amount}',
    youOrder: '首購後得{amount}',
    youOrderMin: '首購滿{min}後得{amount}',
    and: '{a}，{b}',
    friendBodyProgram: '{friend}。',
    cap: '你每月最多得{cap}。',
  },
};
