// The console's words for the server's built-in metrics and alert rules, by key (the server names them in English).
import type { Lang } from '../i18n.js';

/** Keyed as the server's BUILT_IN metrics (packages/server/src/metrics/definition.ts); `en` is the server's name. */
export const builtInMetricNames = {
  view_item: { en: 'Viewed a product', 'zh-CN': '浏览了商品' },
  add_to_cart: { en: 'Added to cart', 'zh-CN': '加入了购物车' },
  begin_checkout: { en: 'Began checkout', 'zh-CN': '开始结账' },
  purchase: { en: 'Purchased', 'zh-CN': '完成购买' },
  revenue_per_visitor: { en: 'Revenue per visitor', 'zh-CN': '每位访客收入' },
  average_order_value: { en: 'Average order value', 'zh-CN': '平均订单金额' },
  coupon_redemption_rate: { en: 'Orders with a coupon', 'zh-CN': '使用优惠券的订单占比' },
  discount_per_visitor: { en: 'Discount given per visitor', 'zh-CN': '每位访客获得的折扣' },
  profit_per_visitor: { en: 'Profit per visitor', 'zh-CN': '每位访客利润' },
} satisfies Record<string, Record<Lang, string>>;

/** Keyed as the server's BUILT_IN_RULES (packages/server/src/alerts/rules.ts); `en` is the server's name. */
export const builtInRuleNames = {
  'conversion-drop': { en: 'Conversion 20% below expected', 'zh-CN': '转化率低于预期 20%' },
  srm: { en: 'Sample ratio mismatch in a running experiment', 'zh-CN': '运行中的实验出现样本比例不匹配' },
  'error-spike': { en: 'Errors well above expected', 'zh-CN': '错误数远高于预期' },
  'stale-stock': { en: 'Stock feed gone stale', 'zh-CN': '库存数据源已过期' },
  'coupon-pool-low': { en: 'Coupon pool running low', 'zh-CN': '优惠券池即将用完' },
} satisfies Record<string, Record<Lang, string>>;

// Only the server's own English name is replaced: a site may define a rule or metric under such a key with its own
// name, and a name the user typed is shown as typed.
function named(table: Record<string, Record<Lang, string>>, lang: Lang, key: string, name: string): string {
  const words = Object.hasOwn(table, key) ? table[key] : undefined;
  return words && words.en === name ? words[lang] : name;
}

/** A metric's name in the console's language when it is a built-in one. */
export const metricName = (lang: Lang, m: { key: string; name: string }) =>
  named(builtInMetricNames, lang, m.key, m.name);

/** An alert rule's name in the console's language when it is a built-in one. */
export const ruleName = (lang: Lang, r: { id: string; name: string }) => named(builtInRuleNames, lang, r.id, r.name);
