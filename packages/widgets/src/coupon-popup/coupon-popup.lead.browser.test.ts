// The popup's email capture: the merchant's consent text (as text, a required checkbox), and the email promise made
// only when the site delivers leads (the server's public `leadDelivery` flag) and the server issued the code.
import { $config, $runtime, $user, type ClaimedCode, type NudgeConfig, type NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { resetModalSlot } from '../internal/frequency.js';
import {
  axeViolations,
  checkedTrack,
  layoutShiftMeter,
  pageWithContent,
  painted,
  settle,
  viewport,
} from '../internal/testing.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';
import './coupon-popup.js';

const CONSENT = 'I agree to receive <b>offers</b> from Tea House by email. Unsubscribe any time.';

function runtime(answer: ClaimedCode | null | 'offline') {
  const log: string[] = [];
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const track = checkedTrack(calls);
  const post = vi.fn((path: string) => {
    log.push(`post ${path}`);
    if (answer === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(answer ? Response.json(answer) : Response.json({ reason: 'pool_empty' }, { status: 410 }));
  });
  const rt: NudgeRuntime = {
    track: (name, props) => (log.push(`track ${name}`), track(name, props)),
    widgetProps: () => undefined,
    exposed: () => {},
    post,
  };
  $runtime.set(rt);
  return { calls, log, post };
}
const site = (leadDelivery: boolean): NudgeConfig => ({
  schema: 1,
  site: 'shop',
  version: 1,
  widgets: [],
  experiments: [],
  ...(leadDelivery ? { leadDelivery } : {}),
});
const ISSUED: ClaimedCode = { code: 'HI-7KQ2MX9P', expiresAt: null, source: 'pool' };

async function open(attrs: Record<string, string> = {}) {
  const el = document.createElement('nudge-coupon-popup');
  for (const [k, v] of Object.entries({ 'widget-id': 'welcome', amount: '30', currency: 'USD', ...attrs }))
    el.setAttribute(k, v);
  el.setAttribute('manual', '');
  el.setAttribute('collect-email', '');
  document.body.append(el);
  el.show();
  await el.updateComplete; // the view and the opening, a task after its first render
  await vi.waitFor(() => expect(part(el, 'email')).not.toBeNull());
  await settle();
  return el;
}
const part = <T extends HTMLElement = HTMLElement>(el: NudgeCouponPopup, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);
const text = (el: NudgeCouponPopup) => part(el, 'panel')!.textContent!.replace(/\s+/g, ' ');
async function signUp(el: NudgeCouponPopup, email = 'ann@example.com') {
  await userEvent.fill(part<HTMLInputElement>(el, 'email')!, email);
  await userEvent.click(part(el, 'cta')!);
  await el.updateComplete;
}

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  $user.set({ anonymousId: 'a-1' });
  await painted();
});
afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $config.set(null);
  $user.set({});
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
});

describe('consent text', () => {
  it('is shown as text beside a checkbox that must be ticked before the email is sent', async () => {
    const { calls, post } = runtime(ISSUED);
    const el = await open({ consent: CONSENT });
    const box = part<HTMLInputElement>(el, 'consent')!;
    expect(box.type).toBe('checkbox');
    expect(box.closest('label')!.textContent).toBe(CONSENT); // the markup stays text
    expect(el.shadowRoot!.querySelector('b')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);

    await signUp(el);
    expect(el.shadowRoot!.activeElement).toBe(box);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    const note = el.shadowRoot!.getElementById(box.getAttribute('aria-describedby')!)!;
    expect(note.textContent).toBe('Please tick the box to agree before you sign up.');
    expect(post).not.toHaveBeenCalled();
    expect(calls.filter(([n]) => n === 'generate_lead')).toEqual([]);
    expect(await axeViolations(el)).toEqual([]);

    await userEvent.keyboard(' '); // ticked by keyboard: the error goes
    await el.updateComplete;
    expect(box.checked).toBe(true);
    expect(box.getAttribute('aria-invalid')).toBe('false');
    await userEvent.click(part(el, 'cta')!);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('HI-7KQ2MX9P'));
    expect(calls.find(([n]) => n === 'generate_lead')![1]).toMatchObject({ email: 'ann@example.com' });
  });

  it("is given per locale like the heading: the visitor's language is shown", async () => {
    runtime(ISSUED);
    const el = document.createElement('nudge-coupon-popup');
    for (const [k, v] of Object.entries({ 'widget-id': 'welcome', locale: 'zh-CN', manual: '', 'collect-email': '' }))
      el.setAttribute(k, v);
    (el as unknown as { consent: object }).consent = { en: 'I agree to emails.', 'zh-CN': '我同意接收邮件。' };
    document.body.append(el);
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await vi.waitFor(() => expect(part(el, 'consent')).not.toBeNull());
    expect(part(el, 'consent')!.closest('label')!.textContent).toBe('我同意接收邮件。');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('once the code is out the dialog fits it: the form leaves no empty area, and nothing on screen moves', async () => {
    runtime(ISSUED);
    const el = await open({ consent: CONSENT });
    await settle(300); // the opening animation (a scale) is over
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    const before = dialog.getBoundingClientRect();
    const heading = part(el, 'heading')!.getBoundingClientRect().top;
    const cls = layoutShiftMeter();
    await userEvent.click(part<HTMLInputElement>(el, 'consent')!);
    await signUp(el);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('HI-7KQ2MX9P'));
    await settle();
    cls.stop();
    const after = dialog.getBoundingClientRect();
    const panel = part(el, 'panel')!.getBoundingClientRect();
    console.log(`dialog height ${Math.round(before.height)} -> ${Math.round(after.height)} px`);
    expect(after.height).toBeLessThan(before.height - 40);
    expect(Math.abs(after.height - panel.height)).toBeLessThanOrEqual(2); // no empty area under the code
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(1);
    expect(part(el, 'heading')!.getBoundingClientRect().top).toBeCloseTo(heading, 0);
    expect(cls.value(), cls.report()).toBe(0);
    expect(await axeViolations(el)).toEqual([]);
  });

  it('without consent text there is no checkbox, and a bad email is still refused first', async () => {
    const { post } = runtime(ISSUED);
    const el = await open();
    expect(part(el, 'consent')).toBeNull();
    await signUp(el, 'not-an-email');
    expect(post).not.toHaveBeenCalled();
    expect(part(el, 'email')!.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('the email promise', () => {
  it('is not made when the site does not deliver leads', async () => {
    runtime(ISSUED);
    $config.set(site(false));
    const el = await open();
    expect(text(el)).toContain('Your code appears here as soon as you sign up.');
    expect(text(el)).not.toMatch(/email it|send/i);
    await signUp(el);
    await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('HI-7KQ2MX9P'));
    expect(part(el, 'sent')).toBeNull();
    expect(text(el)).not.toMatch(/send the code/i);
  });

  it('is made when the site delivers leads and the server issued the code, naming the address', async () => {
    const { log } = runtime(ISSUED);
    $config.set(site(true));
    const el = await open({ consent: CONSENT });
    expect(text(el)).toContain('and we will also email it to you.');
    await userEvent.click(part(el, 'consent')!);
    await signUp(el);
    await vi.waitFor(() => expect(part(el, 'sent')).not.toBeNull());
    expect(part(el, 'sent')!.textContent).toBe('We will also send the code to ann@example.com.');
    // the lead is sent after the claim, so the server stores it with the visitor's code (and emails that code)
    expect(log.indexOf('post /v1/coupons/claim')).toBeLessThan(log.indexOf('track generate_lead'));
    expect(await axeViolations(el)).toEqual([]);
  });

  it('speaks zh-CN', async () => {
    runtime(ISSUED);
    $config.set(site(true));
    const el = await open({ locale: 'zh-CN' });
    await signUp(el);
    await vi.waitFor(() => expect(part(el, 'sent')!.textContent).toBe('我们也会把优惠码发送到 ann@example.com。'));
  });

  for (const [why, answer] of [
    ['none is left (the static code is shown)', null],
    ['the server cannot be reached', 'offline'],
  ] as const) {
    it(`is not made after the claim when ${why}: the lead would carry no code`, async () => {
      runtime(answer);
      $config.set(site(true));
      const el = await open({ code: 'STATIC30' });
      await signUp(el);
      await vi.waitFor(() => expect(part(el, 'code')!.textContent).toBe('STATIC30'));
      expect(part(el, 'sent')).toBeNull();
    });
  }

  it('is not made for a visitor the SDK has no id for (no consent to send anything yet)', async () => {
    runtime(ISSUED);
    $config.set(site(true));
    $user.set({});
    const el = await open();
    expect(text(el)).not.toMatch(/email it/i);
  });
});
