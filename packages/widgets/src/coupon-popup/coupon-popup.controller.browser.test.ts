// The coupon popup's gate driven through CouponPopupHost alone (a plain object, no element): the interface is all
// the controller needs, and it opens, shows the banner or stays quiet by the host's reads.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetModalSlot } from '../internal/frequency.js';
import { CouponPopupController, type CouponPopupHost } from './coupon-popup.controller.js';

function fakeHost(over: Partial<Record<keyof CouponPopupHost, unknown>> = {}) {
  const host = {
    widgetId: 'seam-test',
    code: 'SEAM10',
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
    setBanner(on: boolean) {
      host.banner = on;
    },
    ...over,
  };
  return host;
}
const connect = (host: ReturnType<typeof fakeHost>) => {
  const ctl = new CouponPopupController(host as unknown as CouponPopupHost);
  ctl.hostConnected();
  return ctl;
};
const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
});
afterEach(() => resetModalSlot());

describe('CouponPopupController over a plain CouponPopupHost', () => {
  it('opens the modal when its trigger fires', async () => {
    const host = fakeHost();
    connect(host);
    await vi.waitFor(() => expect(host.open).toBe(true));
    expect(host.banner).toBe(false);
  });

  it('shows the banner instead when display is banner', async () => {
    const host = fakeHost({ display: 'banner' });
    connect(host);
    await vi.waitFor(() => expect(host.banner).toBe(true));
    expect(host.open).toBe(false);
  });

  it('arms nothing for a manual popup, an expired coupon or one turned off by config', async () => {
    const hosts = [fakeHost({ manual: true }), fakeHost({ expired: true }), fakeHost({ configDisabled: true })];
    hosts.forEach(connect);
    await settle(50);
    expect(hosts.map((h) => [h.open, h.banner])).toEqual([
      [false, false],
      [false, false],
      [false, false],
    ]);
  });

  it('keeps to the audience: a returning visitor is skipped unless the audience is all', async () => {
    const returning = fakeHost({ audience: 'new', segments: ['returning'] });
    connect(returning);
    await settle(50);
    expect(returning.open).toBe(false);
    const fresh = fakeHost({ audience: 'new', segments: ['new'] });
    connect(fresh);
    await vi.waitFor(() => expect(fresh.open).toBe(true));
  });

  it('disarms when the host disconnects before the trigger fires', async () => {
    const host = fakeHost({ trigger: { delayMs: 30 } });
    const ctl = connect(host);
    await settle();
    ctl.hostDisconnected();
    await settle(100);
    expect(host.open).toBe(false);
  });
});
