import { describe, expect, it } from 'vitest';
import { addToCartProps } from './autotrack.js';
import { productItem } from '@nudge/core';

describe('auto-track props', () => {
  it('builds GA4 add_to_cart props from the product context', () => {
    expect(addToCartProps({ sku: 'TEA-1', name: 'Oolong', price: 12.5, currency: 'USD' }, 3)).toEqual({
      currency: 'USD',
      value: 37.5,
      items: [{ item_id: 'TEA-1', item_name: 'Oolong', price: 12.5, quantity: 3 }],
    });
  });
  it('falls back to id or name for item_id and sends nothing made up without a product', () => {
    expect(productItem({ name: 'Cup' })).toEqual({ item_id: 'Cup', item_name: 'Cup', quantity: 1 });
    expect(addToCartProps(null)).toEqual({ items: [] });
  });
});
