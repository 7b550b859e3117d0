// Browser-test helpers shared by the widget tests: axe-core through shadow DOM, a layout-shift meter, frame waits.
import { checkEventProps } from '@nudge/core/spec';
import axe from 'axe-core';
import { afterEach, expect, vi } from 'vitest';
import { cdp, page } from 'vitest/browser';

/** Events a fake runtime received that the collector would refuse (checked after each test of a file using it). */
const wireErrors: string[] = [];
afterEach(() => expect(wireErrors.splice(0), 'events the widgets sent that break the wire contract').toEqual([]));

/**
 * A fake runtime's `track`: records each call in `calls` and checks it against the wire contract (@nudge/core/spec),
 * so an event the collector would store as a nudge_error fails the test. (A throw here would be swallowed: widgets
 * guard their own track calls.)
 */
export const checkedTrack =
  (calls: { push(call: [string, Record<string, unknown> | undefined]): unknown }) =>
  (name: string, props?: Record<string, unknown>): void => {
    const bad = checkEventProps(name, props ?? {});
    if (bad) wireErrors.push(`${name}: ${bad.path}: ${bad.message}`);
    calls.push([name, props]);
  };

/** Runs axe-core on `el` (open shadow roots included) and returns one line per violated rule and node. */
export async function axeViolations(el: Element): Promise<string[]> {
  // Colours are only final once entry animations have run.
  const running = [...document.getAnimations(), ...(el.shadowRoot?.getAnimations() ?? [])];
  await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  const r = await axe.run(el, { resultTypes: ['violations'] });
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary ?? ''}`));
}

/**
 * Resolves once everything changed so far has been painted: the second frame's callback runs after the first frame
 * was laid out and painted, which is when Chromium records its layout shifts. Under CPU load that can be much later
 * than `updateComplete`, so a meter started before this would be charged for changes made before it started.
 */
export async function painted(): Promise<void> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

/** Waits for two frames and a little more, so layout-shift entries and transitions are delivered. */
export async function settle(ms = 50): Promise<void> {
  await painted();
  await new Promise((r) => setTimeout(r, ms));
}

/** Resizes the test frame and returns once the new size is in effect and painted (a later reflow would be a shift). */
export async function viewport(width: number, height: number): Promise<void> {
  await page.viewport(width, height);
  await vi.waitFor(() => expect([innerWidth, innerHeight]).toEqual([width, height]));
  await painted();
}

interface ShiftEntry extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
  sources?: { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
}

const rect = (r: DOMRectReadOnly) => `${r.x},${r.y} ${r.width}x${r.height}`;
const nodeName = (n: Node | null | undefined) =>
  n instanceof Element ? n.outerHTML.slice(0, 80) : String(n?.nodeName);

/**
 * Sums `layout-shift` entries (CLS contributions) painted from now until `stop()`. Start it on a painted page
 * (`await painted()` after the setup) or it also counts setup changes still waiting for a frame.
 * `nodes()` names what moved; `report()` gives every entry with its time, input flag and the sources' rects.
 */
export function layoutShiftMeter(): { value(): number; nodes(): string[]; report(): string; stop(): void } {
  const entries: ShiftEntry[] = [];
  const started = performance.now();
  const po = new PerformanceObserver((list) => entries.push(...(list.getEntries() as ShiftEntry[])));
  po.observe({ type: 'layout-shift' });
  const all = () => [...entries, ...(po.takeRecords() as ShiftEntry[])];
  return {
    value: () => all().reduce((s, e) => s + e.value, 0),
    nodes: () => all().flatMap((e) => (e.sources ?? []).map((s) => nodeName(s.node))),
    report: () =>
      all()
        .map((e) => {
          const head = `shift ${e.value} at +${Math.round(e.startTime - started)}ms${e.hadRecentInput ? ' (after input)' : ''} viewport ${innerWidth}x${innerHeight}`;
          return [
            head,
            ...(e.sources ?? []).map((s) => `  ${nodeName(s.node)}: ${rect(s.previousRect)} -> ${rect(s.currentRect)}`),
          ].join('\n');
        })
        .join('\n'),
    stop: () => po.disconnect(),
  };
}

/** A scrollable page with text around the widget, so any shift Nudge causes would be measurable. */
export function pageWithContent(lang = 'en'): HTMLElement {
  document.documentElement.lang = lang;
  const main = document.createElement('main');
  main.innerHTML = `<h1>Shop</h1>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. 商品介绍文字。</p>'.repeat(60)}`;
  document.body.append(main);
  return main;
}

/** Saves a viewport-sized screenshot to test/screenshots/ (the page is clipped to the viewport first). */
export async function screenshot(
  name: string,
  shoot: (o: { path: string; element: Element }) => Promise<unknown>,
): Promise<void> {
  const html = document.documentElement;
  const prev = html.style.cssText;
  document.body.style.height = `${innerHeight}px`;
  document.body.style.overflow = 'hidden';
  document.body.style.margin = '0';
  await settle();
  await shoot({ path: `${SHOTS}/${name}.png`, element: document.body });
  html.style.cssText = prev;
  document.body.removeAttribute('style');
  await painted(); // the page is back to its own layout before the test measures anything again
}
/** Relative to the test file (vitest resolves screenshot paths against it); every widget folder is 4 levels deep. */
const SHOTS = '../../../../test/screenshots';

/** Emulates CSS media features through the Chrome DevTools Protocol; `reducedMotion(false)` clears the override. */
export async function reducedMotion(on: boolean): Promise<void> {
  const session = cdp() as unknown as { send(method: string, params: object): Promise<unknown> };
  await session.send('Emulation.setEmulatedMedia', {
    features: on ? [{ name: 'prefers-reduced-motion', value: 'reduce' }] : [],
  });
}
