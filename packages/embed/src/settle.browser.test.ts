import { afterEach, describe, expect, it } from 'vitest';
import { followRender } from './settle.js';

const sig = () =>
  [...document.querySelectorAll('script[type="application/ld+json"]')].map((n) => n.textContent).join('|');
const ld = (sku: string) => {
  const s = document.createElement('script');
  s.type = 'application/ld+json';
  s.textContent = JSON.stringify({ '@type': 'Product', sku });
  return s;
};
const frames = (n = 3) =>
  new Promise<void>((r) => {
    const step = (k: number) => (k ? requestAnimationFrame(() => step(k - 1)) : r());
    step(n);
  });

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.replaceChildren();
});

describe('followRender', () => {
  it('reports the product when the route replaces the old markup, however late it renders; other changes only fill slots', async () => {
    const root = document.createElement('main');
    root.append(ld('OLD'));
    document.body.append(root);
    const calls: boolean[] = [];
    stop = followRender(document, sig, sig(), (p) => calls.push(p));
    await frames(); // the check at start: nothing rendered yet
    root.append(document.createElement('p')); // the route's shell renders first: a change, but not the product yet
    await frames();
    expect(calls).toEqual([false, false]);
    await new Promise((r) => setTimeout(r, 300)); // data arrives later than any fixed guess would wait
    root.replaceChildren(ld('NEW'));
    await frames();
    expect(calls).toEqual([false, false, true]);
    root.append(document.createElement('div')); // later changes only fill slots
    await frames();
    expect(calls).toEqual([false, false, true, false]);
  });

  it('an app that rendered before the module arrived is read at the first check; old markup removed, then new, is read twice', async () => {
    document.body.append(ld('OLD'));
    const before = sig();
    document.body.replaceChildren(ld('NEW')); // rendered synchronously after pushState
    const calls: boolean[] = [];
    stop = followRender(document, sig, before, (p) => calls.push(p));
    await frames();
    expect(calls).toEqual([true]);
    document.body.replaceChildren(); // the next route clears the page first...
    await frames();
    document.body.append(ld('NEXT')); // ...then renders its product
    await frames();
    expect(calls).toEqual([true, true, true]);
  });

  it('reports the product at the end when the markup never changes (same product, or none as before)', async () => {
    document.body.append(ld('SAME'));
    const calls: boolean[] = [];
    stop = followRender(document, sig, sig(), (p) => calls.push(p), 150);
    await new Promise((r) => setTimeout(r, 250));
    expect(calls).toEqual([false, true]); // the check at start, then the read at the end
  });

  it('stops when asked: the next navigation ends the previous wait', async () => {
    const calls: boolean[] = [];
    followRender(document, sig, sig(), (p) => calls.push(p), 100)();
    document.body.append(ld('LATE'));
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toEqual([]);
  });
});
