// <nudge-referral-card> in real Chromium: share link, Web Share and the fallback menu (every method), WeChat QR drawn
// offline, friend view and own-code rule, keyboard flows, axe in every state, zero layout shift, screenshots.
import { $config, $runtime, $user } from '@nudge/core';
import type { NudgeRuntime } from '@nudge/core';
import { encode } from 'uqr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import {
  axeViolations,
  layoutShiftMeter,
  pageWithContent,
  painted,
  reducedMotion,
  screenshot,
  settle,
  viewport,
  checkedTrack,
} from '../internal/testing.js';
import type { NudgeReferralCard } from './referral-card.component.js';
import './referral-card.js';

const URL0 = 'https://shop.example/welcome?utm_source=card';
async function mount(
  attrs: Record<string, string> = {},
  parent: Element = document.querySelector('main')!,
): Promise<NudgeReferralCard> {
  const el = document.createElement('nudge-referral-card');
  for (const [k, v] of Object.entries({
    'widget-id': 'invite',
    code: 'ANN10',
    url: URL0,
    'inviter-reward': '$10 credit',
    'friend-reward': '15% off',
    ...attrs,
  }))
    el.setAttribute(k, v);
  parent.prepend(el);
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=card]')).not.toBeNull());
  await el.updateComplete;
  // The card's lazy view grows it from 0 to its height in an unreserved slot; under load that frame can be painted
  // after the caller's meter starts. The appearance is measured by the reserved-slot test, not by every test.
  await painted();
  return el;
}
const part = <T extends Element = HTMLElement>(el: NudgeReferralCard, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);
const options = (el: NudgeReferralCard) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=option]')];
function events() {
  const log: [string, unknown][] = [];
  for (const n of ['nudge-share', 'nudge-copy', 'nudge-show'])
    document.addEventListener(n, (e) => log.push([n, (e as CustomEvent).detail]));
  return log;
}
function fakeRuntime() {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const rt: NudgeRuntime = { track: checkedTrack(calls), widgetProps: () => undefined, exposed: () => {} };
  $runtime.set(rt);
  return calls;
}
/** Chromium on Linux has no navigator.share; tests add one or make sure it is absent. */
function webShare(impl?: (d: ShareData) => Promise<void>) {
  if (impl) Object.defineProperty(navigator, 'share', { configurable: true, value: impl });
  else delete (navigator as { share?: unknown }).share;
}
async function openMenu(el: NudgeReferralCard) {
  part(el, 'cta')!.click();
  await vi.waitFor(() => expect(part(el, 'menu')).not.toBeNull());
  await settle();
}

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  webShare();
  await painted(); // the previous test's page was painted: the fresh one must be too before anything is measured
});
afterEach(async () => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $config.set(null);
  $user.set({});
  history.replaceState(null, '', location.pathname);
  webShare();
  vi.restoreAllMocks();
  await reducedMotion(false);
});

describe('link and card', () => {
  it('adds ?ref=CODE and keeps the existing query; relative URLs resolve; javascript: is refused', async () => {
    const el = await mount();
    expect(el.shareUrl).toBe('https://shop.example/welcome?utm_source=card&ref=ANN10');
    expect(part<HTMLInputElement>(el, 'link')!.value).toBe(el.shareUrl);
    el.url = '/invite?x=1';
    expect(el.shareUrl).toBe(new URL('/invite?x=1&ref=ANN10', location.href).href);
    el.url = 'javascript:alert(1)//?';
    await el.updateComplete;
    expect(el.shareUrl).toBe('');
    expect(part(el, 'cta')).toBeNull();
  });
  it('renders merchant text as text, with both rewards, and passes axe', async () => {
    const el = await mount({ heading: '<img src=x onerror="window.__pwned=1">', 'friend-reward': '<b>15%</b>' });
    expect(part(el, 'heading')!.textContent).toBe('<img src=x onerror="window.__pwned=1">');
    expect(part(el, 'body')!.textContent).toBe(
      'Friends get <b>15%</b> on their first order. You get $10 credit when they buy.',
    );
    expect(el.shadowRoot!.querySelector('img, b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(await axeViolations(el)).toEqual([]);
  });
  it('sends view_promotion once it is on screen, with the figures shown', async () => {
    const calls = fakeRuntime();
    const log = events();
    await mount();
    await vi.waitFor(() => expect(log.find(([n]) => n === 'nudge-show')).toBeTruthy());
    expect(calls[0]).toEqual([
      'view_promotion',
      {
        promotion_id: 'invite',
        creative_slot: 'referral-card',
        view: 'inviter',
        inviter_reward: '$10 credit',
        friend_reward: '15% off',
      },
    ]);
  });
});

describe('sharing', () => {
  it('uses the Web Share API where present and reports method web_share', async () => {
    const shared: ShareData[] = [];
    webShare(async (d) => void shared.push(d));
    const calls = fakeRuntime();
    const log = events();
    const el = await mount();
    await userEvent.click(part(el, 'cta')!);
    await settle();
    expect(shared).toEqual([{ text: 'Here is 15% off on your first order', url: el.shareUrl }]);
    expect(log).toContainEqual(['nudge-share', { method: 'web_share', url: el.shareUrl }]);
    expect(calls.find(([n]) => n === 'share')?.[1]).toMatchObject({
      method: 'web_share',
      content_type: 'referral',
      item_id: 'ANN10',
    });
    expect(part(el, 'menu')).toBeNull();
  });
  it('a cancelled share sheet is not a share', async () => {
    webShare(async () => {
      throw new DOMException('cancel', 'AbortError');
    });
    const log = events();
    const el = await mount();
    part(el, 'cta')!.click();
    await settle();
    expect(log.filter(([n]) => n === 'nudge-share')).toEqual([]);
  });
  it('without Web Share: keyboard opens a placed menu with every method, Escape closes and returns focus', async () => {
    const el = await mount();
    const cls = layoutShiftMeter();
    part(el, 'cta')!.focus();
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(part(el, 'menu')).not.toBeNull());
    await settle();
    expect(part(el, 'cta')!.getAttribute('aria-expanded')).toBe('true');
    expect(options(el).map((o) => o.textContent!.trim())).toEqual([
      'Copy link',
      'WhatsApp',
      'X',
      'Facebook',
      'Email',
      'LINE',
      'WeChat',
    ]);
    // placed below the button by floating-ui, a chunk fetched on first use (slower on a busy machine)
    await vi.waitFor(
      () => {
        const m = part(el, 'menu')!.getBoundingClientRect();
        const b = part(el, 'cta')!.getBoundingClientRect();
        expect(m.top).toBeGreaterThanOrEqual(b.bottom);
        expect(Math.abs(m.right - b.right)).toBeLessThan(2);
      },
      { timeout: 3000 },
    );
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.keyboard('{Tab}');
    expect(el.shadowRoot!.activeElement).toBe(options(el)[0]);
    await userEvent.keyboard('{Escape}');
    await settle();
    expect(part(el, 'menu')).toBeNull();
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'cta'));
    expect(part(el, 'cta')!.getAttribute('aria-expanded')).toBe('false');
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(part(el, 'menu')).not.toBeNull());
    options(el).at(-1)!.focus();
    await userEvent.keyboard('{Tab}'); // past the last option: out of the menu
    await settle();
    expect(part(el, 'menu')).toBeNull();
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
  it('each option shares with its method and a correct link; an outside click closes the menu', async () => {
    const calls = fakeRuntime();
    const log = events();
    const el = await mount();
    await openMenu(el);
    const links = el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a[part~=option]');
    const url = encodeURIComponent(el.shareUrl);
    expect([...links].map((a) => a.getAttribute('href'))).toEqual([
      `https://wa.me/?text=${encodeURIComponent(`Here is 15% off on your first order ${el.shareUrl}`)}`,
      `https://x.com/intent/post?text=${encodeURIComponent('Here is 15% off on your first order')}&url=${url}`,
      `https://www.facebook.com/sharer/sharer.php?u=${url}`,
      `mailto:?subject=${encodeURIComponent('Here is 15% off on your first order')}&body=${encodeURIComponent(`Here is 15% off on your first order\n${el.shareUrl}`)}`,
      `https://social-plugins.line.me/lineit/share?url=${url}`,
    ]);
    for (const a of links) {
      a.addEventListener('click', (e) => e.preventDefault(), { once: true }); // do not leave the test page
      a.click();
    }
    expect(log.filter(([n]) => n === 'nudge-share').map(([, d]) => (d as { method: string }).method)).toEqual([
      'whatsapp',
      'x',
      'facebook',
      'email',
      'line',
    ]);
    expect(calls.filter(([n]) => n === 'share').map(([, p]) => p!.method)).toEqual([
      'whatsapp',
      'x',
      'facebook',
      'email',
      'line',
    ]);
    await userEvent.click(document.querySelector('h1')!);
    await settle();
    expect(part(el, 'menu')).toBeNull();
    await openMenu(el);
    part(el, 'cta')!.click(); // closing the menu with its button is not another call to action
    await settle();
    expect(part(el, 'menu')).toBeNull();
    expect(calls.filter(([n]) => n === 'select_promotion')).toHaveLength(2);
  });
  it('copy link writes the share URL and says so', async () => {
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const log = events();
    const el = await mount();
    await openMenu(el);
    options(el)[0]!.click();
    await settle();
    expect(write).toHaveBeenCalledWith(el.shareUrl);
    expect(part(el, 'tooltip')!.textContent).toBe('Link copied');
    expect(log).toContainEqual(['nudge-copy', { url: el.shareUrl }]);
    expect(log).toContainEqual(['nudge-share', { method: 'copy', url: el.shareUrl }]);
    expect(await axeViolations(el)).toEqual([]);
  });
  it('WeChat draws the QR locally as SVG rects matching the encoded matrix, with no network', async () => {
    const fetches = vi.spyOn(window, 'fetch');
    const log = events();
    const el = await mount();
    const cls = layoutShiftMeter();
    await openMenu(el);
    await userEvent.click(options(el).at(-1)!); // a real click: the WeChat button takes focus
    await vi.waitFor(() => expect(part(el, 'qr')).not.toBeNull());
    await settle();
    const svgEl = part(el, 'qr')!;
    const matrix = encode(el.shareUrl, { ecc: 'M', border: 2 }).data;
    const dark = matrix.flat().filter(Boolean).length;
    expect(svgEl.querySelectorAll('rect').length).toBe(dark + 1); // + white background
    expect(svgEl.getAttribute('viewBox')).toBe(`0 0 ${matrix.length} ${matrix.length}`);
    expect(svgEl.getAttribute('role')).toBe('img');
    await userEvent.click(svgEl); // clicking the code (to scan it) keeps the menu open
    expect(part(el, 'menu')).not.toBeNull();
    expect(fetches).not.toHaveBeenCalled();
    expect(log).toContainEqual(['nudge-share', { method: 'wechat', url: el.shareUrl }]);
    expect(await axeViolations(el)).toEqual([]);
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
});

describe('friend side', () => {
  it("a visitor who arrived with someone else's code sees the friend reward", async () => {
    history.replaceState(null, '', '?ref=BOB22');
    const calls = fakeRuntime();
    const el = await mount();
    expect(el.arrivedWith).toBe('BOB22');
    expect(part(el, 'friend')!.textContent).toContain('15% off on your first order.');
    await vi.waitFor(() => expect(calls[0]?.[1]).toMatchObject({ view: 'friend', referral: 'BOB22' }));
    expect(await axeViolations(el)).toEqual([]);
    await screenshot('referral-card-en-desktop-friend', (o) => page.screenshot(o));
  });
  it('their own code never counts, in any letter case, from the URL or the SDK', async () => {
    history.replaceState(null, '', '?ref=ann10');
    const el = await mount();
    expect(el.arrivedWith).toBeUndefined();
    expect(part(el, 'friend')).toBeNull();
    el.remove();
    history.replaceState(null, '', location.pathname);
    $user.set({ referral: 'CAROL5', ownReferralCode: 'CAROL5' });
    const friendOnly = document.createElement('nudge-referral-card');
    friendOnly.setAttribute('friend-reward', '15% off');
    document.querySelector('main')!.prepend(friendOnly);
    expect(friendOnly.arrivedWith).toBeUndefined();
    expect(friendOnly.hasAttribute('layout')).toBe(false); // nothing to show: no card
    friendOnly.remove();
    $user.set({ referral: 'DAN7' });
    const guest = await mount({ code: '' });
    expect(guest.arrivedWith).toBe('DAN7');
    expect(part(guest, 'friend')).not.toBeNull();
    expect(part(guest, 'cta')).toBeNull(); // no own code yet: nothing to share
  });
});

describe('nothing to show', () => {
  it('no own code and no ?ref: no card, no box, no label pointing at nothing, even once its view has loaded', async () => {
    const main = document.querySelector('main')!;
    const el = document.createElement('nudge-referral-card');
    el.setAttribute('friend-reward', '15% off'); // a friend gift, but this visitor came with no referral
    main.prepend(el);
    const before = main.querySelector('h1')!.getBoundingClientRect().top;
    // A card with something to show loads the same view module: once it is in, the empty one has it too.
    const other = await mount({}, main);
    await el.updateComplete;
    await settle();
    expect(other.getBoundingClientRect().height).toBeGreaterThan(100);
    expect(el.shadowRoot!.querySelector('section, .card, [part]')).toBeNull();
    expect(el.getBoundingClientRect().height).toBe(0);
    expect(el.hasAttribute('layout')).toBe(false);
    other.remove();
    expect(main.querySelector('h1')!.getBoundingClientRect().top).toBe(before);
    expect(await axeViolations(el)).toEqual([]);
    // Someone else's code arrives later through the SDK: the friend's gift shows.
    $user.set({ referral: 'BOB22' });
    await vi.waitFor(() => expect(part(el, 'friend')).not.toBeNull());
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('motion, language, layout', () => {
  it('appearing in a slot the page reserved (README snippet) shifts nothing', async () => {
    const style = document.createElement('style');
    style.textContent = 'nudge-referral-card { display: block; min-height: 260px; }';
    document.head.append(style);
    const cls = layoutShiftMeter();
    // The merchant's HTML has the element from the first paint: swap in the same page served with the slot in it
    // (inserting any box into an already painted page would push it down, reserved or not).
    const served = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    const el = document.createElement('nudge-referral-card');
    for (const [k, v] of Object.entries({ code: 'ANN10', 'inviter-reward': '$10 credit', 'friend-reward': '15% off' }))
      el.setAttribute(k, v);
    served.querySelector('h1')!.after(el);
    document.querySelector('main')!.replaceWith(served);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=card]')).not.toBeNull());
    await el.updateComplete;
    await settle();
    expect(el.getBoundingClientRect().height).toBe(260);
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
    style.remove();
  });
  it('switched off by config while on screen: the box stays (invisible, inert), nothing moves', async () => {
    const rt: NudgeRuntime = { track: () => {}, widgetProps: () => ({ friendReward: '20% off' }), exposed: () => {} };
    $runtime.set(rt);
    $config.set({
      schema: 1,
      site: 's',
      version: 1,
      experiments: [],
      widgets: [{ id: 'invite', type: 'referral-card', props: {} }],
    });
    const el = await mount();
    expect(part(el, 'body')!.textContent).toContain('20% off');
    const height = el.getBoundingClientRect().height;
    const cls = layoutShiftMeter();
    $runtime.set({ ...rt, widgetProps: () => undefined }); // a live config push disables it for this visitor
    await el.updateComplete;
    await settle();
    expect(el.getBoundingClientRect().height).toBe(height);
    expect(getComputedStyle(part(el, 'card')!).visibility).toBe('hidden');
    expect(part(el, 'card')!.inert).toBe(true);
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
    expect(await axeViolations(el)).toEqual([]);
  });
  it('below the fold its view loads before it is scrolled into view: no visible shift', async () => {
    const cls = layoutShiftMeter();
    const after = document.createElement('p');
    after.textContent = 'after the card';
    document.querySelector('main')!.append(after);
    const el = document.createElement('nudge-referral-card');
    el.setAttribute('code', 'ANN10');
    after.before(el);
    await settle(150);
    expect(el.shadowRoot!.querySelector('[part~=card]')).toBeNull(); // far below the fold: not loaded yet
    scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight - 200);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[part~=card]')).not.toBeNull());
    await settle();
    el.scrollIntoView();
    await settle();
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
  it('the meter does catch a real shift of the page around the card', async () => {
    const el = await mount();
    const cls = layoutShiftMeter();
    const ad = document.createElement('div');
    ad.style.height = '80px';
    el.before(ad);
    await settle();
    expect(cls.value()).toBeGreaterThan(0);
    expect(cls.report()).toContain('<nudge-referral-card');
    cls.stop();
  });
  it('has no motion to reduce and keeps layout still while the card updates', async () => {
    await reducedMotion(true);
    const el = await mount();
    const cls = layoutShiftMeter();
    el.inviterReward = '$20 credit';
    await el.updateComplete;
    await settle();
    expect(getComputedStyle(part(el, 'cta')!).transitionDuration).toBe('0s');
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
  it('speaks zh-CN from the page language', async () => {
    document.documentElement.lang = 'zh-CN';
    const el = await mount({ 'inviter-reward': '¥20', 'friend-reward': '¥15' });
    expect(part(el, 'heading')!.textContent).toBe('送好友¥15，你得¥20');
    expect(part(el, 'cta')!.textContent).toBe('分享邀请链接');
  });
});

describe('screenshots', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const [w, h, name] of [
      [1280, 800, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      it(`${lang} ${name}`, async () => {
        await viewport(w, h);
        document.documentElement.lang = lang;
        const box = document.createElement('div');
        box.style.cssText = 'max-width:520px;margin:16px';
        document.querySelector('main')!.prepend(box);
        const el = await mount(lang === 'en' ? {} : { 'inviter-reward': '¥20 无门槛券', 'friend-reward': '¥15' }, box);
        await screenshot(`referral-card-${lang}-${name}`, (o) => page.screenshot(o));
        await openMenu(el);
        options(el).at(-1)!.click();
        await vi.waitFor(() => expect(part(el, 'qr')).not.toBeNull());
        await screenshot(`referral-card-${lang}-${name}-qr`, (o) => page.screenshot(o));
      });
    }
  }
});
