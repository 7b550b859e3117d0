// The popup as the thank-you page's "coupon for your next order": it opens only for a buyer the server bound a code
// to (asked a bounded number of times while the purchase reaches the server), with the code shown at once.
import { $config, $runtime, $segment, type ClaimedCode, type NudgeConfig, type NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetModalSlot } from '../internal/frequency.js';
import { axeViolations, checkedTrack, pageWithContent, painted, settle, viewport } from '../internal/testing.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';
import './coupon-popup.js';
import { nextOrderCode, WAITS } from './next-order.js';

const NEXT: ClaimedCode = { code: 'NEXT-7KQ2MX9P', expiresAt: '2031-01-31T12:00:00.000Z', source: 'pool' };

/** A runtime whose claim answers in turn with `answers` (the last one repeats): a code, a status, or offline. */
function runtime(...answers: (ClaimedCode | number | 'offline')[]) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  let i = 0;
  const post = vi.fn((path: string, body: Record<string, unknown>) => {
    void path;
    void body;
    const a = answers[Math.min(i++, answers.length - 1)]!;
    if (a === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
    if (a === 204) return Promise.resolve(new Response(null, { status: 204 }));
    if (typeof a === 'number') return Promise.resolve(Response.json({ reason: 'pool_empty' }, { status: a }));
    return Promise.resolve(Response.json(a));
  });
  const rt: NudgeRuntime = { track: checkedTrack(calls), widgetProps: () => undefined, exposed: () => {}, post };
  $runtime.set(rt);
  return { calls, post };
}
const site = (nextOrder?: NudgeConfig['nextOrder']): NudgeConfig => ({
  schema: 1,
  site: 'shop',
  version: 1,
  widgets: [],
  experiments: [],
  ...(nextOrder ? { nextOrder } : {}),
});
function mount(attrs: Record<string, string> = {}): NudgeCouponPopup {
  const el = document.createElement('nudge-coupon-popup');
  for (const [k, v] of Object.entries({ 'widget-id': 'thanks', amount: '20', currency: 'USD', ...attrs }))
    el.setAttribute(k, v);
  document.body.append(el);
  return el;
}
/** The SDK's memory after it tracked a purchase (it keeps the time of the last one). */
const bought = (at = 1_700_000_000_000) =>
  localStorage.setItem('nudge_memory', JSON.stringify({ history: { orders: 1, spent: 80, lastOrderAt: at } }));
const part = (el: NudgeCouponPopup, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);
const opened = (el: NudgeCouponPopup) => !!el.shadowRoot!.querySelector('dialog[open]');

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  $segment.set(['active']); // a buyer: not a new visitor
  await painted();
});
afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $config.set(null);
  $segment.set([]);
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
  vi.useRealTimers();
});

describe('the next-order coupon on the thank-you page', () => {
  it("opens for a buyer once the server has bound their code, showing it at once with the code's expiry", async () => {
    const { post, calls } = runtime(204, NEXT); // the purchase was still on its way at the first ask
    $config.set(site({ widget: 'thanks', minOrder: 50 }));
    bought();
    const el = mount({ code: 'STATIC20' });
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    await settle();
    expect(post).toHaveBeenCalledTimes(2);
    expect(post).toHaveBeenCalledWith('/v1/coupons/claim', { widget: 'thanks' });
    expect(part(el, 'heading')!.textContent).toBe('Thank you! A coupon for your next order');
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
    expect(part(el, 'expiry')!.textContent).toBe('Valid until Jan 31, 2031');
    // nothing to claim: the form is inert and takes no space, so the dialog fits the code
    const form = el.shadowRoot!.querySelector('form')!;
    expect(form.hasAttribute('inert')).toBe(true);
    expect(form.getBoundingClientRect().height).toBe(0);
    expect(calls.find(([n]) => n === 'view_promotion')![1]).toMatchObject({ coupon: 'NEXT-7KQ2MX9P' });
    expect(await axeViolations(el)).toEqual([]);
  });

  it('never opens for a visitor the server has no code for, not even with a static code', async () => {
    const { post } = runtime(403); // a refusal: asking again would not change it
    $config.set(site({ widget: 'thanks' }));
    bought();
    const el = mount({ code: 'STATIC20' });
    await vi.waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    await settle(300);
    expect(opened(el)).toBe(false);
    expect(el.shadowRoot!.querySelector('dialog')).toBeNull();
  });

  it('a popup the config does not name is an ordinary welcome popup (no asking before it opens)', async () => {
    const { post } = runtime(NEXT);
    $config.set(site({ widget: 'other' }));
    $segment.set([]);
    const el = mount({ code: 'STATIC20' });
    await vi.waitFor(() => expect(opened(el)).toBe(true));
    expect(post).not.toHaveBeenCalled();
    expect(part(el, 'heading')!.textContent).toBe('A welcome gift for you');
  });

  it('asks at most five times over 15 s, then gives up quietly; an unreachable server is asked again', async () => {
    vi.useFakeTimers();
    const { post } = runtime('offline', 204);
    let got: ClaimedCode | undefined | null = null;
    void nextOrderCode($runtime.get(), 'thanks', () => true).then((c) => (got = c));
    await vi.advanceTimersByTimeAsync(WAITS.reduce((a, b) => a + b, 0) + 1000);
    expect(post).toHaveBeenCalledTimes(WAITS.length);
    expect(WAITS.length).toBeLessThanOrEqual(6); // the claim route's per-visitor burst
    expect(got).toBeUndefined();
  });

  it('stops asking when the element leaves the page, and sends nothing without consent', async () => {
    vi.useFakeTimers();
    const { post } = runtime(410); // an older server's "none yet"
    let alive = true;
    void nextOrderCode($runtime.get(), 'thanks', () => alive);
    await vi.advanceTimersByTimeAsync(1500);
    alive = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(post).toHaveBeenCalledTimes(2);
    const none: NudgeRuntime = {
      track: () => {},
      widgetProps: () => undefined,
      exposed: () => {},
      post: () => undefined,
    };
    expect(await nextOrderCode(none, 'thanks', () => true)).toBeUndefined();
  });

  it('shows only the next-order words, none of the welcome heading, description or offer', async () => {
    runtime(NEXT);
    $config.set(site({ widget: 'thanks' }));
    bought();
    const el = mount({ heading: 'Welcome!', description: 'For your first order', threshold: '150', amount: '30' });
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    await settle();
    expect(part(el, 'heading')!.textContent).toBe('Thank you! A coupon for your next order');
    expect(part(el, 'offer')).toBeNull();
    expect(part(el, 'description')).toBeNull();
    expect(el.shadowRoot!.textContent).not.toMatch(/Welcome!|first order|150/);
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
  });

  it('a visitor without a purchase gets the welcome popup as configured, and nothing is asked', async () => {
    const { post } = runtime(204);
    $config.set(site({ widget: 'thanks' }));
    $segment.set(['new']);
    const el = mount({ code: 'WELCOME10', heading: 'Welcome!' });
    await vi.waitFor(() => expect(opened(el)).toBe(true));
    expect(part(el, 'heading')!.textContent).toBe('Welcome!');
    expect(post).not.toHaveBeenCalled();
  });

  it('asks once per purchase: the page views after it ask nothing', async () => {
    const { post } = runtime(403); // this order earned no coupon: nothing opens, and nothing is asked again
    $config.set(site({ widget: 'thanks' }));
    bought();
    for (let page = 0; page < 4; page++) {
      const el = mount();
      await el.updateComplete;
      await settle(150);
      expect(opened(el)).toBe(false);
      el.remove();
    }
    expect(post).toHaveBeenCalledTimes(1);
  });

  it('a purchase tracked on this page, after the popup connected, brings its coupon', async () => {
    const { post } = runtime(NEXT);
    $config.set(site({ widget: 'thanks' }));
    const el = mount();
    await el.updateComplete;
    await settle(100);
    expect(post).not.toHaveBeenCalled();
    bought(); // what the SDK does on track('purchase'): it keeps the purchase, then re-computes the segments
    $segment.set(['active']);
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(post).toHaveBeenCalledTimes(1);
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
  });

  it("a welcome popup on screen when the purchase is tracked turns into the buyer's coupon", async () => {
    runtime(NEXT);
    $config.set(site({ widget: 'thanks' }));
    $segment.set(['new']);
    const el = mount({ code: 'WELCOME10', heading: 'Welcome!' });
    await vi.waitFor(() => expect(opened(el)).toBe(true));
    bought();
    $segment.set(['active']);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P'), { timeout: 5000 });
    expect(part(el, 'heading')!.textContent).toBe('Thank you! A coupon for your next order');
  });

  it('the welcome offer of the next-order popup needs a code of its own (the server gives it only bound codes)', async () => {
    const { post } = runtime(204);
    $config.set(site({ widget: 'thanks' }));
    $segment.set(['new']);
    const el = mount();
    await el.updateComplete;
    await settle(300);
    expect(opened(el)).toBe(false);
    expect(post).not.toHaveBeenCalled();
  });
});
