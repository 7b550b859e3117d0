import { describe, expect, it } from 'vitest';
import { sameSiteUrl, safeUrl } from './safe-url.js';

const PAGE = 'https://shop.example/p/mug';

describe('sameSiteUrl (the coupon\'s apply link)', () => {
  it('keeps absolute http(s) URLs and same-site paths', () => {
    expect(sameSiteUrl('https://pay.example/apply?c=X', PAGE)).toBe('https://pay.example/apply?c=X');
    expect(sameSiteUrl('/discount/X', PAGE)).toBe('https://shop.example/discount/X');
    expect(sameSiteUrl('cart', PAGE)).toBe('https://shop.example/p/cart');
  });
  it.each(['//evil.example/X', '/\\evil.example/apply?c=X', '\\\\evil.example/X', '/\\/evil.example', ' //evil.example', '/\t/evil.example'])(
    'refuses %j, which a browser opens on another site',
    (input) => expect(sameSiteUrl(input, PAGE)).toBeNull(),
  );
  it.each(['javascript:alert(1)', 'data:text/html,x', ''])('refuses %j', (input) => expect(sameSiteUrl(input, PAGE)).toBeNull());
});

describe('safeUrl', () => {
  it('keeps http(s) URLs wherever they point and refuses other schemes', () => {
    expect(safeUrl('//cdn.example/feed.json', PAGE)).toBe('https://cdn.example/feed.json');
    expect(safeUrl('javascript:alert(1)', PAGE)).toBeNull();
  });
});
