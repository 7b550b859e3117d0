// Places configured widgets on the page: inline ones at mount.selector/position, overlays on body; never twice.
import { nextTask } from '@nudge/core';

export type WidgetType = 'coupon-popup' | 'stock-banner' | 'referral-card' | 'buy-bar';
export type MountPosition = 'before' | 'after' | 'prepend' | 'append';

export interface WidgetSpec {
  id: string;
  type: WidgetType;
  mount?: { selector: string; position?: MountPosition } | undefined;
}

export interface Mounted {
  id: string;
  type: WidgetType;
  el: HTMLElement;
  anchor: Element;
}

export interface MounterOptions {
  doc: Document;
  /** Loads and defines the custom element for a type. */
  load(type: WidgetType): Promise<unknown>;
  /** A widget failed to load, mount or render; it has been removed. */
  onError(spec: WidgetSpec, error: unknown): void;
  /** Extra attributes for a new element (config props applied later by the widget win over them). */
  attributes?(spec: WidgetSpec, anchor: Element): Record<string, string>;
  /** Told when an inline widget's selector matches nothing on this page (not an error: SPA pages differ). */
  onSkip?(spec: WidgetSpec, reason: string): void;
}

/** Overlays float above the page and never take layout space, so they need no anchor. */
export const OVERLAY_TYPES: ReadonlySet<WidgetType> = new Set(['coupon-popup', 'buy-bar']);
export const tagFor = (type: WidgetType) => `nudge-${type}` as const;

/** Where a widget goes: its anchor element and the insertAdjacentElement position, or why it cannot go anywhere. */
export function resolvePlacement(
  doc: Document,
  spec: WidgetSpec,
): { anchor: Element; where: InsertPosition } | { skip: string } {
  if (OVERLAY_TYPES.has(spec.type) && !spec.mount?.selector) {
    // The buy bar's place in the document is its place in the tab order: after the main content, before the footer.
    const footer = spec.type === 'buy-bar' ? doc.querySelector('body > footer, body > [role="contentinfo"]') : null;
    return footer ? { anchor: footer, where: 'beforebegin' } : { anchor: doc.body, where: 'beforeend' };
  }
  if (!spec.mount?.selector) {
    // No selector in config: the page's own slot for this widget id, else for this widget type.
    const slot = Array.from(doc.querySelectorAll('[data-nudge-slot]'));
    const words = (e: Element) => (e.getAttribute('data-nudge-slot') ?? '').split(/\s+/);
    const anchor = slot.find((e) => words(e).includes(spec.id)) ?? slot.find((e) => words(e).includes(spec.type));
    if (anchor) return { anchor, where: 'beforeend' };
    return {
      skip: `inline widget "${spec.id}" has no mount.selector and the page has no data-nudge-slot="${spec.type}"`,
    };
  }
  let anchor: Element | null;
  try {
    anchor = doc.querySelector(spec.mount.selector);
  } catch {
    return { skip: `mount.selector of "${spec.id}" is not a valid CSS selector: ${spec.mount.selector}` };
  }
  if (!anchor) return { skip: `mount.selector of "${spec.id}" matches nothing on this page: ${spec.mount.selector}` };
  const where: Record<MountPosition, InsertPosition> = {
    before: 'beforebegin',
    after: 'afterend',
    prepend: 'afterbegin',
    append: 'beforeend',
  };
  return { anchor, where: where[spec.mount.position ?? 'append'] };
}

/**
 * True where a change of the slot's height moves nothing anyone sees: the slot lies wholly below the viewport, or the
 * page has never been on screen (a tab opened in the background renders no frame, so it has no paint entry). A missing
 * paint entry alone does not mean "not painted yet": it is reported once the frame is presented, after the browser may
 * have laid out frames with the slot in them, and a collapse then counts as a layout shift (a user test saw 0.12).
 */
const unseen = (doc: Document, win: Window, box: DOMRect) =>
  box.top >= win.innerHeight ||
  (doc.visibilityState === 'hidden' && !win.performance?.getEntriesByType?.('paint').length);

/**
 * A page's slot reserves the widget's height so it can appear without moving anything; when the widget's first render
 * shows nothing (a referral card for a visitor without a code, stale stock figures), that reservation is a blank (220
 * px on the demo's home page). It is given back where no one sees the page move (`unseen`: below the viewport, or a tab
 * never on screen). A slot that may have been on screen keeps its space, so Nudge shifts nothing. Inline style beats
 * the page's stylesheet; the slot then takes the widget's own height, so a widget that later has something to show
 * still gets its room.
 */
export function releaseEmptySlot(doc: Document, el: HTMLElement, anchor: Element): boolean {
  const win = doc.defaultView;
  if (!win || !anchor.hasAttribute('data-nudge-slot') || !anchor.contains(el)) return false;
  // The slot's other children (a merchant's fallback markup) are the page's business, not an empty widget.
  if (anchor.children.length !== 1 || el.getBoundingClientRect().height > 0) return false;
  if (!unseen(doc, win, anchor.getBoundingClientRect())) return false;
  const style = (anchor as HTMLElement).style;
  style.setProperty('min-height', '0px', 'important');
  style.setProperty('height', 'auto', 'important');
  anchor.setAttribute('data-nudge-empty', '');
  return true;
}

/**
 * releaseEmptySlot at the widget's first layout: a ResizeObserver's first callback comes after the browser's own layout
 * and before its paint, so the sizes it reads cost nothing. Read right after the widget's render they forced a layout
 * of the whole page, 7-17 ms per widget on a 4x slower CPU (issue 17). Without a working ResizeObserver, at once.
 */
export function releaseEmptySlotAfterLayout(doc: Document, el: HTMLElement, anchor: Element): void {
  if (!anchor.hasAttribute('data-nudge-slot') || anchor.children.length !== 1) return;
  try {
    const ro = new doc.defaultView!.ResizeObserver(() => {
      ro.disconnect();
      // out of the mounter's task now: a read the page broke must not become an uncaught error in it
      try {
        releaseEmptySlot(doc, el, anchor);
      } catch {}
    });
    ro.observe(el);
  } catch {
    // none, or the page's own broke it: read now rather than stop the widgets placed after this one
    releaseEmptySlot(doc, el, anchor);
  }
}

/**
 * A widget leaving a slot on screen (its schedule ended) must not pull the page up: the slot keeps the height it has
 * now. Where no one sees it (`unseen`, or above the viewport), the slot is left to the page's own CSS.
 */
export function keepSlotHeight(doc: Document, anchor: Element): void {
  const win = doc.defaultView;
  if (!win || !anchor.hasAttribute('data-nudge-slot')) return;
  const box = anchor.getBoundingClientRect();
  if (unseen(doc, win, box) || box.bottom <= 0) return;
  // A rect is scaled by the page's CSS zoom; min-height is not.
  const zoom = (anchor as { currentCSSZoom?: number }).currentCSSZoom || 1;
  (anchor as HTMLElement).style.setProperty('min-height', `${box.height / zoom}px`, 'important');
}

export function createMounter(opts: MounterOptions) {
  const { doc } = opts;
  const mounted = new Map<string, Mounted>();
  let generation = 0;

  // A widget that failed once on this page stays off: retrying on every store change would only repeat the error.
  const failed = new Set<string>();
  const fail = (spec: WidgetSpec, error: unknown) => {
    const m = mounted.get(spec.id);
    m?.el.remove();
    mounted.delete(spec.id);
    if (failed.has(spec.id)) return;
    failed.add(spec.id);
    opts.onError(spec, error);
  };

  const unmount = (id: string) => {
    const m = mounted.get(id);
    if (!m) return;
    mounted.delete(id);
    m.el.remove();
  };

  async function place(spec: WidgetSpec, gen: number, loading: Map<WidgetType, Promise<unknown>>) {
    if (failed.has(spec.id)) return;
    const existing = mounted.get(spec.id);
    if (existing) {
      // Still where we put it: nothing to do. Its anchor left with an SPA page change: put it again.
      if (existing.el.isConnected && existing.anchor.isConnected && existing.type === spec.type) return;
      unmount(spec.id);
    }
    // A developer may have placed the element by hand; the widget id then belongs to them.
    const tag = tagFor(spec.type);
    const byHand = Array.from(doc.querySelectorAll(tag)).some(
      (e) => e.getAttribute('widget-id') === spec.id && !e.hasAttribute('data-nudge-mounted'),
    );
    if (byHand) return;
    const placement = resolvePlacement(doc, spec);
    if ('skip' in placement) return opts.onSkip?.(spec, placement.skip);
    try {
      await loading.get(spec.type);
    } catch (error) {
      return fail(spec, error);
    }
    // A newer sync ran while the chunk loaded; it decides.
    if (gen !== generation || mounted.has(spec.id)) return;
    let el: HTMLElement;
    try {
      el = doc.createElement(tag);
      el.setAttribute('widget-id', spec.id);
      el.setAttribute('data-nudge-mounted', '');
      for (const [k, v] of Object.entries(opts.attributes?.(spec, placement.anchor) ?? {})) el.setAttribute(k, v);
      mounted.set(spec.id, { id: spec.id, type: spec.type, el, anchor: placement.anchor });
      // Callbacks that throw in here are caught by the safe element class and come back through failed().
      placement.anchor.insertAdjacentElement(placement.where, el);
    } catch (error) {
      return fail(spec, error);
    }
    if (mounted.get(spec.id)?.el !== el) return;
    // A constructor that threw leaves an element that never upgraded.
    const ctor = customElements.get(tag);
    if (ctor && !(el instanceof ctor)) return fail(spec, new Error(`<${tag}> failed to upgrade`));
    try {
      await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    } catch (error) {
      if (mounted.get(spec.id)?.el === el) fail(spec, error);
    }
    if (mounted.get(spec.id)?.el === el) releaseEmptySlotAfterLayout(doc, el, placement.anchor);
  }

  return {
    /** Makes the page match the enabled widget list: adds what is missing, removes what is gone. */
    async sync(specs: readonly WidgetSpec[]): Promise<void> {
      const gen = ++generation;
      const wanted = new Set(specs.map((s) => s.id));
      for (const id of [...mounted.keys()]) if (!wanted.has(id)) unmount(id);
      // Every type is loaded (defined) first; the widgets then go in one per task (inline ones first, overlays are
      // not seen until a trigger or a scroll), so their first renders never add up to one long task.
      const loading = new Map<WidgetType, Promise<unknown>>();
      for (const s of specs) {
        if (failed.has(s.id) || mounted.has(s.id) || loading.has(s.type) || 'skip' in resolvePlacement(doc, s))
          continue;
        const p = opts.load(s.type);
        p.catch(() => {}); // handled where it is awaited
        loading.set(s.type, p);
      }
      const ordered = [...specs].sort((a, b) => Number(OVERLAY_TYPES.has(a.type)) - Number(OVERLAY_TYPES.has(b.type)));
      for (const s of ordered) {
        await place(s, gen, loading);
        await nextTask();
      }
    },
    /** Reports a render error raised later (e.g. on a store update) for a mounted element. */
    failed(el: Element, error: unknown): boolean {
      for (const m of mounted.values()) {
        if (m.el === el || m.el.contains(el)) {
          fail({ id: m.id, type: m.type }, error);
          return true;
        }
      }
      return false;
    },
    mounted: (): Mounted[] => [...mounted.values()],
    /** Takes a widget off the page for now (its schedule ended), keeping its slot's height on screen. */
    hide(id: string): void {
      const m = mounted.get(id);
      if (m) keepSlotHeight(doc, m.anchor);
      unmount(id);
    },
    /** Removes everything this mounter put on the page. */
    clear(): void {
      for (const id of [...mounted.keys()]) unmount(id);
    },
  };
}
