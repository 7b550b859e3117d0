// <nudge-referral-card> for a signed-in customer: their own code from the server (POST /v1/referrals/code), the box
// reserved while it is asked for, the quiet fallbacks (markup code, else no link), and the rewards the site's
// published referral program names; axe in every state, no layout shift.
import { $config, $runtime, $user, type NudgeConfig, type NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  axeViolations,
  checkedTrack,
  layoutShiftMeter,
  pageWithContent,
  painted,
  settle,
  viewport,
} from '../internal/testing.js';
import type { NudgeReferralCard } from './referral-card.component.js';
import './referral-card.js';

type Answer = { code: string; url: string | null } | number | 'offline' | 'no-consent' | Promise<never>;

/** A runtime whose `post` answers the referral code request as the server would (or fails the way it can). */
function runtime(answer: Answer) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const post = vi.fn((path: string, body: Record<string, unknown>): Promise<Response> | undefined => {
    void path;
    void body;
    if (answer === 'no-consent') return undefined;
    if (answer === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
    if (answer instanceof Promise) return answer;
    if (typeof answer === 'number') return Promise.resolve(Response.json({ error: 'x' }, { status: answer }));
    return Promise.resolve(Response.json(answer));
  });
  const rt: NudgeRuntime = { track: checkedTrack(calls), widgetProps: () => undefined, exposed: () => {}, post };
  $runtime.set(rt);
  return { calls, post };
}
const config = (referral?: NudgeConfig['referral']): NudgeConfig => ({
  schema: 1,
  site: 'shop',
  version: 1,
  widgets: [],
  experiments: [],
  ...(referral ? { referral } : {}),
});
const playbook: NudgeConfig['referral'] = {
  currency: 'USD',
  stages: [
    { stage: 'friend_signup', friend: 20, inviter: 20 },
    { stage: 'friend_first_order', inviter: 50 },
  ],
};

async function mount(attrs: Record<string, string> = {}) {
  const el = document.createElement('nudge-referral-card');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.querySelector('main')!.prepend(el);
  await el.updateComplete;
  return el;
}
const part = <T extends Element = HTMLElement>(el: NudgeReferralCard, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);
const link = (el: NudgeReferralCard) => part<HTMLInputElement>(el, 'link')?.value;
/** Waits until the card's view is in and it is no longer asking. */
const answered = (el: NudgeReferralCard) =>
  vi.waitFor(() => {
    expect(el.shadowRoot!.adoptedStyleSheets.length).toBeGreaterThan(1);
    expect(el.ownCodeWanted).toBe('');
  });

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  await painted();
});
afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $config.set(null);
  $user.set({});
  history.replaceState(null, '', location.pathname);
  vi.restoreAllMocks();
});

describe("a signed-in customer's own code", () => {
  // codes are given only on a site that publishes a referral program
  beforeEach(() => $config.set(config(playbook)));

  it('is asked of the server from the lazy view and shown with its link, instead of the markup code', async () => {
    const { post, calls } = runtime({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' });
    $user.set({ anonymousId: 'a-1', userId: 'ann', traits: { email: 'ann@example.com' } });
    const el = await mount({ 'widget-id': 'invite', code: 'MARKUP1' });
    await answered(el);
    await el.updateComplete;
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('/v1/referrals/code', { email: 'ann@example.com' });
    // the server's link is on another origin than this page: the link is built on the page's, with the same code
    expect(link(el)).toBe(`${location.origin}/?ref=K7Q2MX9P`);
    expect(el.shadowRoot!.textContent).not.toContain('MARKUP1');
    // a re-render does not ask again; sharing tracks the code shown
    el.requestUpdate();
    await el.updateComplete;
    expect(post).toHaveBeenCalledTimes(1);
    part(el, 'cta')!.click();
    await vi.waitFor(() => expect(calls.some(([n]) => n === 'select_promotion')).toBe(true));
    expect(calls.find(([n]) => n === 'select_promotion')![1]).toMatchObject({ item_id: 'K7Q2MX9P' });
    expect(await axeViolations(el)).toEqual([]);
  });

  it("keeps the card's own url when it has one, with the customer's code; asks again for another user", async () => {
    const { post } = runtime({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    const el = await mount({ url: 'https://shop.example/spring?x=1' });
    await answered(el);
    await el.updateComplete;
    expect(link(el)).toBe('https://shop.example/spring?x=1&ref=K7Q2MX9P');
    expect(post).toHaveBeenCalledWith('/v1/referrals/code', {});
    $user.set({ anonymousId: 'a-1', userId: 'bob' });
    await vi.waitFor(() => expect(post).toHaveBeenCalledTimes(2));
    // signed out: nobody's own code is shown any more, and there is no markup code to fall back to
    $user.set({ anonymousId: 'a-1' });
    await el.updateComplete;
    expect(link(el)).toBeUndefined();
    expect(post).toHaveBeenCalledTimes(2);
  });

  it('reserves the link while asked for (busy, empty), and the answer moves nothing', async () => {
    let answer!: (r: Response) => void;
    runtime(new Promise<Response>((done) => (answer = done)) as Promise<never>);
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    const el = await mount();
    expect(el.getAttribute('layout')).toBe('link-body-long'); // the program's rewards come with the link
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[aria-busy=true]')).not.toBeNull());
    await settle();
    const reserved = el.getBoundingClientRect().height;
    expect(reserved).toBeGreaterThan(100);
    expect(await axeViolations(el)).toEqual([]);
    const cls = layoutShiftMeter();
    answer(Response.json({ code: 'K7Q2MX9P', url: `${location.origin}/?ref=K7Q2MX9P` }));
    await vi.waitFor(() => expect(link(el)).toBe(`${location.origin}/?ref=K7Q2MX9P`));
    await settle();
    cls.stop();
    expect(cls.value(), cls.report()).toBe(0);
    expect(Math.abs(el.getBoundingClientRect().height - reserved)).toBeLessThanOrEqual(2);
  });

  for (const [why, answer] of [
    ['the server fails', 500],
    ['the site runs no program', 404],
    ['the server cannot be reached', 'offline'],
    ['there is no consent', 'no-consent'],
    ['the answer is not a code', { code: '<b>x</b>', url: null }],
  ] as const) {
    it(`falls back quietly to the markup code when ${why}`, async () => {
      runtime(answer);
      $user.set({ anonymousId: 'a-1', userId: 'ann' });
      const el = await mount({ code: 'MARKUP1', url: 'https://shop.example/' });
      await answered(el);
      await el.updateComplete;
      expect(link(el)).toBe('https://shop.example/?ref=MARKUP1');
      expect(await axeViolations(el)).toEqual([]);
    });
  }

  it('without a markup code, a failure hides the share part but keeps the box: nothing untrue, nothing moves', async () => {
    runtime(500);
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config(playbook));
    const el = await mount();
    await settle();
    const cls = layoutShiftMeter();
    await answered(el);
    await settle();
    cls.stop();
    expect(cls.value(), cls.report()).toBe(0);
    expect(part(el, 'link')).toBeNull();
    expect(part(el, 'cta')).toBeNull();
    const card = part(el, 'card')!;
    expect(card.hasAttribute('inert')).toBe(true);
    expect(getComputedStyle(card).visibility).toBe('hidden');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('is not asked for a visitor who is not signed in, nor standalone', async () => {
    const { post } = runtime({ code: 'K7Q2MX9P', url: null });
    $user.set({ anonymousId: 'a-1' });
    const el = await mount({ code: 'MARKUP1', url: 'https://shop.example/' });
    await vi.waitFor(() => expect(link(el)).toBe('https://shop.example/?ref=MARKUP1'));
    expect(post).not.toHaveBeenCalled();
  });

  it('is not asked when the site publishes no referral program (the server would only answer 404)', async () => {
    const { post } = runtime(404);
    $config.set(config());
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    const el = await mount({ code: 'MARKUP1', url: 'https://shop.example/' });
    await vi.waitFor(() => expect(link(el)).toBe('https://shop.example/?ref=MARKUP1'));
    await settle(100);
    expect(post).not.toHaveBeenCalled();
  });

  it("uses the server's link as given when it is on the page's origin", async () => {
    runtime({ code: 'K7Q2MX9P', url: `${location.origin}/invite?ref=K7Q2MX9P` });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    const el = await mount();
    await answered(el);
    await el.updateComplete;
    expect(link(el)).toBe(`${location.origin}/invite?ref=K7Q2MX9P`);
  });
});

describe("rewards from the site's published referral program", () => {
  it('shows each side with when it is granted, the minimum order, and a heading that promises no more', async () => {
    runtime({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config({ ...playbook!, minOrder: 40 }));
    const el = await mount();
    await answered(el);
    await el.updateComplete;
    expect(el.getAttribute('layout')).toBe('link-body-long');
    expect(part(el, 'heading')!.textContent).toBe('Give $20, get up to $70');
    expect(part(el, 'body')!.textContent).toBe(
      'Friends get $20 when they sign up. You get $20 when they sign up and $50 after a first order of $40 or more.',
    );
    expect(await axeViolations(el)).toEqual([]);
  });

  it("says the inviter's monthly cap, offers no reward the cap leaves no room for, and heads with what a month allows", async () => {
    runtime({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config({ ...playbook!, capPerInviterPerMonth: 60 }));
    const el = await mount();
    await answered(el);
    await el.updateComplete;
    expect(el.getAttribute('layout')).toBe('link-body-long-cap');
    expect(part(el, 'heading')!.textContent).toBe('Give $20, get up to $60');
    expect(part(el, 'body')!.textContent).toBe(
      'Friends get $20 when they sign up. You get $20 when they sign up and $50 after their first order.You earn up to $60 a month.',
    );
    expect(part(el, 'cap')!.textContent).toBe('You earn up to $60 a month.');
    expect(await axeViolations(el)).toEqual([]);
    // a cap below the first-order reward: that reward is never granted (the server refuses one that passes the cap)
    $config.set({ ...config({ ...playbook!, capPerInviterPerMonth: 30 }), version: 2 });
    el.requestUpdate(); // the SDK's $widgetProps, set after every config, re-renders a connected widget
    await el.updateComplete;
    expect(part(el, 'body')!.textContent).toBe(
      'Friends get $20 when they sign up. You get $20 when they sign up.You earn up to $30 a month.',
    );
    // a cap of 0: the inviter gets nothing, and the card says nothing of an inviter reward
    el.lang = 'zh-CN';
    $config.set({ ...config({ ...playbook!, capPerInviterPerMonth: 0 }), version: 3 });
    el.requestUpdate();
    await el.updateComplete;
    expect(part(el, 'cap')).toBeNull();
    expect(part(el, 'heading')!.textContent).not.toContain('你最多得');
    expect(part(el, 'body')!.textContent).not.toContain('你');
  });

  it("speaks zh-CN, and the program's words win over the merchant's reward texts", async () => {
    runtime({ code: 'K7Q2MX9P', url: 'https://shop.example/?ref=K7Q2MX9P' });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config({ ...playbook!, currency: 'CNY' }));
    const el = await mount({ locale: 'zh-CN' });
    await answered(el);
    await el.updateComplete;
    expect(part(el, 'body')!.textContent).toBe('好友注册即得¥20；你在好友注册后得¥20，在好友首单后得¥50。');
    el.friendReward = '15% off';
    el.inviterReward = '$10 credit';
    await el.updateComplete;
    expect(part(el, 'body')!.textContent).toBe('好友注册即得¥20；你在好友注册后得¥20，在好友首单后得¥50。');
  });

  it("the program's rewards replace the markup's reward texts (what the server really grants)", async () => {
    const { calls } = runtime({ code: 'K7Q2MX9P', url: null });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config({ currency: 'USD', stages: [{ stage: 'friend_first_order', friend: 10, inviter: 15 }] }));
    const el = await mount({ 'friend-reward': '$10', 'inviter-reward': '$10', url: 'https://shop.example/' });
    await answered(el);
    await el.updateComplete;
    const text = el.shadowRoot!.textContent!;
    expect(text).not.toContain('Give $10, get $10');
    expect(part(el, 'heading')!.textContent).toBe('Give $10, get up to $15');
    expect(part(el, 'body')!.textContent).toContain('$15');
    expect(link(el)).toBe('https://shop.example/?ref=K7Q2MX9P');
    await vi.waitFor(() => expect(calls.some(([n]) => n === 'view_promotion')).toBe(true));
    expect(calls.find(([n]) => n === 'view_promotion')![1]).not.toMatchObject({ inviter_reward: '$10' });
  });

  it("a friend who arrived through someone's link sees what they get, from the program", async () => {
    history.replaceState(null, '', '?ref=BOB7');
    $config.set(config(playbook));
    const el = await mount();
    await vi.waitFor(() => expect(part(el, 'friend')).not.toBeNull());
    expect(el.getAttribute('layout')).toBe('friend');
    expect(part(el, 'friend')!.textContent).toContain('$20 when you sign up.');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('a program with no amounts shows no rewards', async () => {
    runtime({ code: 'K7Q2MX9P', url: null });
    $user.set({ anonymousId: 'a-1', userId: 'ann' });
    $config.set(config({ stages: [{ stage: 'friend_signup' }] }));
    const el = await mount({ url: 'https://shop.example/' });
    await answered(el);
    await el.updateComplete;
    expect(el.getAttribute('layout')).toBe('link');
    expect(part(el, 'body')).toBeNull();
    expect(part(el, 'heading')!.textContent).toBe('Invite friends');
  });
});
