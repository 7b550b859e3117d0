// The alert email's words in each email language; the built-in rules' names as the console shows them.
import type { MailLocale } from '../mail-locale.js';

export interface AlertWords {
  subject: (site: string, name: string, fired: boolean) => string;
  opening: (site: string, name: string, fired: boolean) => string;
  day: string;
  value: string;
  expected: string;
  limit: string;
  volume: string;
  history: string;
  series: string;
  details: string;
  rule: (id: string, metric: string, comparison: string, sent: string) => string;
  chart: string;
  na: string;
  /** between a day and its value, and between list items */
  colon: string;
  comma: string;
}

export const ALERT_WORDS: Record<MailLocale, AlertWords> = {
  en: {
    subject: (site, name, fired) => `[Nudge] ${site}: ${name} ${fired ? 'fired' : 'resolved'}`,
    opening: (site, name, fired) => `Alert "${name}" ${fired ? 'fired' : 'resolved'} for site ${site}.`,
    day: 'Day evaluated (UTC)',
    value: 'Value',
    expected: 'Expected',
    limit: 'Limit',
    volume: 'Visitors that day',
    history: 'Same weekday, earlier weeks',
    series: 'Each day (UTC), oldest first, as the chart in the console draws it',
    details: 'Details',
    rule: (id, metric, comparison, sent) => `Rule: ${id} (${metric}, ${comparison}). Sent ${sent} by the Nudge server.`,
    chart: 'Its page in the console (Alerts) shows the chart that triggered it.',
    na: 'n/a',
    colon: ': ',
    comma: ', ',
  },
  'zh-CN': {
    subject: (site, name, fired) => `[Nudge] ${site}：${name} ${fired ? '已触发' : '已恢复'}`,
    opening: (site, name, fired) => `站点 ${site} 的警报“${name}”${fired ? '已触发' : '已恢复'}。`,
    day: '评估日（UTC）',
    value: '数值',
    expected: '预期',
    limit: '阈值',
    volume: '当天访客',
    history: '前几周的同一星期几',
    series: '每天的数值（UTC，由早到晚，即控制台图表所画的）',
    details: '详情',
    rule: (id, metric, comparison, sent) => `规则：${id}（${metric}，${comparison}）。由 Nudge 服务器于 ${sent} 发送。`,
    chart: '在控制台的“警报”中打开它的页面，可看到触发它的图表。',
    na: '无',
    colon: '：',
    comma: '，',
  },
  'zh-TW': {
    subject: (site, name, fired) => `[Nudge] ${site}：${name} ${fired ? '已觸發' : '已恢復'}`,
    opening: (site, name, fired) => `網站 ${site} 的警報「${name}」${fired ? '已觸發' : '已恢復'}。`,
    day: '評估日（UTC）',
    value: '數值',
    expected: '預期',
    limit: '閾值',
    volume: '當天訪客',
    history: '前幾週的同一星期幾',
    series: '每天的數值（UTC，由早到晚，即控制台圖表所畫的）',
    details: '詳情',
    rule: (id, metric, comparison, sent) => `規則：${id}（${metric}，${comparison}）。由 Nudge 伺服器於 ${sent} 傳送。`,
    chart: '在控制台的「警報」中開啟它的頁面，可看到觸發它的圖表。',
    na: '無',
    colon: '：',
    comma: '，',
  },
};

/** Keyed as BUILT_IN_RULES (rules.ts), like the console's i18n/built-in-names.ts; `en` is the server's own name. */
const BUILT_IN_NAMES: Record<string, Record<MailLocale, string>> = {
  'conversion-drop': {
    en: 'Conversion 20% below expected',
    'zh-CN': '转化率低于预期 20%',
    'zh-TW': '轉換率低於預期 20%',
  },
  srm: {
    en: 'Sample ratio mismatch in a running experiment',
    'zh-CN': '运行中的实验出现样本比例不匹配',
    'zh-TW': '執行中的實驗出現樣本比例不符',
  },
  'error-spike': { en: 'Errors well above expected', 'zh-CN': '错误数远高于预期', 'zh-TW': '錯誤數遠高於預期' },
  'stale-stock': { en: 'Stock feed gone stale', 'zh-CN': '库存数据源已过期', 'zh-TW': '庫存資料來源已過期' },
  'coupon-pool-low': { en: 'Coupon pool running low', 'zh-CN': '优惠券池即将用完', 'zh-TW': '優惠券池即將用完' },
};

/** A rule's name in `locale`: only the server's own English name of a built-in rule is replaced, never a typed one. */
export function ruleNameIn(locale: MailLocale, r: { id: string; name: string }): string {
  const words = Object.hasOwn(BUILT_IN_NAMES, r.id) ? BUILT_IN_NAMES[r.id] : undefined;
  return words && words.en === r.name ? words[locale] : r.name;
}
