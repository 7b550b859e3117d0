// Built-in buy bar strings in the three shipped languages.
import type { Messages } from '../internal/i18n.js';

export const messages: Messages<'addToCart' | 'was' | 'now' | 'region'> = {
  en: { addToCart: 'Add to cart', was: 'Was', now: 'Now', region: 'Quick buy' },
  'zh-CN': { addToCart: '加入购物车', was: '原价', now: '现价', region: '快速购买' },
  'zh-TW': { addToCart: '加入購物車', was: '原價', now: '現價', region: '快速購買' },
};
