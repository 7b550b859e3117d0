// The demo shop's products: bilingual names and copy, prices in USD (a cross-border shop), stock that each shopper's own orders decrease.

export type Lang = 'en' | 'zh-CN';

/** The shop's one currency (the seeded Nudge config speaks USD too). */
export const CURRENCY = 'USD';

export interface Product {
  slug: string;
  sku: string;
  name: Record<Lang, string>;
  blurb: Record<Lang, string>;
  price: number;
  compareAtPrice?: number;
  /** Units on hand; a shopper's checkout decreases it for that shopper (demo/src/shop-server.ts). */
  stock: number;
  /** Units sold in the last 24 hours (moves with orders placed through the demo). */
  sold24h: number;
  /** Sale end shared by every visitor (ISO), if the product is on sale. */
  saleEndsAt?: string;
  hue: number;
  shape: 'tin' | 'pouch' | 'teapot' | 'cups' | 'tray' | 'box';
}

const inDays = (d: number) =>
  new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + d, 15, 59, 59),
  ).toISOString();

export function createCatalog(): Product[] {
  return [
    {
      slug: 'tieguanyin-oolong',
      sku: 'TEA-OOL-150',
      shape: 'tin',
      hue: 150,
      name: { en: 'Tieguanyin Oolong, 150 g tin', 'zh-CN': '安溪铁观音 150克罐装' },
      blurb: {
        en: 'Orchid-scented, lightly roasted oolong from Anxi, Fujian.',
        'zh-CN': '福建安溪轻焙火乌龙，兰花香气，回甘持久。',
      },
      price: 32,
      compareAtPrice: 39,
      stock: 6,
      sold24h: 23,
      saleEndsAt: inDays(2),
    },
    {
      slug: 'jasmine-silver-needle',
      sku: 'TEA-JAS-100',
      shape: 'pouch',
      hue: 95,
      name: { en: 'Jasmine Silver Needle, 100 g', 'zh-CN': '茉莉银针 100克' },
      blurb: { en: 'White tea buds scented seven times with fresh jasmine.', 'zh-CN': '白茶芽头与新鲜茉莉七次窨制。' },
      price: 24,
      stock: 42,
      sold24h: 11,
    },
    {
      slug: 'ru-kiln-teapot',
      sku: 'WARE-POT-RU',
      shape: 'teapot',
      hue: 190,
      name: { en: 'Ru-kiln celadon teapot, 220 ml', 'zh-CN': '汝窑天青釉茶壶 220毫升' },
      blurb: {
        en: 'Hand-thrown, crackle glaze that deepens with every brew.',
        'zh-CN': '手工拉坯，开片随使用日渐温润。',
      },
      price: 89,
      compareAtPrice: 109,
      stock: 3,
      sold24h: 5,
      saleEndsAt: inDays(1),
    },
    {
      slug: 'tasting-cups',
      sku: 'WARE-CUP-4',
      shape: 'cups',
      hue: 25,
      name: { en: 'Tasting cups, set of 4', 'zh-CN': '品茗杯 四只装' },
      blurb: {
        en: 'Thin-walled porcelain that shows the colour of the liquor.',
        'zh-CN': '薄胎白瓷，茶汤颜色一目了然。',
      },
      price: 22,
      stock: 120,
      sold24h: 8,
    },
    {
      slug: 'bamboo-tea-tray',
      sku: 'WARE-TRAY-BB',
      shape: 'tray',
      hue: 40,
      name: { en: 'Bamboo tea tray with drain', 'zh-CN': '竹制储水茶盘' },
      blurb: { en: 'Carbonised bamboo, hidden reservoir, easy to rinse.', 'zh-CN': '碳化竹材，隐藏式储水，易于清洗。' },
      price: 54,
      stock: 0,
      sold24h: 0,
    },
    {
      slug: 'gift-box',
      sku: 'GIFT-BOX-3',
      shape: 'box',
      hue: 350,
      name: { en: 'Three teas gift box', 'zh-CN': '三味茶礼盒' },
      blurb: {
        en: 'Oolong, jasmine and pu-erh in a linen-wrapped box.',
        'zh-CN': '乌龙、茉莉、普洱，亚麻布包装礼盒。',
      },
      price: 64,
      stock: 17,
      sold24h: 14,
    },
  ];
}
