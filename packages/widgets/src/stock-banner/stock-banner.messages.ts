// Built-in stock banner strings in the three shipped languages.
import type { Messages } from '../internal/i18n.js';

export const messages: Messages<'lowStock' | 'sold' | 'soldOut' | 'endsIn' | 'ended'> = {
  en: {
    lowStock: 'Only {n} left',
    sold: '{n} sold in the last {window}',
    soldOut: 'Sold out',
    endsIn: 'Sale ends in {time}',
    ended: 'The sale has ended',
  },
  'zh-CN': {
    lowStock: '仅剩 {n} 件',
    sold: '过去{window}已售 {n} 件',
    soldOut: '已售罄',
    endsIn: '距促销结束还有 {time}',
    ended: '促销已结束',
  },
  'zh-TW': {
    lowStock: '僅剩 {n} 件',
    sold: '過去{window}已售出 {n} 件',
    soldOut: '已售完',
    endsIn: '距優惠結束還有 {time}',
    ended: '優惠已結束',
  },
};
