// <nudge-stock-banner> in real Chromium: honest states, countdown, announcements, audit events, feed, a11y, layout shift.
import { $config, $product, $runtime } from '@nudge/core';
import type { NudgeConfig, NudgeRuntime } from '@nudge/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeTimers, type FakeTimers } from './fake-timers.test-helper.js';
import './stock-banner.js';
import type { NudgeStockBanner } from './stock-banner.component.js';
import { axeViolations, reducedMotion, screenshot, settle, checkedTrack } from '../internal/testing.js';
import { layoutShift } from './widget-test-kit.test-helper.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

let clock: FakeTimers;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  clock = fakeTimers(T0);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  await page.viewport(1280, 800);
});
afterEach(() => {
  document.body.innerHTML = '';
  $runtime.set(null);
  $product.set(null);
  warn.mockRestore();
  vi.unstubAllGlobals();
});

/** A product page with the banner between the price and the text below it (which must never move). */
async function mount(attrs: Record<string, string | number>, setup?: (el: NudgeStockBanner) => void) {
  document.body.innerHTML = `<main style="font:16px system-ui;max-width:40rem;margin:1rem auto;padding:0 1rem">
    <h1>Linen shirt</h1><p>$49</p><div id="slot"></div><p id="below">Free returns within 30 days.</p></main>`;
  const el = document.createElement('nudge-stock-banner');
  el.timers = clock;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  setup?.(el);
  document.getElementById('slot')!.append(el);
  await el.updateComplete;
  await settle();
  return el;
}
const text = (el: NudgeStockBanner) =>
  (el.shadowRoot!.querySelector('[part=banner]') as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
const live = (el: NudgeStockBanner) => el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim();
/** Lets pending fetch/json promise chains finish (real time, the fake clock does not move). */
const drain = () => new Promise((r) => setTimeout(r, 100));
async function advance(el: NudgeStockBanner, ms: number) {
  clock.advance(ms);
  await el.updateComplete;
}

function runtime(calls: [string, Record<string, unknown>?][]): NudgeRuntime {
  return { track: checkedTrack(calls), widgetProps: () => undefined, exposed: (id) => calls.push(['exposed', { id }]) };
}

describe('claims', () => {
  it('shows low stock, the sold count with its window, and a countdown to the one end instant', async () => {
    const el = await mount({
      stock: 3,
      sold: 27,
      'sold-window-hours': 24,
      'as-of': iso(T0 - 60_000),
      'ends-at': iso(T0 + 3_723_000),
      source: 'erp',
    });
    expect(el.getAttribute('state')).toBe('shown');
    expect(text(el)).toBe('Only 3 left 27 sold in the last 24 hours Sale ends in 1 hour 3 minutes');
    expect(el.shadowRoot!.querySelector('time')!.getAttribute('datetime')).toBe(iso(T0 + 3_723_000));
    await advance(el, 3000);
    expect(text(el)).toContain('Sale ends in 1 hour 2 minutes');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('formats per locale (zh-CN, zh-TW) and shows days', async () => {
    const el = await mount({
      locale: 'zh-CN',
      stock: 2,
      sold: 1200,
      'sold-window-hours': 48,
      'as-of': iso(T0),
      'ends-at': iso(T0 + 2 * 86_400_000 + 5_000),
    });
    expect(text(el)).toBe('仅剩 2 件 过去48小时已售 1,200 件 距促销结束还有 2天 1分钟');
    el.locale = 'zh-TW';
    await el.updateComplete;
    expect(text(el)).toContain('僅剩 2 件');
    expect(text(el)).toContain('距優惠結束還有');
  });

  it('changes once a minute, never by the second, to the last minute (WCAG 2.2.2: no ticking to pause)', async () => {
    const el = await mount({ 'ends-at': iso(T0 + 3_690_000) }); // 1 h 1 min 30 s
    const seen = new Set<string>();
    const mo = new MutationObserver(() => seen.add(text(el)));
    mo.observe(el.shadowRoot!, { childList: true, characterData: true, subtree: true });
    expect(text(el)).toBe('Sale ends in 1 hour 2 minutes');
    for (let i = 0; i < 29; i++) await advance(el, 1000);
    expect(seen.size).toBe(0); // 29 seconds, not one change
    await advance(el, 1000);
    expect(text(el)).toBe('Sale ends in 1 hour 1 minute');
    expect(clock.pending()).toBe(1); // the next change is scheduled a minute ahead, not every second
    await advance(el, 60_000);
    expect(text(el)).toBe('Sale ends in 1 hour');
    await advance(el, 59 * 60_000 + 1000);
    expect(text(el)).toBe('Sale ends in 1 minute'); // 59 s left: rounded up, never "0 minutes" while it runs
    seen.clear();
    for (let i = 0; i < 58; i++) await advance(el, 1000);
    expect(seen.size).toBe(0); // the final minute does not tick either
    await advance(el, 1000);
    expect(text(el)).toBe(''); // and it ends on the real instant
    mo.disconnect();
  });

  it('the same under prefers-reduced-motion, in zh-CN, ending on the real instant', async () => {
    await reducedMotion(true);
    try {
      const el = await mount({
        stock: 2,
        'as-of': iso(T0),
        'ends-at': iso(T0 + 90_000),
        'max-age-seconds': 3600,
        locale: 'zh-CN',
      });
      expect(text(el)).toBe('仅剩 2 件 距促销结束还有 2分钟');
      await advance(el, 29_999);
      expect(text(el)).toBe('仅剩 2 件 距促销结束还有 2分钟');
      await advance(el, 1);
      expect(text(el)).toBe('仅剩 2 件 距促销结束还有 1分钟');
      await advance(el, 59_999);
      expect(text(el)).toBe('仅剩 2 件 距促销结束还有 1分钟'); // rounded up: never "0 minutes" while it runs
      await advance(el, 1);
      expect(text(el)).toBe('仅剩 2 件');
      expect(await axeViolations(el)).toEqual([]);
    } finally {
      await reducedMotion(false);
    }
  });

  it('drops the countdown the moment the sale ends, keeps honest stock, and never restarts the timer', async () => {
    const end = T0 + 2_000;
    const el = await mount({ stock: 4, 'as-of': iso(T0), 'ends-at': iso(end) });
    await advance(el, 1_999);
    expect(text(el)).toContain('Sale ends in 1 minute');
    await advance(el, 1);
    expect(text(el)).toBe('Only 4 left');
    // A fresh element (a reload, another visitor) after the end shows no timer either: nothing restarts.
    const again = await mount({ 'ends-at': iso(end) });
    expect(again.getAttribute('state')).toBe('collapsed');
  });

  it('has a sold-out state', async () => {
    const el = await mount({ stock: 0, 'as-of': iso(T0), 'ends-at': iso(T0 + 60_000) });
    expect(el.getAttribute('state')).toBe('sold-out');
    expect(text(el)).toBe('Sold out');
    expect(await axeViolations(el)).toEqual([]);
  });

  it.each([
    ['missing data', {}],
    ['no as-of (age unknown)', { stock: 2 }],
    ['stale figures', { stock: 2, 'as-of': iso(T0 - 901_000) }],
    ['negative stock', { stock: -2, 'as-of': iso(T0) }],
    ['garbage stock', { stock: 'lots', 'as-of': iso(T0) }],
    ['end in the past', { 'ends-at': iso(T0 - 1) }],
    ['zone-less end (different per visitor)', { 'ends-at': '2026-11-22T00:00:00' }],
    ['stock above the threshold', { stock: 50, 'as-of': iso(T0) }],
  ])('hides itself on %s', async (_, attrs) => {
    const el = await mount(attrs);
    expect(el.view.kind).toBe('hidden');
    expect(el.getAttribute('state')).toBe('collapsed');
    expect(el.getBoundingClientRect().height).toBe(0);
  });

  it('goes stale while open: hides exactly at max-age and keeps its box', async () => {
    const el = await mount({ stock: 2, 'as-of': iso(T0), 'max-age-seconds': 120 });
    const h = el.getBoundingClientRect().height;
    await advance(el, 120_000);
    expect(el.getAttribute('state')).toBe('shown');
    await advance(el, 1);
    expect(el.getAttribute('state')).toBe('hidden');
    expect(el.view).toMatchObject({ kind: 'hidden', reason: 'stale' });
    expect(el.getBoundingClientRect().height).toBe(h);
    expect(text(el)).toBe('');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('never shrinks once painted, even when its content outgrew a too-small reserve', async () => {
    const el = await mount(
      {
        stock: 2,
        sold: 5,
        'sold-window-hours': 24,
        'as-of': iso(T0),
        'max-age-seconds': 60,
        'ends-at': iso(T0 + 30_000),
      },
      (e) => {
        e.style.setProperty('--nudge-stock-banner-min-height', '10px');
      },
    );
    const h = el.getBoundingClientRect().height;
    expect(h).toBeGreaterThan(40);
    const shift = await layoutShift(async () => {
      await advance(el, 30_000);
      expect(text(el)).not.toContain('Sale ends');
      await advance(el, 31_000);
      expect(el.getAttribute('state')).toBe('hidden');
    });
    expect(el.getBoundingClientRect().height).toBe(h);
    expect(shift).toBe(0);
  });

  it('reports bad data with a clear message and renders attribute text as text', async () => {
    const el = await mount({ stock: '<img src=x onerror=alert(1)>', 'as-of': iso(T0), source: '<b>x</b>' });
    expect(el.shadowRoot!.querySelector('img,b')).toBeNull();
    expect(warn).toHaveBeenCalledWith('<nudge-stock-banner> hidden: stock must be a whole number >= 0, got NaN');
    const el2 = await mount({ stock: 1, 'as-of': iso(T0), source: '<img src=x>' });
    expect(el2.shadowRoot!.querySelector('img')).toBeNull();
    expect(el2.view).toMatchObject({ claims: { source: '<img src=x>' } });
  });

  it('reports a bad threshold or max age and keeps the default for it', async () => {
    const el = await mount({ stock: 5, 'as-of': iso(T0 - 60_000), 'low-stock-threshold': -1, 'max-age-seconds': 0.5 });
    expect(warn).toHaveBeenCalledWith(
      '<nudge-stock-banner> low-stock-threshold must be a number >= 0, got -1; using 5',
    );
    expect(warn).toHaveBeenCalledWith('<nudge-stock-banner> max-age-seconds must be a number >= 1, got 0.5; using 900');
    expect(el.view).toMatchObject({ kind: 'shown', claims: { remaining: 5 } }); // 5 <= default threshold, 60 s < 900 s
    const zero = await mount({ stock: 1, 'as-of': iso(T0 - 60_000), 'low-stock-threshold': 0 });
    expect(zero.view).toMatchObject({ kind: 'hidden', reason: 'nothing-to-say' }); // 0 is a real choice: never "only N left"
  });
});

describe('audit and announcements', () => {
  it('sends every figure shown in view_promotion, and later changes at most once a minute', async () => {
    const calls: [string, Record<string, unknown>?][] = [];
    $runtime.set(runtime(calls));
    const el = await mount({
      'widget-id': 'urgency-1',
      stock: 3,
      sold: 27,
      'sold-window-hours': 24,
      'as-of': iso(T0),
      source: 'erp',
      'ends-at': iso(T0 + 3_600_000),
    });
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(calls[0]).toEqual([
      'view_promotion',
      {
        promotion_id: 'urgency-1',
        creative_slot: 'stock-banner',
        state: 'shown',
        stock: 3,
        sold: 27,
        window: 24,
        endsAt: iso(T0 + 3_600_000),
        asOf: iso(T0),
        source: 'erp',
      },
    ]);
    expect(calls[1]).toEqual(['exposed', { id: 'urgency-1' }]);
    el.stock = 2;
    el.asOf = iso(T0 + 1000);
    await advance(el, 1000);
    expect(calls.filter(([n]) => n === 'view_promotion')).toHaveLength(2);
    expect(calls.at(-1)![1]).toMatchObject({ stock: 2, asOf: iso(T0 + 1000), update: true });
    el.stock = 1;
    el.asOf = iso(T0 + 2000);
    await advance(el, 1000);
    expect(calls.filter(([n]) => n === 'view_promotion')).toHaveLength(2);
    await advance(el, 60_000);
    expect(calls.at(-1)![1]).toMatchObject({ stock: 1, update: true });
  });

  it('announces stock changes politely, never more than once a minute, and not the countdown', async () => {
    const el = await mount({ stock: 5, 'as-of': iso(T0), 'ends-at': iso(T0 + 600_000), 'max-age-seconds': 3600 });
    const region = el.shadowRoot!.querySelector('[role=status]')!;
    expect(region.getAttribute('aria-live')).toBe('polite');
    await vi.waitFor(() => expect(el.view.kind).toBe('shown'));
    await settle();
    expect(live(el)).toBe('');
    const heard: [number, string][] = [];
    const mo = new MutationObserver(() => heard.push([clock.now() - T0, live(el)]));
    mo.observe(region, { childList: true, characterData: true, subtree: true });
    for (let i = 4; i >= 1; i--) {
      el.stock = i;
      await advance(el, 10_000);
    }
    await advance(el, 60_000);
    await settle();
    mo.disconnect();
    expect(heard.map(([, s]) => s).filter(Boolean)).toEqual(['Only 4 left', 'Only 1 left']);
    const times = heard.filter(([, s]) => s).map(([t]) => t);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('empties its live region when it hides stale figures, and says a fresh figure again', async () => {
    const el = await mount({ stock: 5, 'as-of': iso(T0), 'max-age-seconds': 120 });
    await vi.waitFor(() => expect(el.view.kind).toBe('shown'));
    await settle();
    el.stock = 4;
    await advance(el, 1_000);
    expect(live(el)).toBe('Only 4 left');
    el.stock = 3; // a change the one-a-minute throttle holds back until after the figures went stale
    await advance(el, 1_000);
    await advance(el, 119_000);
    expect(el.view).toMatchObject({ kind: 'hidden', reason: 'stale' });
    expect(live(el)).toBe('');
    await advance(el, 60_000);
    expect(live(el)).toBe('');
    el.asOf = iso(clock.now());
    el.stock = 4;
    await advance(el, 1_000);
    expect(el.view.kind).toBe('shown');
    expect(live(el)).toBe('Only 4 left');
  });
});

describe('sale end', () => {
  it('announces that the sale has ended when the countdown passes, once', async () => {
    const el = await mount({ stock: 3, 'as-of': iso(T0), 'ends-at': iso(T0 + 5_000), 'max-age-seconds': 3600 });
    await vi.waitFor(() => expect(el.view.kind).toBe('shown'));
    await settle();
    await advance(el, 5_000);
    expect(text(el)).toBe('Only 3 left');
    expect(live(el)).toBe('The sale has ended. Only 3 left');
    await advance(el, 120_000);
    expect(live(el)).toBe('The sale has ended. Only 3 left');
  });
});

describe('data sources', () => {
  it('reads $product in connected mode and reserves its box while the SDK has no product yet', async () => {
    $runtime.set(runtime([]));
    const el = await mount({});
    expect(el.getAttribute('state')).toBe('pending');
    const reserved = el.getBoundingClientRect().height;
    expect(reserved).toBeGreaterThan(40);
    const shift = await layoutShift(async () => {
      $product.set({
        name: 'Shirt',
        availability: 'limited',
        stock: { remaining: 2, asOf: iso(T0), source: 'json-ld' },
        saleEndsAt: iso(T0 + 90_000),
      });
      await el.updateComplete;
    });
    expect(text(el)).toBe('Only 2 left Sale ends in 2 minutes');
    expect(el.view).toMatchObject({ claims: { source: 'json-ld' } });
    expect(el.getBoundingClientRect().height).toBe(reserved);
    expect(shift).toBe(0);
  });

  it('stays collapsed when config turns it off for this visitor', async () => {
    $runtime.set({ ...runtime([]), widgetProps: () => undefined });
    $config.set({ widgets: [{ id: 'sb-off', type: 'stock-banner' }] } as unknown as NudgeConfig);
    const el = await mount({ 'widget-id': 'sb-off', stock: 2, 'as-of': iso(T0) });
    expect(el.getAttribute('state')).toBe('collapsed');
    $config.set(null);
  });

  it('polls the feed with ETag, shows its figures, and ignores answers older than what it shows', async () => {
    const seen: Headers[] = [];
    const bodies = [
      { stock: { remaining: 3, sold: 9, soldWindowHours: 12, asOf: iso(T0 - 5_000), source: 'wms' } },
      null,
      { stock: { remaining: 9, asOf: iso(T0 - 60_000) } },
      { stock: { remaining: 1, asOf: iso(T0 + 100_000) } },
    ];
    const fetchStub = vi.fn(async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers));
      const b = bodies.shift();
      return b === null
        ? new Response(null, { status: 304 })
        : new Response(JSON.stringify(b), { headers: { etag: `"e${seen.length}"` } });
    });
    vi.stubGlobal('fetch', fetchStub);
    const el = await mount({ 'feed-url': '/stock/sku-1.json', 'feed-interval-seconds': 30 });
    await vi.waitFor(() => expect(el.getAttribute('state')).toBe('shown'));
    expect(fetchStub.mock.calls[0]![0]).toBe(new URL('/stock/sku-1.json', location.href).href);
    expect(text(el)).toBe('Only 3 left 9 sold in the last 12 hours');
    expect(el.view).toMatchObject({ claims: { source: 'wms' } });
    await advance(el, 30_000);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    await drain();
    expect(seen[1]!.get('if-none-match')).toBe('"e1"');
    await advance(el, 30_000);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    await drain();
    await el.updateComplete;
    expect(text(el)).toContain('Only 3 left');
    await advance(el, 100_000);
    await vi.waitFor(() => expect(text(el)).toContain('Only 1 left'));
  });

  it('refuses a javascript: feed URL and never fetches it', async () => {
    const fetchStub = vi.fn();
    vi.stubGlobal('fetch', fetchStub);
    const el = await mount({ 'feed-url': 'javascript:alert(1)' });
    expect(fetchStub).not.toHaveBeenCalled();
    expect(el.getAttribute('state')).toBe('collapsed');
    expect(warn).toHaveBeenCalledWith(
      '<nudge-stock-banner> feed-url must be an http(s) URL, got "javascript:alert(1)"',
    );
  });

  it('hides (box kept) when the feed fails before answering', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('down', { status: 503 })),
    );
    const el = await mount({ 'feed-url': '/stock.json' });
    await vi.waitFor(() => expect(el.getAttribute('state')).toBe('hidden'));
    expect(el.getBoundingClientRect().height).toBeGreaterThan(40);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('feed answered HTTP 503'));
  });
});

describe('quality bar', () => {
  it('causes no layout shift while it appears, updates and disappears (and the probe does catch a real shift)', async () => {
    const body = JSON.stringify({
      stock: { remaining: 3, sold: 40, soldWindowHours: 24, asOf: iso(T0) },
      saleEndsAt: iso(T0 + 61_000),
    });
    // The feed answers only when the test says so, so the pending (reserved) state is observed for certain.
    let release = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        await new Promise<void>((r) => {
          release = r;
        });
        return new Response(body);
      }),
    );
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
      [360, 740],
      [320, 568],
    ] as const) {
      await page.viewport(w, h);
      clock = fakeTimers(T0);
      let el!: NudgeStockBanner;
      const appear = await layoutShift(async () => {
        const before = vi.mocked(fetch).mock.calls.length;
        el = await mount({ 'feed-url': '/s.json', 'max-age-seconds': 60 });
        expect(el.getAttribute('state')).toBe('pending');
        await vi.waitFor(() => expect(vi.mocked(fetch).mock.calls.length).toBeGreaterThan(before));
        release();
        await vi.waitFor(() => expect(el.getAttribute('state')).toBe('shown'));
      });
      const update = await layoutShift(async () => {
        await advance(el, 1000);
        el.stock = 2;
        await el.updateComplete;
      });
      const disappear = await layoutShift(async () => {
        await advance(el, 60_000);
        expect(el.getAttribute('state')).toBe('hidden');
      });
      console.log(`stock banner layout shift at ${w}x${h}: appear ${appear}, update ${update}, disappear ${disappear}`);
      expect([appear, update, disappear]).toEqual([0, 0, 0]);
    }
    const control = await layoutShift(() => {
      const p = document.createElement('p');
      p.style.height = '80px';
      document.getElementById('slot')!.before(p);
    });
    expect(control).toBeGreaterThan(0);
  });

  it('removes the fade for prefers-reduced-motion and has nothing to tab into', async () => {
    const el = await mount({ stock: 1, 'as-of': iso(T0) });
    const banner = el.shadowRoot!.querySelector('[part=banner]')!;
    expect(getComputedStyle(banner).transitionDuration).not.toBe('0s');
    await reducedMotion(true);
    try {
      expect(getComputedStyle(banner).transitionDuration).toBe('0s');
    } finally {
      await reducedMotion(false);
    }
    expect(el.shadowRoot!.querySelectorAll('a,button,input,[tabindex]')).toHaveLength(0);
  });

  it('passes axe while pending (reserved) and in every shown state', async () => {
    $runtime.set(runtime([]));
    const pending = await mount({});
    expect(pending.getAttribute('state')).toBe('pending');
    expect(await axeViolations(pending)).toEqual([]);
    $runtime.set(null);
    for (const attrs of <Record<string, string | number>[]>[
      { stock: 2, 'as-of': iso(T0) },
      { sold: 31, 'sold-window-hours': 24, 'as-of': iso(T0) },
      { 'ends-at': iso(T0 + 50_000) },
      { stock: 0, 'as-of': iso(T0) },
      { locale: 'zh-CN', stock: 2, sold: 8, 'sold-window-hours': 6, 'as-of': iso(T0), 'ends-at': iso(T0 + 90_000_000) },
    ]) {
      const el = await mount(attrs);
      expect(await axeViolations(el), JSON.stringify(attrs)).toEqual([]);
    }
  });

  it('screenshots en and zh-CN at desktop and phone sizes', async () => {
    for (const [size, w, h] of [
      ['desktop', 1280, 800],
      ['phone', 390, 844],
    ] as const) {
      await page.viewport(w, h);
      for (const locale of ['en', 'zh-CN']) {
        await mount({
          locale,
          stock: 3,
          sold: 27,
          'sold-window-hours': 24,
          'as-of': iso(T0),
          'ends-at': iso(T0 + 93_784_000),
        });
        await screenshot(`stock-banner-${locale}-${size}`, (o) => page.screenshot(o));
        await mount({ locale, stock: 0, 'as-of': iso(T0) });
        await screenshot(`stock-banner-sold-out-${locale}-${size}`, (o) => page.screenshot(o));
      }
    }
  });
});
