// Shared widget plumbing in a real browser: URL check, i18n, frequency caps, dialog scroll lock, connected mode.
import { $config, $product, $runtime, $widgetProps } from '@nudge/core';
import type { NudgeRuntime } from '@nudge/core';
import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeModal, openModal } from './dialog.js';
import {
  allowedByFrequency,
  recordClaim,
  recordDismiss,
  recordShown,
  resetModalSlot,
  takeModalSlot,
} from './frequency.js';
import { formatMoney, resolveLocale, t, uiLocale } from './i18n.js';
import { NudgeElement } from './nudge-element.js';
import { safeUrl } from './safe-url.js';

class ProbeElement extends NudgeElement {
  static override widgetType = 'probe';
  static override properties = {
    ...NudgeElement.properties,
    amount: { type: Number },
    expiresAt: { attribute: 'expires-at' },
  };
  declare amount: number;
  declare expiresAt: string;
  renders: number[] = [];
  constructor() {
    super();
    this.amount = 1;
    this.expiresAt = '';
  }
  override render() {
    this.renders.push(this.amount);
    return html`<p>${this.amount}</p>`;
  }
}
customElements.define('nudge-probe', ProbeElement);

afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $config.set(null);
  $product.set(null);
  $widgetProps.set({});
  localStorage.clear();
  sessionStorage.clear();
  resetModalSlot();
});

describe('safeUrl', () => {
  it('keeps http(s), resolves relative URLs, rejects other schemes', () => {
    expect(safeUrl('https://shop.example/a?b=1')).toBe('https://shop.example/a?b=1');
    expect(safeUrl('/discount/X')).toBe(new URL('/discount/X', location.href).href);
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,hi')).toBeNull();
    expect(safeUrl('')).toBeNull();
  });
});

describe('i18n', () => {
  it('maps tags to the built-in languages and resolves the nearest lang', () => {
    expect([uiLocale('zh-Hant-HK'), uiLocale('zh-TW'), uiLocale('zh'), uiLocale('en-GB'), uiLocale('fr')]).toEqual([
      'zh-TW',
      'zh-TW',
      'zh-CN',
      'en',
      'en',
    ]);
    document.body.innerHTML = '<div lang="zh-TW"><span id="s"></span></div>';
    expect(resolveLocale(document.getElementById('s')!)).toBe('zh-TW');
    expect(resolveLocale(document.getElementById('s')!, 'en-US')).toBe('en-US');
  });
  it('formats money and fills placeholders as plain text', () => {
    expect(formatMoney(30, 'CNY', 'zh-CN')).toBe('¥30');
    expect(formatMoney(4.5, 'USD', 'en')).toBe('$4.50');
    const m = { en: { hi: 'Hi {name}' }, 'zh-CN': { hi: '你好 {name}' }, 'zh-TW': { hi: '您好 {name}' } };
    expect(t(m, 'zh-TW', 'hi', { name: '<b>' })).toBe('您好 <b>');
  });
});

describe('frequency caps', () => {
  it('quiet days after dismiss, never after claim, once per session, max shows', () => {
    const now = Date.now();
    expect(allowedByFrequency('a')).toBe(true);
    recordDismiss('a', now);
    expect(allowedByFrequency('a', { quietDaysAfterDismiss: 3 }, now + 2 * 864e5)).toBe(false);
    expect(allowedByFrequency('a', { quietDaysAfterDismiss: 3 }, now + 4 * 864e5)).toBe(true);
    recordShown('b');
    expect(allowedByFrequency('b')).toBe(false);
    expect(allowedByFrequency('b', { oncePerSession: false })).toBe(true);
    expect(allowedByFrequency('b', { oncePerSession: false, maxShows: 1 })).toBe(false);
    recordClaim('c');
    expect(allowedByFrequency('c', { quietDaysAfterDismiss: 0, oncePerSession: false })).toBe(false);
  });
  it('falls back to memory when storage throws', () => {
    const spy = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const get = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    recordClaim('m');
    expect(allowedByFrequency('m')).toBe(false);
    spy.mockRestore();
    get.mockRestore();
  });
  it('lets only one modal own the page view', () => {
    expect(takeModalSlot('x')).toBe(true);
    expect(takeModalSlot('x')).toBe(true);
    expect(takeModalSlot('y')).toBe(false);
  });
});

describe('dialog helper', () => {
  it('locks scroll without moving content and returns focus', () => {
    document.body.innerHTML =
      '<div style="height:3000px"><button id="b">b</button><p id="p">text</p></div><dialog id="d"><button>in</button></dialog>';
    const before = document.getElementById('p')!.getBoundingClientRect();
    const btn = document.getElementById('b') as HTMLButtonElement;
    btn.focus();
    const d = document.getElementById('d') as HTMLDialogElement;
    openModal(d);
    expect(d.open).toBe(true);
    expect(getComputedStyle(document.documentElement).overflow).toBe('hidden');
    expect(document.getElementById('p')!.getBoundingClientRect().width).toBe(before.width);
    closeModal(d);
    expect(d.open).toBe(false);
    expect(document.documentElement.style.overflow).toBe('');
    expect(document.activeElement).toBe(btn);
  });
});

describe('NudgeElement', () => {
  it('emits bubbling composed nudge-* events and tracks nothing standalone', async () => {
    const el = document.createElement('nudge-probe') as ProbeElement;
    document.body.append(el);
    await el.updateComplete;
    const seen: CustomEvent[] = [];
    document.addEventListener('nudge-show', (e) => seen.push(e as CustomEvent), { once: true });
    el.markShown({ amount: 1 });
    expect(seen[0]?.bubbles && seen[0]?.composed).toBe(true);
    expect(seen[0]?.detail).toEqual({ amount: 1 });
  });
  it('applies config props before the first render and tracks through the runtime', async () => {
    const calls: [string, unknown][] = [];
    const runtime: NudgeRuntime = {
      track: (n, p) => calls.push([n, p]),
      widgetProps: (id) => (id === 'w1' ? { amount: 30, 'expires-at': '2030-01-01T00:00:00Z', bogus: 1 } : undefined),
      exposed: (id) => calls.push(['exposed', id]),
    };
    $runtime.set(runtime);
    const el = document.createElement('nudge-probe') as ProbeElement;
    el.widgetId = 'w1';
    document.body.append(el);
    await el.updateComplete;
    expect(el.renders).toEqual([30]);
    expect(el.expiresAt).toBe('2030-01-01T00:00:00Z');
    el.markShown({ amount: 30 });
    expect(calls).toEqual([
      ['view_promotion', { promotion_id: 'w1', creative_slot: 'probe', amount: 30 }],
      ['exposed', 'w1'],
    ]);
  });
  it('reads its props again when the SDK publishes $widgetProps, and not when $config alone changes', async () => {
    $widgetProps.set({ w4: { amount: 2 } });
    $runtime.set({ track: () => {}, widgetProps: (id) => $widgetProps.get()[id], exposed: () => {} });
    const el = document.createElement('nudge-probe') as ProbeElement;
    el.widgetId = 'w4';
    document.body.append(el);
    await el.updateComplete;
    expect(el.amount).toBe(2);
    $widgetProps.set({ w4: { amount: 3 } });
    await el.updateComplete;
    expect(el.amount).toBe(3);
    // A config without its assignments and props is half an update: the widget waits for $widgetProps.
    const renders = el.renders.length;
    $config.set({ schema: 1, site: 's', version: 2, experiments: [], widgets: [] });
    await el.updateComplete;
    expect(el.renders.length).toBe(renders);
  });
  it('picks up a runtime that arrives after the element and swallows tracker errors', async () => {
    const el = document.createElement('nudge-probe') as ProbeElement;
    el.widgetId = 'w2';
    document.body.append(el);
    await el.updateComplete;
    $runtime.set({
      track: () => {
        throw new Error('boom');
      },
      widgetProps: () => ({ amount: 5 }),
      exposed: () => {},
    });
    await el.updateComplete;
    expect(el.amount).toBe(5);
    expect(() => el.track('x')).not.toThrow();
  });
  it('reports bad input once per message and element: console.warn with the tag, nudge_error with the promotion', async () => {
    const calls: [string, unknown][] = [];
    $runtime.set({ track: (n, p) => calls.push([n, p]), widgetProps: () => undefined, exposed: () => {} });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const a = document.createElement('nudge-probe') as ProbeElement;
      const b = document.createElement('nudge-probe') as ProbeElement;
      a.widgetId = 'w3';
      document.body.append(a, b);
      a.report('price must be a number');
      a.report('price must be a number');
      a.report('label is empty');
      b.report('price must be a number');
      expect(warn.mock.calls).toEqual([
        ['<nudge-probe> price must be a number'],
        ['<nudge-probe> label is empty'],
        ['<nudge-probe> price must be a number'],
      ]);
      expect(calls).toEqual([
        ['nudge_error', { promotion_id: 'w3', creative_slot: 'probe', message: 'price must be a number' }],
        ['nudge_error', { promotion_id: 'w3', creative_slot: 'probe', message: 'label is empty' }],
        ['nudge_error', { promotion_id: 'nudge-probe', creative_slot: 'probe', message: 'price must be a number' }],
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
