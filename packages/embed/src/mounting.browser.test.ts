import { $config, $user, type NudgeConfig } from '@nudge/core';
import { afterEach, describe, expect, it } from 'vitest';
import { widgetAttributes } from './mounting.js';

const slot = (html: string) => {
  document.body.innerHTML = html;
  return document.body.firstElementChild!;
};

afterEach(() => {
  $config.set(null);
  $user.set({});
  document.body.innerHTML = '';
});

describe('widget attributes', () => {
  it('gives every widget the tag’s language and nothing else by default', () => {
    expect(widgetAttributes({ locale: 'zh-CN' }, { id: 'pop', type: 'coupon-popup' }, document.body)).toEqual({
      locale: 'zh-CN',
    });
    expect(widgetAttributes({}, { id: 'stock', type: 'stock-banner' }, document.body)).toEqual({});
  });

  it('points the buy bar at the config’s add-to-cart selector, else the tag’s', () => {
    const bar = { id: 'bar', type: 'buy-bar' } as const;
    expect(widgetAttributes({ tagAddToCart: '#add' }, bar, document.body)).toEqual({ target: '#add' });
    $config.set({ tracking: { beginCheckout: '.checkout' } } as NudgeConfig);
    expect(widgetAttributes({ tagAddToCart: '#add' }, bar, document.body)).toEqual({ target: '#add' });
    $config.set({ tracking: { addToCart: '.buy' } } as NudgeConfig);
    expect(widgetAttributes({ tagAddToCart: '#add' }, bar, document.body)).toEqual({ target: '.buy' });
    $config.set(null);
    expect(widgetAttributes({}, bar, document.body)).toEqual({});
  });

  it('gives the referral card the slot’s code, else the identified customer’s own', () => {
    const card = { id: 'ref', type: 'referral-card' } as const;
    $user.set({ ownReferralCode: 'BOB2' });
    expect(widgetAttributes({}, card, slot('<div data-nudge-code="ALICE7"></div>'))).toEqual({ code: 'ALICE7' });
    expect(widgetAttributes({}, card, slot('<div></div>'))).toEqual({ code: 'BOB2' });
    $user.set({});
    expect(widgetAttributes({}, card, slot('<div></div>'))).toEqual({});
  });
});
