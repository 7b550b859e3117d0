import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MS, attribute } from './attribution.js';

describe('first-touch attribution', () => {
  it('captures utm_* and ?ref= from the landing URL', () => {
    expect(attribute('?utm_source=ig&utm_campaign=bf&ref=ANNA&x=1', undefined, 5)).toEqual({
      utm: { source: 'ig', campaign: 'bf' },
      referral: 'ANNA',
      at: 5,
    });
  });
  it('keeps the first touch for 30 days even when a later URL carries other parameters', () => {
    const first = attribute('?utm_source=ig', undefined, 0)!;
    expect(attribute('?utm_source=google', first, ATTRIBUTION_MS - 1)).toBe(first);
  });
  it('lets a new touch replace it after 30 days, and forgets it when the new URL has none', () => {
    const first = attribute('?utm_source=ig', undefined, 0)!;
    expect(attribute('?utm_source=google', first, ATTRIBUTION_MS)?.utm).toEqual({ source: 'google' });
    expect(attribute('', first, ATTRIBUTION_MS + 1)).toBeUndefined();
  });
  it('returns nothing for a plain URL', () => {
    expect(attribute('?q=shoes', undefined, 0)).toBeUndefined();
  });
});
