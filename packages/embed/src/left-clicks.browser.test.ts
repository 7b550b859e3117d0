import { afterEach, describe, expect, it } from 'vitest';
import { LEFT_CLICKS, leaveClicks, type LeftClick } from './left-clicks.js';
import { EARLY_CLICKS, LEFT_CALLS, installStub, takeClicks, type LeftCall, type NudgeStub } from './stub.js';

const KEY = `${LEFT_CLICKS}shop`;
let stub: NudgeStub | undefined;

/** A page with the tag (its data-* attributes as given), a recorder, and the shop's buttons. */
const page = (attrs: Record<string, string> = {}) => {
  takeClicks(stub, document);
  document.body.innerHTML =
    '<button id="add">Add</button><a id="checkout" href="#"><span>Checkout</span></a><p id="other">x</p>';
  const tag = document.createElement('script');
  for (const [k, v] of Object.entries({ 'data-site': 'shop', ...attrs })) tag.setAttribute(k, v);
  stub = installStub({ document } as { nudge?: unknown; document: Document });
  return { tag, click: (sel: string) => document.querySelector<HTMLElement>(sel)!.click() };
};
const left = (): LeftClick[] | null => JSON.parse(sessionStorage.getItem(KEY) ?? 'null');

afterEach(() => {
  takeClicks(stub, document);
  stub = undefined;
  document.body.innerHTML = '';
  sessionStorage.clear();
  localStorage.removeItem('nudge_config:shop');
  localStorage.removeItem(`${LEFT_CALLS}shop`);
});

describe('leaveClicks (nudge.js on pagehide)', () => {
  it("keeps the recorded clicks on the tag's selectors for the next page, with their time and this path, and takes them", () => {
    const { tag, click } = page({ 'data-track-add-to-cart': '#add', 'data-track-checkout': '#checkout' });
    const before = Date.now();
    click('#other');
    click('#checkout span');
    click('#add');
    leaveClicks(stub!, tag);
    expect(left()!.map(([event, , path]) => [event, path])).toEqual([
      [1, location.pathname],
      [0, location.pathname],
    ]);
    expect(left()!.every(([, at]) => at >= before && at <= Date.now())).toBe(true);
    // Taken: a page restored from the back/forward cache cannot replay them a second time.
    expect(stub!.c).toEqual([]);
    // A second pagehide (after such a restore) keeps what is there and adds nothing.
    leaveClicks(stub!, tag);
    expect(left()).toHaveLength(2);
  });

  it("the cached config's tracking block wins over the tag, as in the runtime; an unreadable cache leaves the tag's", () => {
    const { tag, click } = page({ 'data-track-add-to-cart': '#other', 'data-track-checkout': '#checkout' });
    localStorage.setItem(
      'nudge_config:shop',
      JSON.stringify({ etag: '"v1"', config: { version: 1, tracking: { addToCart: '#add' } } }),
    );
    click('#other');
    click('#checkout');
    click('#add');
    leaveClicks(stub!, tag);
    expect(left()!.map(([event]) => event)).toEqual([0]);
    sessionStorage.clear();
    localStorage.setItem('nudge_config:shop', '{not json');
    click('#other');
    click('#checkout');
    leaveClicks(stub!, tag);
    expect(left()!.map(([event]) => event)).toEqual([0, 1]);
  });

  it('a broken selector costs only its own event; no match and no selector write nothing', () => {
    const { tag, click } = page({ 'data-track-add-to-cart': '#add[', 'data-track-checkout': '#checkout' });
    click('#add');
    click('#checkout');
    leaveClicks(stub!, tag);
    expect(left()!.map(([event]) => event)).toEqual([1]);
    sessionStorage.clear();
    click('#other');
    leaveClicks(stub!, tag);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    const bare = page();
    bare.click('#checkout');
    leaveClicks(stub!, bare.tag);
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('adds to what an earlier page left (one that also went before its runtime came), keeping the latest', () => {
    const { tag, click } = page({ 'data-track-checkout': '#checkout' });
    const earlier: LeftClick[] = Array.from({ length: EARLY_CLICKS }, (_, i) => [0, i, '/earlier']);
    sessionStorage.setItem(KEY, JSON.stringify(earlier));
    click('#checkout');
    leaveClicks(stub!, tag);
    expect(left()).toHaveLength(EARLY_CLICKS);
    expect(left()![0]).toEqual([0, 1, '/earlier']);
    expect(left()!.at(-1)!.slice(0, 1)).toEqual([1]);
  });

  it('with data-consent="required" nothing is stored: the clicks stay in memory', () => {
    const { tag, click } = page({ 'data-consent': 'required', 'data-track-checkout': '#checkout' });
    click('#checkout');
    leaveClicks(stub!, tag);
    expect(sessionStorage.length).toBe(0);
    expect(stub!.c).toHaveLength(1);
  });

  it('clicks the runtime has taken are not kept (the auto-tracking chunk judged them on their own page)', () => {
    const { tag, click } = page({ 'data-track-checkout': '#checkout' });
    click('#checkout');
    takeClicks(stub, document);
    click('#checkout');
    leaveClicks(stub!, tag);
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });
});

describe('leaveClicks: calls queued before the runtime started', () => {
  const calls = (): LeftCall[] | null => JSON.parse(localStorage.getItem(`${LEFT_CALLS}shop`) ?? 'null');

  it('keeps track and identify calls for the next page (time and path), takes them from the queue in place, leaves the rest', () => {
    const { tag } = page();
    const q = stub!.q;
    const fn = stub!.track as (...a: unknown[]) => void;
    (stub!.setProduct as (p: unknown) => void)({ sku: 'A' });
    (stub!.identify as (...a: unknown[]) => void)('u-1', { plan: 'gold' });
    fn('purchase', { transaction_id: 'T1', value: 10, currency: 'USD', items: [] });
    const before = Date.now();
    leaveClicks(stub!, tag);
    expect(calls()!.map(([m, a, , path]) => [m, a, path])).toEqual([
      ['identify', ['u-1', { plan: 'gold' }], location.pathname],
      ['track', ['purchase', { transaction_id: 'T1', value: 10, currency: 'USD', items: [] }], location.pathname],
    ]);
    expect(calls()!.every(([, , at]) => at >= before - 1000 && at <= Date.now())).toBe(true);
    // The same array the snippet pushes to: what stays queued (setProduct) is still replayed if the page comes back.
    expect(stub!.q).toBe(q);
    expect(q.map(([m]) => m)).toEqual(['setProduct']);
    // A later page that also goes first adds to them.
    fn('sign_up');
    leaveClicks(stub!, tag);
    expect(calls()!.map(([m, a]) => [m, a[0]])).toEqual([
      ['identify', 'u-1'],
      ['track', 'purchase'],
      ['track', 'sign_up'],
    ]);
  });

  it('under data-consent="required" stores nothing; a call that cannot be stored stays queued', () => {
    const consent = page({ 'data-consent': 'required' });
    (stub!.track as (...a: unknown[]) => void)('purchase', { value: 1 });
    leaveClicks(stub!, consent.tag);
    expect(calls()).toBeNull();
    expect(stub!.q).toHaveLength(1);
    const { tag } = page();
    stub!.q.splice(0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    (stub!.track as (...a: unknown[]) => void)('odd', cyclic);
    document.body.innerHTML += '<button id="buy">Buy</button>';
    tag.dataset.trackAddToCart = '#buy';
    document.getElementById('buy')!.click();
    leaveClicks(stub!, tag);
    expect(calls()).toBeNull();
    expect(stub!.q.map(([m]) => m)).toEqual(['track']);
    // ... and costs the clicks nothing.
    expect(left()!.map(([event]) => event)).toEqual([0]);
  });
});
