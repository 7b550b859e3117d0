// The popup's claim against the server's codes (runtime.post to /v1/coupons/claim): the issued code, the static fallback, the plain
// "none left" message, and the code a returning claimer sees again; never a blank code.
import { $runtime, type ClaimedCode, type NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { recordClaim, resetModalSlot } from '../internal/frequency.js';
import { axeViolations, checkedTrack, pageWithContent, painted, settle, viewport } from '../internal/testing.js';
import { CouponPopupController, type CouponPopupHost } from './coupon-popup.controller.js';
import './coupon-popup.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';

function mount(attrs: Record<string, string> = {}): NudgeCouponPopup {
  const el = document.createElement('nudge-coupon-popup');
  for (const [k, v] of Object.entries({ 'widget-id': 'welcome', amount: '30', currency: 'CNY', ...attrs }))
    el.setAttribute(k, v);
  el.setAttribute('manual', '');
  document.body.append(el);
  return el;
}
const part = (el: NudgeCouponPopup, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);

function runtime(answer: ClaimedCode | null | undefined) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  // the server's answers: 200 with the code, 410 when none is left; no consent: nothing sent (undefined)
  const claim = vi.fn((path: string, body: Record<string, unknown>) => {
    calls.push(['claim', { path, ...body }]);
    if (answer === undefined) return undefined;
    return Promise.resolve(answer ? Response.json(answer) : Response.json({ reason: 'pool_empty' }, { status: 410 }));
  });
  const rt: NudgeRuntime = { track: checkedTrack(calls), widgetProps: () => undefined, exposed: () => {}, post: claim };
  $runtime.set(rt);
  return { calls, claim };
}
const claimed = () => {
  const log: unknown[] = [];
  document.addEventListener('nudge-claim', (e) => log.push((e as CustomEvent).detail));
  return log;
};

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  await painted();
});
afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
});

describe('claiming a code from the server', () => {
  it("reveals the visitor's own issued code, not the static one, and tracks and emits it", async () => {
    const { calls, claim } = runtime({ code: 'HI-7KQ2MX9P', expiresAt: null, source: 'pool' });
    const log = claimed();
    const el = mount({ code: 'STATIC30' });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.click(part(el, 'cta')!);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('HI-7KQ2MX9P'));
    expect(claim).toHaveBeenCalledWith('/v1/coupons/claim', { widget: 'welcome' });
    expect(calls.find(([n]) => n === 'select_promotion')?.[1]).toMatchObject({ coupon: 'HI-7KQ2MX9P' });
    expect(log).toEqual([{ code: 'HI-7KQ2MX9P' }]);
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'copy'));
    expect(await axeViolations(el)).toEqual([]);
  });

  it('falls back to the static code when the server has none left', async () => {
    runtime(null);
    const el = mount({ code: 'STATIC30' });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.click(part(el, 'cta')!);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('STATIC30'));
  });

  it('says plainly that the offer has run out when there is no code at all, with no blank code', async () => {
    const { calls } = runtime(null);
    const log = claimed();
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.click(part(el, 'cta')!);
    await vi.waitFor(() => expect(part(el, 'gone')?.textContent).toBe('Sorry, no codes left.'));
    expect(part(el, 'code')).toBeNull();
    expect(part(el, 'copy')).toBeNull();
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'gone'));
    expect(log).toEqual([]);
    expect(calls.find(([n]) => n === 'select_promotion')?.[1]).not.toHaveProperty('coupon');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('shows a returning claimer their code again, asked from the server', async () => {
    recordClaim('welcome');
    const { claim } = runtime({ code: 'HI-AGAIN22', expiresAt: null, source: 'pool' });
    const el = mount();
    el.show();
    await vi.waitFor(() => expect(part(el, 'code')?.textContent).toBe('HI-AGAIN22'));
    expect(claim).toHaveBeenCalledTimes(1);
  });
});

describe('the gate', () => {
  const host = (over: Partial<CouponPopupHost>) =>
    ({
      widgetId: 'gate',
      code: '',
      audience: 'all',
      display: 'modal',
      manual: false,
      trigger: {},
      frequency: { oncePerSession: false },
      open: false,
      banner: false,
      expired: false,
      configDisabled: false,
      widgetConfig: undefined,
      segments: [],
      pageViews: 1,
      isConnected: true,
      updateComplete: Promise.resolve(true),
      runtime: null,
      ...over,
    }) as unknown as CouponPopupHost;

  it('opens without a static code only when the server can be asked for one', async () => {
    const without = host({});
    new CouponPopupController(without).hostConnected();
    const asks = host({ widgetId: 'gate-2', runtime: { post: () => undefined } as unknown as NudgeRuntime });
    new CouponPopupController(asks).hostConnected();
    await vi.waitFor(() => expect(asks.open).toBe(true));
    expect(without.open).toBe(false);
  });
});
