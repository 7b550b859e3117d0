// Buy bar decisions that need no browser: visibility from sightings, price text, text colour contrast.
import { describe, expect, it } from 'vitest';
import { contrastRatio, luminance, resolveColor, textColorOn } from './bar-contrast.js';
import { priceText } from './bar-price.js';
import { barVisible, isAbove } from './bar-visibility.js';

describe('barVisible', () => {
  const above = { isIntersecting: false, bottom: -10, rootTop: 0 };
  const below = { isIntersecting: false, bottom: 1500, rootTop: 0 };
  const inView = { isIntersecting: true, bottom: 400, rootTop: 0 };
  const base = { footerInView: false, available: true };

  it('shows only once the main button has scrolled away upwards', () => {
    expect(isAbove(above)).toBe(true);
    expect(isAbove(below)).toBe(false);
    expect(isAbove(inView)).toBe(false);
    expect(barVisible({ ...base, target: undefined })).toBe(false);
    expect(barVisible({ ...base, target: inView })).toBe(false);
    expect(barVisible({ ...base, target: below })).toBe(false);
    expect(barVisible({ ...base, target: above })).toBe(true);
  });
  it('hides at the footer and when the product is unavailable', () => {
    expect(barVisible({ ...base, target: above, footerInView: true })).toBe(false);
    expect(barVisible({ ...base, target: above, available: false })).toBe(false);
  });
  it("never shows without the page's button (its own button would do nothing)", () => {
    expect(barVisible({ ...base, target: undefined })).toBe(false);
    expect(barVisible({ ...base, target: undefined, footerInView: true })).toBe(false);
  });
  it('treats a missing rootBounds as the viewport top', () => {
    expect(isAbove({ isIntersecting: false, bottom: 0, rootTop: null })).toBe(true);
  });
});

describe('priceText', () => {
  it('formats with the currency per locale', () => {
    expect(priceText('en', 49.5, 79.5, 'USD')).toEqual({ now: '$49.50', was: '$79.50' });
    expect(priceText('zh-CN', 120, 150, 'CNY')).toEqual({ now: '¥120', was: '¥150' });
    expect(priceText('zh-TW', 990, undefined, 'TWD')).toEqual({ now: '$990' });
  });
  it('never shows a compare-at price that is not higher', () => {
    expect(priceText('en', 49, 49, 'USD')).toEqual({ now: '$49' });
    expect(priceText('en', 49, 10, 'USD')).toEqual({ now: '$49' });
    expect(priceText('en', 49, Number.NaN, 'USD')).toEqual({ now: '$49' });
  });
  it('has no price for missing or bad input, and no guessed symbol without a currency', () => {
    expect(priceText('en', undefined)).toBeUndefined();
    expect(priceText('en', null)).toBeUndefined();
    expect(priceText('en', Number.NaN)).toBeUndefined();
    expect(priceText('en', -1)).toBeUndefined();
    expect(priceText('en', 1234.5)).toEqual({ now: '1,234.5' });
    expect(priceText('en', 5, 8, 'NOT-A-CODE')).toEqual({ now: '5 NOT-A-CODE', was: '8 NOT-A-CODE' });
  });
});

describe('textColorOn', () => {
  it('matches the WCAG formula at the known points', () => {
    expect(luminance([255, 255, 255])).toBeCloseTo(1);
    expect(luminance([0, 0, 0])).toBe(0);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
  });
  it('picks white on red and blue, black on yellow', () => {
    expect(textColorOn([220, 38, 38])).toBe('#fff');
    expect(textColorOn([37, 99, 235])).toBe('#fff');
    expect(textColorOn([250, 204, 21])).toBe('#000');
  });
  it('picks exactly the colour with the higher contrast ratio (checked once for all 16.7M colours; here a sweep)', () => {
    const disagree: (readonly number[])[] = [];
    for (let r = 0; r <= 255; r += 5)
      for (let g = 0; g <= 255; g += 5)
        for (let b = 0; b <= 255; b += 5) {
          const bg = [r, g, b] as const;
          if (
            textColorOn(bg) !== (contrastRatio(bg, [0, 0, 0]) >= contrastRatio(bg, [255, 255, 255]) ? '#000' : '#fff')
          )
            disagree.push(bg);
        }
    expect(disagree).toEqual([]);
  });
  it('reaches AA (4.5:1) for every grey and a sweep of hues', () => {
    const samples: [number, number, number][] = [];
    for (let v = 0; v <= 255; v++) samples.push([v, v, v]);
    for (let r = 0; r <= 255; r += 17)
      for (let g = 0; g <= 255; g += 17) for (let b = 0; b <= 255; b += 17) samples.push([r, g, b]);
    for (const bg of samples) {
      const fg = textColorOn(bg) === '#000' ? ([0, 0, 0] as const) : ([255, 255, 255] as const);
      expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('resolveColor', () => {
  it('reads hex colours itself (no canvas: there is none here)', () => {
    expect(resolveColor('#d92d20')).toEqual([217, 45, 32]);
    expect(resolveColor(' #FC0 ')).toEqual([255, 204, 0]);
  });
});
