import { describe, expect, it } from 'vitest';
import { productItem } from './ga4-item.js';

describe('GA4 item rule', () => {
  it('names the item by SKU, else id, else name', () => {
    expect(productItem({ sku: 'S', id: 'I', name: 'N', price: 2 }, 3)).toEqual({
      item_id: 'S',
      item_name: 'N',
      price: 2,
      quantity: 3,
    });
    expect(productItem({ id: 'I' })).toEqual({ item_id: 'I', quantity: 1 });
    // an empty SKU (setProduct({ sku: '' })) is no SKU: the id names the item
    expect(productItem({ sku: '', id: 'I' })).toEqual({ item_id: 'I', quantity: 1 });
  });
});
