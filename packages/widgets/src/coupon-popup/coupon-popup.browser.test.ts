// <nudge-coupon-popup> in real Chromium: triggers, frequency, claim/copy/apply, email, dialog keyboard flows, banner,
// bottom sheet, axe in every state, zero layout shift, reduced motion, text/URL safety, screenshots.
import { $config, $runtime, $segment } from '@nudge/core';
import type { NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { recordClaim, recordDismiss, resetModalSlot } from '../internal/frequency.js';
import { newPageView } from '../internal/page-views.js';
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
import './coupon-popup.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';

function mount(attrs: Record<string, string | boolean> = {}, parent: HTMLElement = document.body): NudgeCouponPopup {
  const el = document.createElement('nudge-coupon-popup');
  for (const [k, v] of Object.entries({
    'widget-id': 'welcome',
    code: 'WELCOME30',
    amount: '30',
    threshold: '150',
    currency: 'CNY',
    manual: true,
    ...attrs,
  })) {
    if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  parent.append(el);
  return el;
}
const part = <T extends Element = HTMLElement>(el: NudgeCouponPopup, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~=${name}]`);
const dialogOf = (el: NudgeCouponPopup) =>
  el.shadowRoot!.querySelector('dialog') ?? { open: false, getBoundingClientRect: () => new DOMRect() };
function events(names: string[]) {
  const log: [string, unknown][] = [];
  for (const n of names) document.addEventListener(n, (e) => log.push([n, (e as CustomEvent).detail]));
  return log;
}
function fakeRuntime(extra: Partial<NudgeRuntime> = {}) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const rt: NudgeRuntime = {
    track: checkedTrack(calls),
    widgetProps: () => undefined,
    exposed: (id) => calls.push(['exposed', { id }]),
    ...extra,
  };
  $runtime.set(rt);
  return calls;
}

beforeEach(async () => {
  await viewport(1280, 800);
  pageWithContent();
  await painted(); // the previous test's page was painted: the fresh one must be too before anything is measured
});
afterEach(async () => {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
  $runtime.set(null);
  $config.set(null);
  $segment.set([]);
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
  vi.restoreAllMocks();
  await reducedMotion(false);
});

describe('closed and opening', () => {
  it('renders attribute text as text, never HTML', async () => {
    const el = mount({ heading: '<img src=x onerror="window.__pwned=1">', description: '<b>bold</b>' });
    el.show();
    await el.updateComplete; // waits for the lazily loaded view too
    await settle();
    expect(part(el, 'heading')!.textContent).toBe('<img src=x onerror="window.__pwned=1">');
    expect(el.shadowRoot!.querySelector('img, b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('closed: nothing visible, no axe violations; show() opens a modal with focus inside and tracked figures', async () => {
    const calls = fakeRuntime();
    const log = events(['nudge-show']);
    const opener = document.createElement('button');
    opener.textContent = 'open coupon';
    document.body.prepend(opener);
    const el = mount({ 'expires-at': '2031-01-01T00:00:00Z' });
    await settle();
    expect(dialogOf(el).open).toBe(false);
    expect(await axeViolations(el)).toEqual([]);
    opener.focus();
    const cls = layoutShiftMeter();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(dialogOf(el).open).toBe(true);
    expect(el.open).toBe(true);
    // focus on the heading: screen readers announce the dialog, and no key pressed as it opens lands on a button
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'heading'));
    expect(part(el, 'offer')!.textContent).toBe('Spend CN¥150, save CN¥30');
    // the expiry in the visitor's locale, the same instant as Intl's medium date
    expect(part(el, 'expiry')!.textContent).toBe(
      `Valid until ${new Intl.DateTimeFormat(el.lang || document.documentElement.lang || navigator.language, { dateStyle: 'medium' }).format(Date.parse('2031-01-01T00:00:00Z'))}`,
    );
    expect(log).toEqual([
      [
        'nudge-show',
        { discount: 30, threshold: 150, currency: 'CNY', expires_at: '2031-01-01T00:00:00Z', display: 'modal' },
      ],
    ]);
    expect(calls).toEqual([
      [
        'view_promotion',
        {
          promotion_id: 'welcome',
          creative_slot: 'coupon-popup',
          discount: 30,
          threshold: 150,
          currency: 'CNY',
          expires_at: '2031-01-01T00:00:00Z',
          display: 'modal',
        },
      ],
      ['exposed', { id: 'welcome' }],
    ]);
    expect(getComputedStyle(document.documentElement).overflow).toBe('hidden');
    expect(await axeViolations(el)).toEqual([]);
    el.hide();
    await settle();
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });

  it('renders its dialog in one task and opens it (showModal) in a later one: two scripts, not one long one', async () => {
    const el = mount();
    await settle();
    // A mutation observer's callback runs once the script that rendered the dialog has returned (a microtask), before
    // any later task: opened in the render's own script, showModal would come first.
    const order: string[] = [];
    const seen = new MutationObserver(() => {
      if (el.shadowRoot!.querySelector('dialog') && !order.includes('rendered')) order.push('rendered');
    });
    seen.observe(el.shadowRoot!, { childList: true, subtree: true });
    const showModal = HTMLDialogElement.prototype.showModal;
    const spy = vi.spyOn(HTMLDialogElement.prototype, 'showModal').mockImplementation(function (
      this: HTMLDialogElement,
    ) {
      order.push('showModal');
      showModal.call(this);
    });
    try {
      el.show();
      await el.updateComplete;
      await settle();
      expect(dialogOf(el).open).toBe(true);
      expect(order).toEqual(['rendered', 'showModal']);
    } finally {
      seen.disconnect();
      spy.mockRestore();
    }
  });

  it('Escape closes (reason escape), unlocks scroll and returns focus to the opener', async () => {
    const calls = fakeRuntime();
    const log = events(['nudge-close']);
    const opener = document.createElement('button');
    opener.textContent = 'open';
    opener.addEventListener('click', () => el.show());
    document.body.prepend(opener);
    const el = mount();
    await settle();
    opener.focus();
    await userEvent.keyboard('{Enter}');
    await settle();
    expect(dialogOf(el).open).toBe(true);
    await userEvent.keyboard('{Escape}');
    await settle();
    expect(dialogOf(el).open).toBe(false);
    expect(el.open).toBe(false);
    expect(log).toEqual([['nudge-close', { reason: 'escape' }]]);
    expect(calls.find(([n]) => n === 'nudge_dismiss')?.[1]).toMatchObject({
      promotion_id: 'welcome',
      reason: 'escape',
    });
    expect(document.activeElement).toBe(opener);
    expect(document.documentElement.style.overflow).toBe('');
  });

  it('backdrop click closes with reason backdrop and the close button with dismiss', async () => {
    const log = events(['nudge-close']);
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.click(document.body, { position: { x: 5, y: 5 }, force: true });
    await settle();
    expect(dialogOf(el).open).toBe(false);
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.click(part(el, 'close')!);
    await settle();
    expect(log).toEqual([
      ['nudge-close', { reason: 'backdrop' }],
      ['nudge-close', { reason: 'dismiss' }],
    ]);
  });

  it('the open attribute opens it; "No thanks" dismisses and records the quiet period', async () => {
    const log = events(['nudge-close']);
    const el = mount({ open: true });
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true));
    await userEvent.click(part(el, 'decline')!);
    await settle();
    expect(dialogOf(el).open).toBe(false);
    expect(el.hasAttribute('open')).toBe(false);
    expect(log).toEqual([['nudge-close', { reason: 'dismiss' }]]);
    expect(JSON.parse(localStorage.getItem('nudge:freq:welcome')!).dismissedAt).toBeGreaterThan(0);
  });

  it('an expired coupon never shows', async () => {
    const el = mount({ 'expires-at': '2020-01-01T00:00:00Z' });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(dialogOf(el).open).toBe(false);
  });
});

describe('claim flow', () => {
  it('keyboard only: Tab to the claim button, Enter claims, code revealed, focus on copy, Enter copies with a placed tooltip', async () => {
    const calls = fakeRuntime();
    const log = events(['nudge-claim', 'nudge-copy']);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const el = mount({ 'apply-url': '/discount/{code}?next=/cart' });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.keyboard('{Tab}');
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'cta'));
    await userEvent.keyboard('{Enter}');
    await settle();
    expect(part(el, 'code')!.textContent).toBe('WELCOME30');
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'copy'));
    expect(calls.find(([n]) => n === 'select_promotion')?.[1]).toMatchObject({
      promotion_id: 'welcome',
      coupon: 'WELCOME30',
      discount: 30,
    });
    expect(part<HTMLAnchorElement>(el, 'apply')!.href).toBe(
      new URL('/discount/WELCOME30?next=/cart', location.href).href,
    );
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.keyboard('{Enter}');
    await settle(100);
    expect(write).toHaveBeenCalledWith('WELCOME30');
    const tip = part(el, 'tooltip')!;
    expect(tip.textContent).toBe('Copied!');
    // placed above the button by floating-ui, a chunk fetched on this first copy (slower on a busy machine)
    await vi.waitFor(
      () => {
        const t = tip.getBoundingClientRect();
        const b = part(el, 'copy')!.getBoundingClientRect();
        expect(t.bottom).toBeLessThanOrEqual(b.top);
        expect(Math.abs(t.left + t.width / 2 - (b.left + b.width / 2)), JSON.stringify([t, b])).toBeLessThan(2);
      },
      { timeout: 3000 },
    );
    expect(log).toEqual([
      ['nudge-claim', { code: 'WELCOME30' }],
      ['nudge-copy', { code: 'WELCOME30' }],
    ]);
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.keyboard('{Escape}');
    await settle();
    expect(calls.some(([n]) => n === 'nudge_dismiss')).toBe(false); // closing after a claim is not a dismissal
  });

  it('falls back to selecting the code when the clipboard is refused', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    part(el, 'cta')!.click();
    await settle();
    part(el, 'copy')!.click();
    await settle();
    expect(part(el, 'tooltip')!.textContent).toBe('Select the code to copy it.');
    expect(getSelection()?.toString()).toBe('WELCOME30');
  });

  it('rejects javascript: apply templates', async () => {
    const el = mount({ 'apply-url': 'javascript:alert("{code}")' });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    part(el, 'cta')!.click();
    await settle();
    expect(part(el, 'apply')).toBeNull();
  });

  it('email field: invalid input is announced, a valid one sends generate_lead and claims', async () => {
    const calls = fakeRuntime();
    const log = events(['nudge-claim']);
    const el = mount({ 'collect-email': true });
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    const input = part<HTMLInputElement>(el, 'email')!;
    await userEvent.click(input);
    await userEvent.keyboard('not-an-email{Enter}');
    await settle();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(el.shadowRoot!.getElementById('email-note')!.textContent).toBe('Please enter a valid email address.');
    expect(el.shadowRoot!.activeElement).toBe(input);
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.clear(input);
    await userEvent.keyboard('ann@example.com');
    await userEvent.keyboard('{Tab}{Enter}');
    await settle();
    expect(calls.find(([n]) => n === 'generate_lead')?.[1]).toMatchObject({
      lead_source: 'coupon_popup',
      email: 'ann@example.com',
      currency: 'CNY',
      value: 30,
      language: 'en', // the popup's own, for the server's email to the shopper
    });
    expect(log).toEqual([['nudge-claim', { code: 'WELCOME30', email: 'ann@example.com' }]]);
  });
});

describe('what the popup says and shows', () => {
  it('focus the script placed on the heading draws no ring; the keyboard then rings as usual', async () => {
    const el = mount({ manual: false });
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true));
    await settle();
    const heading = part(el, 'heading')!;
    expect(el.shadowRoot!.activeElement).toBe(heading);
    expect(heading.matches(':focus-visible')).toBe(false);
    expect(getComputedStyle(heading).outlineStyle).toBe('none');
    await userEvent.keyboard('{Tab}');
    const next = el.shadowRoot!.activeElement as HTMLElement;
    expect(next).not.toBe(heading);
    expect(next.matches(':focus-visible')).toBe(true);
    expect(getComputedStyle(next).outlineStyle).toBe('solid');
  });

  it('balances the headline and the offer in every language', async () => {
    for (const locale of ['en', 'zh-CN', 'zh-TW']) {
      const el = mount({
        locale,
        heading: locale === 'en' ? 'A welcome gift for your first order' : '新人专享首单优惠礼包',
      });
      el.show();
      await el.updateComplete; // the view and the opening, a task after its first render
      await settle();
      for (const name of ['heading', 'offer'])
        expect([locale, name, getComputedStyle(part(el, name)!).textWrap]).toEqual([locale, name, 'balance']);
      el.hide();
      await settle();
      el.remove();
      resetModalSlot();
    }
  });

  it('never promises an email: no public config says delivery is set up', async () => {
    for (const locale of ['en', 'zh-CN', 'zh-TW']) {
      const el = mount({ 'collect-email': true, locale });
      el.show();
      await el.updateComplete; // the view and the opening, a task after its first render
      await settle();
      const note = el.shadowRoot!.getElementById('email-note')!.textContent!;
      expect(note).not.toMatch(/send|mail|发送|寄|邮箱|信箱|郵件/i);
      expect(note.length).toBeGreaterThan(0);
      el.hide();
      await settle();
      el.remove();
      resetModalSlot();
    }
  });
});

describe('triggers', () => {
  const auto = (trigger: object, attrs: Record<string, string | boolean> = {}) =>
    mount({ manual: false, trigger: JSON.stringify(trigger), ...attrs });
  /** The gate chunk loads after the first update; wait until it has armed the triggers. */
  const armed = async (el: NudgeCouponPopup) => {
    await el.updateComplete;
    await import('./coupon-popup.controller.js');
    await settle();
  };

  it('no trigger: opens at once for a new visitor', async () => {
    const el = mount({ manual: false });
    await settle();
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true));
  });
  it('delay', async () => {
    const el = auto({ delayMs: 700 });
    await armed(el);
    expect(dialogOf(el).open).toBe(false);
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true), { timeout: 3000 });
  });
  it('scroll depth', async () => {
    const el = auto({ scrollPercent: 50 });
    await armed(el);
    expect(dialogOf(el).open).toBe(false);
    scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.6);
    await settle();
    expect(dialogOf(el).open).toBe(true);
  });
  it('exit intent on desktop: pointer leaving through the top edge', async () => {
    const el = auto({ exitIntent: true });
    await armed(el);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: 200, relatedTarget: null }));
    await settle();
    expect(dialogOf(el).open).toBe(false);
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, relatedTarget: null }));
    await settle();
    expect(dialogOf(el).open).toBe(true);
  });
  it('exit intent on touch: a fast upward scroll, not a slow one', async () => {
    const real = window.matchMedia.bind(window);
    vi.spyOn(window, 'matchMedia').mockImplementation((q) =>
      q === '(pointer: coarse)' ? ({ matches: true } as MediaQueryList) : real(q),
    );
    const tall = document.createElement('div');
    tall.style.height = '5000px';
    document.body.append(tall);
    scrollTo(0, 2000);
    await settle();
    const el = auto({ exitIntent: true });
    await armed(el);
    // Drive time and scroll events by hand so a busy machine cannot turn a slow scroll into a fast one.
    let now = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const scrollAt = (y: number, dt: number) => {
      now += dt;
      scrollTo(0, y);
      window.dispatchEvent(new Event('scroll'));
    };
    for (let y = 1990; y >= 1700; y -= 10) scrollAt(y, 40); // 0.25 px/ms for 1.2 s: reading, not leaving
    await settle();
    expect(dialogOf(el).open).toBe(false);
    scrollAt(1650, 40);
    scrollAt(1450, 16); // 200 px in 16 ms: a flick towards the address bar
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true));
  });
  it('page-view count', async () => {
    newPageView();
    sessionStorage.setItem('nudge:pv', '2'); // two earlier pages in this visit; this document makes three
    const later = auto({ pageViews: 5 }, { 'widget-id': 'later' });
    const el = auto({ pageViews: 3 });
    await settle();
    expect(dialogOf(later).open).toBe(false);
    expect(dialogOf(el).open).toBe(true);
    expect(sessionStorage.getItem('nudge:pv')).toBe('3');
  });
  it('idle time; the first trigger wins and the others are disarmed', async () => {
    const log = events(['nudge-show']);
    // No frequency cap, so only the disarming can keep the delay trigger from opening it a second time.
    const el = auto(
      { idleMs: 100, delayMs: 600 },
      { frequency: JSON.stringify({ quietDaysAfterDismiss: 0, oncePerSession: false }) },
    );
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true));
    el.hide();
    await new Promise((r) => setTimeout(r, 700));
    expect(dialogOf(el).open).toBe(false);
    expect(log.length).toBe(1);
  });
});

describe('never while the visitor is typing', () => {
  const auto = (trigger: object) => mount({ manual: false, trigger: JSON.stringify(trigger) });
  /** A form field in the page, in a web component's shadow root, or editable text. */
  const fields: Record<string, () => HTMLElement> = {
    input: () => document.body.appendChild(Object.assign(document.createElement('input'), { name: 'name' })),
    'input in a shadow root': () => {
      const host = document.body.appendChild(document.createElement('div'));
      return host.attachShadow({ mode: 'open' }).appendChild(document.createElement('input'));
    },
    contenteditable: () => {
      const div = document.body.appendChild(document.createElement('div'));
      div.contentEditable = 'true';
      return div;
    },
  };

  for (const [name, make] of Object.entries(fields)) {
    it(`delay: waits while focus is in a ${name}, opens after focus left and a quiet period, focus on the dialog`, async () => {
      const calls = fakeRuntime();
      const field = make();
      const typed = (field as HTMLInputElement).value ?? field.textContent;
      field.focus();
      const el = auto({ delayMs: 200 });
      await userEvent.keyboard('Ann'); // the delay runs out while the visitor types
      await new Promise((r) => setTimeout(r, 600));
      await userEvent.keyboard(' Lee');
      await settle(300);
      expect(dialogOf(el).open).toBe(false);
      expect('value' in field ? (field as HTMLInputElement).value : field.textContent).toBe(`${typed}Ann Lee`);
      field.blur();
      await settle(300);
      expect(dialogOf(el).open).toBe(false); // a quiet period first: the visitor may be moving to the next field
      await vi.waitFor(() => expect(dialogOf(el).open).toBe(true), { timeout: 4000 });
      // Focus went into the dialog (screen readers announce it) but not onto a button a typed key could press.
      expect(el.shadowRoot!.activeElement).toBe(part(el, 'heading'));
      expect(calls.some(([n]) => n === 'select_promotion')).toBe(false);
    });
  }

  it('scroll and exit intent wait too; a key pressed lately (no field focused) holds them back', async () => {
    const el = auto({ scrollPercent: 50, exitIntent: true });
    await el.updateComplete;
    await import('./coupon-popup.controller.js');
    await settle();
    const field = fields.input!();
    field.focus();
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, relatedTarget: null }));
    scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.6);
    await settle(600);
    expect(dialogOf(el).open).toBe(false);
    field.blur();
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true), { timeout: 4000 });
  });

  it('a key pressed a moment ago (no field focused) holds a trigger back', async () => {
    const el = auto({ exitIntent: true });
    await el.updateComplete;
    await import('./coupon-popup.controller.js');
    await settle();
    await userEvent.keyboard('{ArrowDown}'); // keyboard scrolling
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, relatedTarget: null }));
    // Without the key the trigger opens it at once; with it, not before the quiet period (1.5 s) has passed.
    await settle(300);
    expect(dialogOf(el).open).toBe(false);
    await vi.waitFor(() => expect(dialogOf(el).open).toBe(true), { timeout: 4000 });
  });

  it('a key pressed as it opens cannot claim: Space and Enter do nothing until the visitor moves to the button', async () => {
    const calls = fakeRuntime();
    const log = events(['nudge-claim']);
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    await userEvent.keyboard(' ');
    await userEvent.keyboard('{Enter}');
    await settle();
    expect(dialogOf(el).open).toBe(true);
    expect(log).toEqual([]);
    expect(calls.some(([n]) => n === 'select_promotion')).toBe(false);
    expect(part(el, 'code')!.textContent).not.toBe('WELCOME30');
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('frequency and audience', () => {
  it('quiet after dismiss, never after claim, once per session', async () => {
    recordDismiss('welcome');
    const a = mount({ manual: false });
    await settle();
    expect(dialogOf(a).open).toBe(false);
    a.remove();
    localStorage.clear();
    recordClaim('welcome');
    const b = mount({ manual: false, frequency: JSON.stringify({ quietDaysAfterDismiss: 0, oncePerSession: false }) });
    await settle();
    expect(dialogOf(b).open).toBe(false);
    b.remove();
    localStorage.clear();
    const c = mount({ manual: false });
    await settle();
    expect(dialogOf(c).open).toBe(true);
    c.hide();
    c.remove();
    localStorage.clear(); // even without the dismiss record, the session has seen it
    resetModalSlot();
    const d = mount({ manual: false });
    await settle();
    expect(dialogOf(d).open).toBe(false);
  });
  it('one shared cap: two Nudge modals never open on one page view', async () => {
    const a = mount({ manual: false, 'widget-id': 'a' });
    await settle();
    a.hide();
    const b = mount({ manual: false, 'widget-id': 'b' });
    await settle();
    expect(dialogOf(a).open).toBe(false);
    expect(dialogOf(b).open).toBe(false);
  });
  it('even explicit show() never stacks a second Nudge modal on an open one', async () => {
    const a = mount({ 'widget-id': 'a' });
    const b = mount({ 'widget-id': 'b' });
    a.show();
    await vi.waitFor(() => expect(dialogOf(a).open).toBe(true));
    b.show();
    await b.updateComplete;
    await settle();
    expect(dialogOf(b).open).toBe(false);
    expect(b.open).toBe(false);
    a.hide();
    await settle();
    b.show();
    await vi.waitFor(() => expect(dialogOf(b).open).toBe(true));
  });
  it('default audience is new visitors; config frequency and trigger win in connected mode', async () => {
    fakeRuntime({ widgetProps: (id) => (id === 'welcome' ? { amount: 50 } : undefined) });
    $segment.set(['active']);
    const a = mount({ manual: false });
    await settle();
    expect(dialogOf(a).open).toBe(false);
    a.remove();
    $segment.set(['new']);
    $config.set({
      schema: 1,
      site: 's',
      version: 1,
      experiments: [],
      widgets: [{ id: 'welcome', type: 'coupon-popup', props: {}, trigger: { delayMs: 700 } }],
    });
    const b = mount({ manual: false });
    await settle();
    expect(dialogOf(b).open).toBe(false);
    await vi.waitFor(() => expect(dialogOf(b).open).toBe(true), { timeout: 3000 });
    expect(part(b, 'offer')!.textContent).toBe('Spend CN¥150, save CN¥50');
  });
  it('stays closed when config disables it for this visitor', async () => {
    fakeRuntime({ widgetProps: () => undefined });
    $config.set({
      schema: 1,
      site: 's',
      version: 1,
      experiments: [],
      widgets: [{ id: 'welcome', type: 'coupon-popup', enabled: false, props: {} }],
    });
    const el = mount({ manual: false });
    await settle();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(el.open).toBe(false);
    expect(el.shadowRoot!.querySelector('dialog')).toBeNull();
  });
});

describe('search visitors and small screens', () => {
  it('a visitor from a search engine gets a dismissible banner, not a modal', async () => {
    vi.spyOn(document, 'referrer', 'get').mockReturnValue('https://www.google.com/search?q=shoes');
    const calls = fakeRuntime();
    const cls = layoutShiftMeter();
    const el = mount({ manual: false });
    await settle();
    expect(dialogOf(el).open).toBe(false);
    const banner = part(el, 'banner')!;
    expect(banner.textContent).toContain('Spend CN¥150, save CN¥30');
    expect(getComputedStyle(banner).position).toBe('fixed');
    expect(calls[0]).toEqual(['view_promotion', expect.objectContaining({ display: 'banner' })]);
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.click(el.shadowRoot!.querySelector('.banner [part~=close]')!);
    await settle();
    expect(part(el, 'banner')).toBeNull();
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
  it('the banner CTA opens the full coupon on request', async () => {
    const el = mount({ display: 'banner', manual: false });
    await settle();
    await userEvent.click(el.shadowRoot!.querySelector('.banner [part~=cta]')!);
    await settle();
    expect(dialogOf(el).open).toBe(true);
  });
  it('bottom sheet on a phone, no axe violations, zero layout shift', async () => {
    await viewport(390, 844);
    const cls = layoutShiftMeter();
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle(300);
    const r = dialogOf(el).getBoundingClientRect();
    expect(Math.round(r.bottom)).toBe(innerHeight);
    expect(Math.round(r.width)).toBe(document.documentElement.clientWidth);
    expect(await axeViolations(el)).toEqual([]);
    part(el, 'cta')!.click();
    await settle();
    el.hide();
    await settle();
    expect(cls.value(), cls.report()).toBe(0);
    cls.stop();
  });
});

describe('reduced motion and locales', () => {
  it('animates by default and not at all with prefers-reduced-motion', async () => {
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(getComputedStyle(el.shadowRoot!.querySelector('dialog')!).animationName).toBe('nudge-pop');
    el.hide();
    await reducedMotion(true);
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(getComputedStyle(el.shadowRoot!.querySelector('dialog')!).animationName).toBe('none');
  });
  it('speaks zh-CN and zh-TW from the page lang or the attribute', async () => {
    document.documentElement.lang = 'zh-CN';
    const el = mount();
    el.show();
    await el.updateComplete; // the view and the opening, a task after its first render
    await settle();
    expect(part(el, 'offer')!.textContent).toBe('满¥150减¥30');
    expect(part(el, 'cta')!.textContent).toBe('领取优惠码');
    el.locale = 'zh-TW';
    el.currency = 'TWD';
    await settle();
    expect(part(el, 'offer')!.textContent).toBe('滿$150減$30');
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
        const el = mount({
          'expires-at': '2031-06-30T16:00:00Z',
          description: lang === 'en' ? 'On your first order over CN¥150.' : '首单满150元可用，全场通用。',
          'apply-url': '/discount/{code}',
        });
        el.show();
        await el.updateComplete; // the view and the opening, a task after its first render
        await settle(300);
        await screenshot(`coupon-popup-${lang}-${name}`, (o) => page.screenshot(o));
        vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
        part(el, 'cta')!.click();
        await settle();
        part(el, 'copy')!.click();
        await settle(150);
        await screenshot(`coupon-popup-${lang}-${name}-claimed`, (o) => page.screenshot(o));
        el.remove();
        resetModalSlot();
        const banner = mount({ 'widget-id': 'banner', manual: false, display: 'banner' });
        await vi.waitFor(() => expect(part(banner, 'banner')).not.toBeNull());
        await settle(300);
        const closeBox = banner.shadowRoot!.querySelector('.banner [part~=close]')!.getBoundingClientRect();
        expect(closeBox.right, 'banner close button inside the viewport').toBeLessThanOrEqual(
          document.documentElement.clientWidth,
        );
        await screenshot(`coupon-popup-${lang}-${name}-banner`, (o) => page.screenshot(o));
      });
    }
  }
});
