import { describe, expect, it } from 'vitest';
import { safeUrl } from './safe-url.js';

const PAGE = 'https://shop.example/p/mug';

describe('safeUrl', () => {
  it('keeps absolute http(s) URLs wherever they point, and same-site paths', () => {
    expect(safeUrl('https://pay.example/apply?c=X', PAGE)).toBe('https://pay.example/apply?c=X');
    expect(safeUrl(' HTTP://pay.example/x ', PAGE)).toBe('http://pay.example/x');
    expect(safeUrl('/discount/X', PAGE)).toBe('https://shop.example/discount/X');
    expect(safeUrl('cart', PAGE)).toBe('https://shop.example/p/cart');
  });
  // The coupon's apply-url promises a same-site path when it is not an absolute URL.
  it.each([
    '//evil.example/X',
    '/\\evil.example/apply?c=X',
    '\\\\evil.example/X',
    '/\\/evil.example',
    ' //evil.example',
    '/\t/evil.example',
  ])('refuses %j, a path a browser opens on another site', (input) => expect(safeUrl(input, PAGE)).toBeNull());
  it.each(['javascript:alert(1)', 'data:text/html,x', ''])('refuses %j', (input) =>
    expect(safeUrl(input, PAGE)).toBeNull(),
  );
});
