// Browser-test helpers for the stock banner and buy bar: layout-shift capture, axe, reduced motion, screenshots.
import axe from 'axe-core';
import { cdp } from 'vitest/browser';

/** Waits for `n` rendered frames, so layout, paint and observers have all run. */
export const frames = (n = 2) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(n);
  });

interface LayoutShift extends PerformanceEntry { value: number }

/** Sum of `layout-shift` entries Chromium records while `fn` runs (and for a few frames after). */
export async function layoutShift(fn: () => unknown | Promise<unknown>): Promise<number> {
  let total = 0;
  const add = (entries: PerformanceEntryList) => { for (const e of entries) total += (e as LayoutShift).value; };
  const po = new PerformanceObserver((list) => add(list.getEntries()));
  po.observe({ type: 'layout-shift' });
  await frames(2);
  await fn();
  await frames(4);
  add(po.takeRecords());
  po.disconnect();
  return total;
}

/** axe-core violations inside `el` (shadow DOM included), as readable strings. */
export async function axeViolations(el: Element): Promise<string[]> {
  const r = await axe.run(el, { resultTypes: ['violations'] });
  return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Turns Chromium's prefers-reduced-motion emulation on or off for the test page. */
export async function reducedMotion(on: boolean): Promise<void> {
  const session = cdp() as unknown as { send(method: string, params?: object): Promise<unknown> };
  await session.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: on ? 'reduce' : '' }] });
}

/** Where screenshots go (relative to a test file two folders below packages/widgets/src): test/screenshots/. */
export const shot = (name: string) => `../../../../test/screenshots/${name}.png`;
