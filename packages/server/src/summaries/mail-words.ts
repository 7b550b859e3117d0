// The summary email's words in each email language (the figures' names as the console's dashboard says them).
import type { DashboardTotals } from '../reports/dashboard.js';
import type { MailLocale } from '../mail-locale.js';
import type { SummaryPeriod } from './settings.js';

export interface SummaryWords {
  subject: (site: string, period: SummaryPeriod, span: string) => string;
  span: (period: SummaryPeriod, day: string) => string;
  opening: (site: string, period: SummaryPeriod, span: string, timeZone: string) => string;
  row: (name: string, now: string, before: string, change: string) => string;
  noChange: string;
  new: string;
  /** the figures the email shows (ROWS in mail.ts) */
  names: Record<Exclude<keyof DashboardTotals, 'buyers'>, string>;
  widgets: (claims: string, redemptions: string, referralOrders: string, referralRevenue: string) => string;
  footer: string;
  na: string;
}

export const SUMMARY_WORDS: Record<MailLocale, SummaryWords> = {
  en: {
    subject: (site, period, span) => `[Nudge] ${period === 'daily' ? 'Daily' : 'Weekly'} summary for ${site}: ${span}`,
    span: (period, day) => (period === 'daily' ? day : `week of ${day}`),
    opening: (site, period, span, tz) =>
      `${period === 'daily' ? 'Daily' : 'Weekly'} summary for ${site}, ${span} (${tz}); beside each figure the ${period === 'daily' ? 'day' : 'week'} before.`,
    row: (name, now, before, change) => `${name}: ${now} (before: ${before}, ${change})`,
    noChange: 'no change',
    new: 'new',
    names: {
      visitors: 'Visitors',
      newVisitors: 'New visitors',
      returningVisitors: 'Returning visitors',
      conversionRate: 'Conversion rate',
      orders: 'Orders',
      revenue: 'Revenue',
      averageOrderValue: 'Average order value',
      repurchaseRate: 'Repurchase rate',
    },
    widgets: (c, r, o, rev) =>
      `Widgets: ${c} coupon claims, ${r} orders with a coupon, ${o} referral orders (${rev} revenue).`,
    footer:
      'Sent by the Nudge server because you asked for it in the console (People & tokens, Your summaries), where you can stop it.',
    na: 'n/a',
  },
  'zh-CN': {
    subject: (site, period, span) => `[Nudge] ${site} 的${period === 'daily' ? '每日' : '每周'}摘要：${span}`,
    span: (period, day) => (period === 'daily' ? day : `${day} 起的一周`),
    opening: (site, period, span, tz) =>
      `${site} 的${period === 'daily' ? '每日' : '每周'}摘要，${span}（${tz}）；每个数字旁边是前一${period === 'daily' ? '天' : '周'}的数字。`,
    row: (name, now, before, change) => `${name}：${now}（之前：${before}，${change}）`,
    noChange: '无变化',
    new: '新增',
    names: {
      visitors: '访客',
      newVisitors: '新访客',
      returningVisitors: '回访访客',
      conversionRate: '转化率',
      orders: '订单',
      revenue: '收入',
      averageOrderValue: '平均订单金额',
      repurchaseRate: '复购率',
    },
    widgets: (c, r, o, rev) => `组件：领取优惠券 ${c} 次，使用优惠券的订单 ${r} 个，推荐订单 ${o} 个（收入 ${rev}）。`,
    footer: 'Nudge 服务器发送此邮件，因为你在控制台中订阅了它（成员与令牌 › 你的摘要），也可以在那里取消。',
    na: '无',
  },
  'zh-TW': {
    subject: (site, period, span) => `[Nudge] ${site} 的${period === 'daily' ? '每日' : '每週'}摘要：${span}`,
    span: (period, day) => (period === 'daily' ? day : `${day} 起的一週`),
    opening: (site, period, span, tz) =>
      `${site} 的${period === 'daily' ? '每日' : '每週'}摘要，${span}（${tz}）；每個數字旁邊是前一${period === 'daily' ? '天' : '週'}的數字。`,
    row: (name, now, before, change) => `${name}：${now}（之前：${before}，${change}）`,
    noChange: '無變化',
    new: '新增',
    names: {
      visitors: '訪客',
      newVisitors: '新訪客',
      returningVisitors: '回訪訪客',
      conversionRate: '轉換率',
      orders: '訂單',
      revenue: '營收',
      averageOrderValue: '平均訂單金額',
      repurchaseRate: '回購率',
    },
    widgets: (c, r, o, rev) => `元件：領取優惠券 ${c} 次，使用優惠券的訂單 ${r} 筆，推薦訂單 ${o} 筆（營收 ${rev}）。`,
    footer: 'Nudge 伺服器傳送此郵件，因為你在控制台中訂閱了它（成員與權杖 › 你的摘要），也可以在那裡取消。',
    na: '無',
  },
};
