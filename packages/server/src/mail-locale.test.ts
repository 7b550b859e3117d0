// The emails' languages: any tag onto one of the three, and the figures as Intl writes them in each.
import { describe, expect, it } from 'vitest';
import { alertMail } from './alerts/mail.js';
import { formatsOf, mailLocale } from './mail-locale.js';
import { summaryMail } from './summaries/mail.js';

describe('email languages', () => {
  it('map tags as the widgets do; nothing usable is undefined so the next source is tried', () => {
    expect(['en', 'en-GB', 'fr', 'zh', 'zh-CN', 'zh-Hans-SG', 'zh-TW', 'zh-HK', 'zh-Hant'].map(mailLocale)).toEqual([
      'en',
      'en',
      'en',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-TW',
      'zh-TW',
      'zh-TW',
    ]);
    expect([undefined, '', '  ', 'not a tag!', 42].map(mailLocale)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('write numbers, money, rates and days with Intl in the language', () => {
    const zh = formatsOf('zh-CN', '无');
    expect([zh.num(12345.678), zh.money(1234.5, 'CNY'), zh.pct(0.0525), zh.change(-0.5), zh.num(NaN)]).toEqual([
      '12,345.68',
      '¥1,234.50',
      '5.25%',
      '-50.0%',
      '无',
    ]);
    expect(zh.day('2026-11-02')).toBe('2026年11月2日');
    // midnight in Shanghai is the day before in UTC: the day is read in the shop's zone
    expect(zh.day(Date.UTC(2026, 10, 1, 16), 'Asia/Shanghai')).toBe('2026年11月2日');
    const en = formatsOf('en', 'n/a');
    expect([en.day('2026-11-02'), en.money(1234.5, 'USD'), en.money(3, undefined), en.money(3, 'nope')]).toEqual([
      '2026-11-02',
      '$1,234.50',
      '3',
      '3',
    ]);
    expect(formatsOf('zh-TW', '無').money(1234.5, 'TWD')).toBe(
      new Intl.NumberFormat('zh-TW', { style: 'currency', currency: 'TWD' }).format(1234.5),
    );
  });

  it("a summary in zh-TW with the shop's currency; an alert on revenue in money", () => {
    const totals = {
      visitors: 1200,
      newVisitors: 1000,
      returningVisitors: 200,
      buyers: 30,
      conversionRate: 0.025,
      orders: 30,
      revenue: 4567.8,
      averageOrderValue: 152.26,
      repurchaseRate: 0.1,
    };
    const m = summaryMail(
      'shop',
      'weekly',
      '2026-10-26',
      {
        totals: { current: totals, previous: { ...totals, visitors: 1000, revenue: 0 } },
        widgets: { claims: 12, redemptions: 4, referralOrders: 1, referralRevenue: 99 },
        timeZone: 'Asia/Taipei',
      } as Parameters<typeof summaryMail>[3],
      { locale: 'zh-TW', currency: 'TWD' },
    );
    const twd = (x: number) => new Intl.NumberFormat('zh-TW', { style: 'currency', currency: 'TWD' }).format(x);
    expect(m.subject).toBe('[Nudge] shop 的每週摘要：2026年10月26日 起的一週');
    expect(m.text).toContain('訪客：1,200（之前：1,000，+20.0%）');
    expect(m.text).toContain(`營收：${twd(4567.8)}（之前：${twd(0)}，新增）`);
    expect(m.text).toContain(`推薦訂單 1 筆（營收 ${twd(99)}）`);
    const a = alertMail(
      'shop',
      { id: 'rev', name: 'Revenue low', metric: 'revenue', comparison: 'below' },
      'fired',
      Date.UTC(2026, 10, 2),
      { value: 1234.5, limit: 2000, window: { from: Date.UTC(2026, 10, 1) } },
      { currency: 'USD' },
    );
    expect(a.text).toContain('Value: $1,234.50\nLimit: $2,000.00\n');
  });
});
