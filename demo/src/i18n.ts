// The shop's own UI strings in English and Simplified Chinese.
import { CURRENCY, type Lang } from './catalog.js';

const strings = {
  shopName: { en: 'Camellia Tea House', 'zh-CN': '山茶茶舍' },
  tagline: { en: 'Small-batch teas and teaware, packed to order.', 'zh-CN': '小批量好茶与茶器，下单后现包。' },
  home: { en: 'Shop', 'zh-CN': '商店' },
  breadcrumb: { en: 'Breadcrumb', 'zh-CN': '当前位置' },
  mainNav: { en: 'Main', 'zh-CN': '主导航' },
  cart: { en: 'Cart', 'zh-CN': '购物车' },
  addToCart: { en: 'Add to cart', 'zh-CN': '加入购物车' },
  soldOut: { en: 'Sold out', 'zh-CN': '已售罄' },
  added: { en: 'Added to your cart', 'zh-CN': '已加入购物车' },
  quantity: { en: 'Quantity', 'zh-CN': '数量' },
  checkout: { en: 'Check out', 'zh-CN': '去结算' },
  placeOrder: { en: 'Place order', 'zh-CN': '提交订单' },
  emptyCart: { en: 'Your cart is empty.', 'zh-CN': '购物车是空的。' },
  total: { en: 'Total', 'zh-CN': '合计' },
  remove: { en: 'Remove', 'zh-CN': '移除' },
  name: { en: 'Name', 'zh-CN': '姓名' },
  email: { en: 'Email', 'zh-CN': '邮箱' },
  address: { en: 'Address', 'zh-CN': '地址' },
  coupon: { en: 'Coupon code', 'zh-CN': '优惠码' },
  thanks: { en: 'Thank you for your order', 'zh-CN': '感谢您的订购' },
  orderNo: { en: 'Order number', 'zh-CN': '订单号' },
  continueShopping: { en: 'Continue shopping', 'zh-CN': '继续购物' },
  details: { en: 'Details', 'zh-CN': '商品详情' },
  inStock: { en: 'In stock', 'zh-CN': '有货' },
  gallery: { en: 'Product images', 'zh-CN': '商品图片' },
  view: { en: 'View', 'zh-CN': '图' },
  language: { en: '中文', 'zh-CN': 'English' },
  shareHeading: { en: 'Share the tea, both of you save', 'zh-CN': '分享好茶，双方都有礼' },
  footer: { en: 'A demo shop for Nudge. Nothing here is for sale.', 'zh-CN': 'Nudge 演示商店，所有商品均不出售。' },
  simulatedNote: { en: 'Demo data', 'zh-CN': '演示数据' },
} satisfies Record<string, Record<Lang, string>>;

export type Key = keyof typeof strings;
export const t = (lang: Lang, key: Key): string => strings[key][lang];
export const other = (lang: Lang): Lang => (lang === 'en' ? 'zh-CN' : 'en');
export const langPath = (lang: Lang) => (lang === 'en' ? 'en' : 'zh');
export const formatPrice = (lang: Lang, n: number) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: CURRENCY }).format(n);
