// The popup as the thank-you page's "coupon for your next order": it opens only for a buyer the server bound a code
// to (asked a bounded number of times while the purchase reaches the server), with the code shown at once.
import {
  $config,
  $runtime,
  $segment,
  $user,
  cookieStorage,
  createNudge,
  memoryStorage,
  type ClaimedCode,
  type Nudge,
  type NudgeConfig,
  type NudgeRuntime,
  type NudgeStorage,
} from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordDismiss, recordShown, resetModalSlot } from '../internal/frequency.js';
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
/** What the SDK publishes once it tracked a purchase, or remembers one (the time of the last one). */
const bought = (at = 1_700_000_000_000) => $user.set({ ...$user.get(), lastOrderAt: at });
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
  $user.set({});
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

  it('standalone (no SDK) it never asks, whatever a store says: it is the welcome popup', async () => {
    const post = vi.fn();
    vi.stubGlobal('fetch', post);
    $segment.set([]); // standalone: no segments, so a new visitor
    bought();
    const el = mount({ code: 'WELCOME10', heading: 'Welcome!' });
    await vi.waitFor(() => expect(opened(el)).toBe(true));
    expect(part(el, 'heading')!.textContent).toBe('Welcome!');
    expect(post).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
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

  it('a buyer who saw and dismissed the welcome popup before buying still gets their code, at once', async () => {
    const { post } = runtime(NEXT);
    $config.set(site({ widget: 'thanks' }));
    // the welcome offer's caps, all spent: shown this session, dismissed today, an exit-intent trigger only
    recordShown('thanks');
    recordDismiss('thanks');
    bought();
    const el = mount({
      code: 'STATIC20',
      frequency: JSON.stringify({ oncePerSession: true, quietDaysAfterDismiss: 7, maxShows: 1 }),
      trigger: JSON.stringify({ exitIntent: true }),
    });
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(post).toHaveBeenCalledTimes(1);
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
  });

  it('a page left before the answer is not marked: the next page asks again and shows the code', async () => {
    const { post } = runtime(204, NEXT);
    $config.set(site({ widget: 'thanks' }));
    bought();
    const first = mount();
    await vi.waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    first.remove(); // the shopper reloads the thank-you page while the purchase is still on its way
    await settle(1200);
    expect(post).toHaveBeenCalledTimes(1);
    const el = mount();
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(post).toHaveBeenCalledTimes(2);
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
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
    $segment.set(['active']); // what the SDK does on track('purchase'): segments, then the purchase in $user
    bought();
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
    $segment.set(['active']);
    bought();
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

describe('the next-order coupon with the real SDK, whatever storage it keeps its memory in', () => {
  const BUY = { transaction_id: 'T-1', currency: 'USD', value: 80, items: [{ item_id: 'a', price: 80, quantity: 1 }] };
  let claims: Record<string, unknown>[] = [];
  let nudge: Nudge | undefined;
  beforeEach(() => {
    claims = [];
    $segment.set([]);
    // The Nudge server: a claim answers with the buyer's code; the config is not newer than the one given in code.
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (!String(url).endsWith('/v1/coupons/claim')) return new Response(null, { status: 304 });
        claims.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
        return Response.json(NEXT);
      }),
    );
  });
  afterEach(() => {
    nudge?.close();
    nudge = undefined;
    vi.unstubAllGlobals();
    for (const c of document.cookie.split('; ')) if (c) document.cookie = `${c.split('=')[0]}=;max-age=0;path=/`;
  });

  /** One page load: a new SDK over `storage` with the site's config, as the shop's app creates it. */
  async function page(storage: NudgeStorage): Promise<Nudge> {
    nudge?.close();
    document.body.innerHTML = '';
    $user.set({});
    nudge = createNudge({
      site: 'shop',
      endpoint: 'https://nudge.example',
      storage,
      config: { ...site({ widget: 'thanks' }), version: 7 },
      live: false,
      webVitals: false,
      send: async () => ({ status: 200 }),
    });
    await vi.waitFor(() => expect($config.get()?.version).toBe(7), { timeout: 5000 });
    return nudge;
  }
  /** The popup on a page that has no purchase to show: it asks nothing and stays shut. */
  async function quiet(): Promise<NudgeCouponPopup> {
    const el = mount();
    await el.updateComplete;
    await settle(150);
    expect(opened(el)).toBe(false);
    return el;
  }

  it('memoryStorage: a purchase tracked on the thank-you page brings the coupon, and nothing is kept in localStorage', async () => {
    const sdk = await page(memoryStorage());
    const el = await quiet();
    expect(claims).toEqual([]);
    sdk.track('purchase', BUY);
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
    expect(claims).toEqual([
      expect.objectContaining({ widget: 'thanks', site: 'shop', anonymousId: expect.any(String) }),
    ]);
    expect(localStorage.getItem('nudge_memory')).toBeNull();
  });

  it('cookieStorage: a purchase from an earlier page is asked for once, a new purchase again', async () => {
    const cookies = cookieStorage();
    // the thank-you page was left before the popup came up: the SDK keeps the purchase in its cookie
    (await page(cookies)).track('purchase', BUY);
    expect(document.cookie).toContain('nudge_memory');
    expect(localStorage.getItem('nudge_memory')).toBeNull();
    // the next page asks for the purchase's coupon and opens with it
    await page(cookies);
    const el = mount();
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(part(el, 'code')!.textContent).toBe('NEXT-7KQ2MX9P');
    expect(claims).toHaveLength(1);
    // the pages after it ask nothing for that purchase (the popup saw it once)
    for (let n = 0; n < 2; n++) {
      await page(cookies);
      await quiet();
    }
    expect(claims).toHaveLength(1);
    // a second order is a new purchase: its page asks again (whether it opens is the frequency rules' call: once a
    // session by default, and this session has shown it)
    const sdk = await page(cookies);
    await quiet();
    sdk.track('purchase', { ...BUY, transaction_id: 'T-2' });
    await vi.waitFor(() => expect(claims).toHaveLength(2), { timeout: 5000 });
  });

  it('with localStorage blocked, the page asks once for its purchase however often the popup comes back', async () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(blocked);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(blocked);
    try {
      const sdk = await page(memoryStorage());
      sdk.track('purchase', BUY);
      const el = mount();
      await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
      el.remove();
      await quiet();
      expect(claims).toHaveLength(1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('with consent still pending nothing is asked; the grant on the thank-you page brings the coupon', async () => {
    nudge = undefined;
    $user.set({});
    nudge = createNudge({
      site: 'shop',
      endpoint: 'https://nudge.example',
      storage: memoryStorage(),
      consent: 'required',
      config: { ...site({ widget: 'thanks' }), version: 7 },
      live: false,
      webVitals: false,
      send: async () => ({ status: 200 }),
    });
    await vi.waitFor(() => expect($config.get()?.version).toBe(7), { timeout: 5000 });
    const el = await quiet();
    nudge.track('purchase', BUY);
    await settle(150);
    expect(claims).toEqual([]);
    expect(opened(el)).toBe(false);
    nudge.setConsent('granted');
    await vi.waitFor(() => expect(opened(el)).toBe(true), { timeout: 5000 });
    expect(claims).toHaveLength(1);
  });
});
