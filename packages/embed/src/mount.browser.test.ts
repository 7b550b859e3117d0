import { afterEach, describe, expect, it } from 'vitest';
import { createMounter, type WidgetSpec, type WidgetType } from './mount.js';
import { defineSafely } from './safe-define.js';

// Stand-in elements per type; the real widgets are covered by the e2e tests.
class Plain extends HTMLElement {}
class Throws extends HTMLElement {
  connectedCallback() {
    throw new Error('widget bug');
  }
}
for (const t of ['coupon-popup', 'stock-banner', 'referral-card'] as const)
  if (!customElements.get(`nudge-${t}`)) customElements.define(`nudge-${t}`, class extends Plain {});
let current: ReturnType<typeof createMounter> | undefined;
defineSafely('nudge-buy-bar', { Throws }, (el, e) => current?.failed(el, e));

const setup = () => {
  const errors: [string, unknown][] = [];
  const loaded: WidgetType[] = [];
  const m = createMounter({
    doc: document,
    load: async (t) => {
      loaded.push(t);
    },
    onError: (s, e) => errors.push([s.id, e]),
  });
  current = m;
  return { m, errors, loaded };
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('mounter', () => {
  it('defines every widget type before the first is placed, then places one widget per task', async () => {
    document.body.innerHTML = '<main><h1 id="title">T</h1><div id="box"></div></main>';
    const { m, loaded } = setup();
    const done = m.sync([
      { id: 'stock', type: 'stock-banner', mount: { selector: '#title', position: 'after' } },
      { id: 'ref', type: 'referral-card', mount: { selector: '#box', position: 'prepend' } },
      { id: 'pop', type: 'coupon-popup' },
    ]);
    expect(loaded).toEqual(['stock-banner', 'referral-card', 'coupon-popup']);
    // Counted at the mounter's own yields (scheduler.yield runs continuations in the order they were queued).
    const perTask: number[] = [];
    for (let i = 0; i < 3; i++) {
      await (globalThis as unknown as { scheduler: { yield(): Promise<void> } }).scheduler.yield();
      perTask.push(document.querySelectorAll('[widget-id]').length);
    }
    expect(perTask).toEqual([1, 2, 3]);
    await done;
    expect(document.querySelectorAll('[widget-id]')).toHaveLength(3);
  });

  it('places inline widgets at selector + position and overlays on body, once', async () => {
    document.body.innerHTML = '<main><h1 id="title">T</h1><div id="box"><p>x</p></div></main>';
    const { m, errors } = setup();
    const specs: WidgetSpec[] = [
      { id: 'stock', type: 'stock-banner', mount: { selector: '#title', position: 'after' } },
      { id: 'ref', type: 'referral-card', mount: { selector: '#box', position: 'prepend' } },
      { id: 'pop', type: 'coupon-popup' },
    ];
    await m.sync(specs);
    await m.sync(specs);
    expect(errors).toEqual([]);
    expect(document.getElementById('title')!.nextElementSibling!.getAttribute('widget-id')).toBe('stock');
    expect(document.getElementById('box')!.firstElementChild!.localName).toBe('nudge-referral-card');
    expect(document.body.lastElementChild!.localName).toBe('nudge-coupon-popup');
    expect(document.querySelectorAll('[data-nudge-mounted]')).toHaveLength(3);
  });
  it('puts the buy bar before a page footer (tab order) and the popup at the end of body', async () => {
    document.body.innerHTML = '<main></main><footer></footer>';
    const { m } = setup();
    await m.sync([{ id: 'p', type: 'coupon-popup' }]);
    expect(document.body.lastElementChild!.localName).toBe('nudge-coupon-popup');
    const { resolvePlacement } = await import('./mount.js');
    const placed = resolvePlacement(document, { id: 'b', type: 'buy-bar' });
    expect(placed).toEqual({ anchor: document.querySelector('footer'), where: 'beforebegin' });
  });
  it('before and append positions, and skips an inline widget whose anchor is missing', async () => {
    document.body.innerHTML = '<div id="a"></div>';
    const { m } = setup();
    await m.sync([
      { id: 's', type: 'stock-banner', mount: { selector: '#a', position: 'before' } },
      { id: 'r', type: 'referral-card', mount: { selector: '#a' } },
      { id: 'gone', type: 'referral-card', mount: { selector: '#nope' } },
      { id: 'bad', type: 'referral-card', mount: { selector: '##' } },
    ]);
    expect(document.body.firstElementChild!.getAttribute('widget-id')).toBe('s');
    expect(document.getElementById('a')!.firstElementChild!.getAttribute('widget-id')).toBe('r');
    expect(
      m
        .mounted()
        .map((x) => x.id)
        .sort(),
    ).toEqual(['r', 's']);
  });
  it('removes widgets that are no longer enabled and re-mounts when the anchor is replaced (SPA)', async () => {
    document.body.innerHTML = '<div id="a"></div>';
    const { m } = setup();
    await m.sync([
      { id: 'r', type: 'referral-card', mount: { selector: '#a' } },
      { id: 'p', type: 'coupon-popup' },
    ]);
    await m.sync([{ id: 'r', type: 'referral-card', mount: { selector: '#a' } }]);
    expect(document.querySelector('nudge-coupon-popup')).toBeNull();
    document.body.innerHTML = '<div id="a"></div>';
    await m.sync([{ id: 'r', type: 'referral-card', mount: { selector: '#a' } }]);
    expect(document.querySelectorAll('nudge-referral-card')).toHaveLength(1);
  });
  it('without a selector, fills the page slot named by widget id, else by type', async () => {
    document.body.innerHTML = '<div data-nudge-slot="stock-banner"></div><div data-nudge-slot="promo refer"></div>';
    const { m } = setup();
    await m.sync([
      { id: 'refer', type: 'referral-card' },
      { id: 'stock', type: 'stock-banner' },
      { id: 'other', type: 'referral-card' },
    ]);
    expect(
      document.querySelector('[data-nudge-slot="promo refer"]')!.firstElementChild!.getAttribute('widget-id'),
    ).toBe('refer');
    expect(
      document.querySelector('[data-nudge-slot="stock-banner"]')!.firstElementChild!.getAttribute('widget-id'),
    ).toBe('stock');
    expect(
      m
        .mounted()
        .map((x) => x.id)
        .sort(),
    ).toEqual(['refer', 'stock']);
  });
  it('leaves a hand-placed element with the same widget id alone', async () => {
    document.body.innerHTML = '<nudge-coupon-popup widget-id="p"></nudge-coupon-popup>';
    const { m } = setup();
    await m.sync([{ id: 'p', type: 'coupon-popup' }]);
    expect(document.querySelectorAll('nudge-coupon-popup')).toHaveLength(1);
    expect(m.mounted()).toEqual([]);
  });
  it('a widget that throws is removed and reported; window.onerror never sees it; others still mount', async () => {
    const seen: unknown[] = [];
    window.onerror = (e) => {
      seen.push(e);
      return false;
    };
    const { m, errors } = setup();
    await m.sync([
      { id: 'bar', type: 'buy-bar' },
      { id: 'p', type: 'coupon-popup' },
    ]);
    window.onerror = null;
    expect(seen).toEqual([]);
    expect(errors.map(([id, e]) => [id, (e as Error).message])).toEqual([['bar', 'widget bug']]);
    expect(document.querySelector('nudge-buy-bar')).toBeNull();
    expect(document.querySelector('nudge-coupon-popup')).not.toBeNull();
  });
  it('a chunk that fails to load is reported, not thrown', async () => {
    const errors: string[] = [];
    const m = createMounter({
      doc: document,
      load: async () => {
        throw new Error('offline');
      },
      onError: (s) => errors.push(s.id),
    });
    await m.sync([{ id: 'p', type: 'coupon-popup' }]);
    await m.sync([{ id: 'p', type: 'coupon-popup' }]);
    expect(errors).toEqual(['p']); // reported once, not retried on every sync
    expect(document.querySelector('nudge-coupon-popup')).toBeNull();
  });
});

describe('safe element class', () => {
  it('catches errors from a Lit-style update and hands them over with the element', async () => {
    class Updates extends HTMLElement {
      connectedCallback() {
        queueMicrotask(() => this.update());
      }
      update() {
        throw new Error('render bug');
      }
    }
    const caught: [string, string][] = [];
    const seen: unknown[] = [];
    window.onerror = (e) => {
      seen.push(e);
    };
    defineSafely('nudge-probe-update', { Updates }, (el, e) => caught.push([el.localName, (e as Error).message]));
    document.body.append(document.createElement('nudge-probe-update'));
    await new Promise((r) => setTimeout(r, 0));
    window.onerror = null;
    expect(caught).toEqual([['nudge-probe-update', 'render bug']]);
    expect(seen).toEqual([]);
  });
  it('keeps a definition the page already made and rejects a module with no element class', () => {
    class Mine extends HTMLElement {}
    customElements.define('nudge-probe-mine', Mine);
    defineSafely('nudge-probe-mine', { Other: class extends HTMLElement {} }, () => {});
    expect(customElements.get('nudge-probe-mine')).toBe(Mine);
    expect(() => defineSafely('nudge-probe-none', { x: 1 }, () => {})).toThrow(/no custom element class/);
    // a page whose customElements.define does nothing
    const silent = { get: () => undefined, define: () => {} } as unknown as CustomElementRegistry;
    expect(() => defineSafely('nudge-probe-silent', { Plain }, () => {}, silent)).toThrow(
      /page blocked the definition/,
    );
  });
});

describe('a slot whose widget has nothing to show (issue 18)', () => {
  const page = (slotTop: number) => {
    document.body.innerHTML = `<style>.has nudge-referral-card{display:block;height:40px}</style><div style="height:${slotTop}px"></div><div id="slot" data-nudge-slot="referral-card" style="min-height:220px"></div><p id="after">after</p>`;
    return document.getElementById('slot')!;
  };
  const shifts: number[] = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) shifts.push((e as unknown as { value: number }).value);
  }).observe({ type: 'layout-shift' });
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

  it('gives its reserved space back when it was never on screen, and shifts nothing', async () => {
    const slot = page(innerHeight + 400);
    await frame();
    const before = shifts.length;
    await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
    expect(slot.querySelector('nudge-referral-card')).not.toBeNull();
    // given back at the widget's first layout, before that frame is painted
    await frame();
    expect([slot.getBoundingClientRect().height, slot.hasAttribute('data-nudge-empty')]).toEqual([0, true]);
    await frame();
    expect(shifts.slice(before)).toEqual([]);
    // A widget that has something to show later still gets its room: the slot follows the widget's height.
    slot.classList.add('has');
    expect(slot.getBoundingClientRect().height).toBe(40);
  });

  it('keeps the space of a slot the visitor has seen (on screen, after the first paint): no layout shift', async () => {
    const slot = page(10);
    await frame();
    const before = shifts.length;
    await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
    await frame();
    expect([slot.getBoundingClientRect().height, slot.hasAttribute('data-nudge-empty')]).toEqual([220, false]);
    expect(shifts.slice(before)).toEqual([]);
  });

  it('on a page whose ResizeObserver throws, gives the space back at once and still places the widgets after it', async () => {
    const slot = page(innerHeight + 400);
    document.body.insertAdjacentHTML('beforeend', '<div id="box"></div>');
    const RO = window.ResizeObserver;
    window.ResizeObserver = class {
      constructor() {
        throw new Error('this theme broke ResizeObserver');
      }
    } as unknown as typeof ResizeObserver;
    try {
      const { m, errors } = setup();
      await m.sync([
        { id: 'ref', type: 'referral-card' },
        { id: 'stock', type: 'stock-banner', mount: { selector: '#box', position: 'append' } },
      ]);
      expect([
        slot.hasAttribute('data-nudge-empty'),
        document.querySelector('#box nudge-stock-banner') !== null,
      ]).toEqual([true, true]);
      expect(errors).toEqual([]);
    } finally {
      window.ResizeObserver = RO;
    }
  });

  it('a page that broke the sizes it reads gets no uncaught error from the check at first layout', async () => {
    const slot = page(innerHeight + 400);
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => {
      errors.push(e.error);
      e.preventDefault();
    };
    window.addEventListener('error', onError);
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (this.localName === 'nudge-referral-card') throw new Error('this theme broke getBoundingClientRect');
      return rect.call(this);
    };
    try {
      await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
      await frame();
      expect([errors, slot.querySelector('nudge-referral-card') !== null]).toEqual([[], true]);
    } finally {
      Element.prototype.getBoundingClientRect = rect;
      window.removeEventListener('error', onError);
    }
  });

  it('leaves a slot alone whose widget left before its first layout (SPA page change, schedule)', async () => {
    const slot = page(innerHeight + 400);
    const { m } = setup();
    await m.sync([{ id: 'ref', type: 'referral-card' }]);
    m.hide('ref');
    await frame();
    expect([slot.getBoundingClientRect().height, slot.hasAttribute('data-nudge-empty')]).toEqual([220, false]);
  });

  it('keeps an on-screen slot while its paint entry is not reported yet (a frame may already show it)', async () => {
    const slot = page(10);
    await frame();
    const before = shifts.length;
    const entries = performance.getEntriesByType;
    performance.getEntriesByType = () => [];
    try {
      await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
      await frame();
    } finally {
      performance.getEntriesByType = entries;
    }
    expect([slot.getBoundingClientRect().height, slot.hasAttribute('data-nudge-empty')]).toEqual([220, false]);
    expect(shifts.slice(before)).toEqual([]);
  });

  it('keeps the space of a widget that shows something, and of a slot with the page’s own markup', async () => {
    const slot = page(innerHeight + 400);
    slot.classList.add('has');
    await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
    await frame();
    expect([slot.getBoundingClientRect().height, slot.hasAttribute('data-nudge-empty')]).toEqual([220, false]);
    const other = page(innerHeight + 400);
    other.innerHTML = '<p>Invite friends</p>';
    await setup().m.sync([{ id: 'ref', type: 'referral-card' }]);
    await frame();
    expect(other.hasAttribute('data-nudge-empty')).toBe(false);
  });
});
