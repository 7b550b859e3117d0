import { $cart, $product } from '@nudge/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startAutoTrack, type AutoTrackConfig } from './autotrack.js';
import { installStub, takeClicks, type NudgeStub } from './stub.js';

type Sent = [name: string, props: Record<string, unknown>];

const page = () => {
  document.body.innerHTML = `<button id="add">Add</button><a id="checkout" href="#"><span>Checkout</span></a><p id="other">x</p>
<nudge-buy-bar></nudge-buy-bar>`;
  // The bar (an undefined element is enough here) clicks the page's main button from inside its own click, as the real one does.
  const bar = document.querySelector('nudge-buy-bar')!.attachShadow({ mode: 'open' });
  bar.innerHTML = '<button>Buy</button>';
  bar.querySelector('button')!.addEventListener('click', () => document.getElementById('add')!.click());
  return { barButton: bar.querySelector('button')!, click: (sel: string) => document.querySelector<HTMLElement>(sel)!.click() };
};
const sdk = (sent: Sent[]) => ({ track: (name: string, props: Record<string, unknown>) => { sent.push([name, props]); } });
const selectors: AutoTrackConfig = { addToCart: '#add', beginCheckout: '#checkout' };
let stop: (() => void) | undefined;
let stub: NudgeStub | undefined;

afterEach(() => {
  stop?.();
  takeClicks(stub, document);
  document.body.innerHTML = '';
  $product.set(null);
  $cart.set(null);
});

describe('auto-tracking', () => {
  it('sends add_to_cart with the page product and begin_checkout with the cart; other clicks send nothing', () => {
    const { click } = page();
    $product.set({ sku: 'TEA-1', name: 'Oolong', price: 12.5, currency: 'USD' });
    $cart.set({ value: 40, currency: 'USD', items: 1 });
    const sent: Sent[] = [];
    const items = [{ item_id: 'TEA-1', quantity: 2 }];
    stop = startAutoTrack(document, () => selectors, sdk(sent), () => items);
    click('#add');
    click('#checkout span');
    click('#other');
    expect(sent).toEqual([
      ['add_to_cart', { currency: 'USD', value: 12.5, items: [{ item_id: 'TEA-1', item_name: 'Oolong', price: 12.5, quantity: 1 }], source: 'auto' }],
      ['begin_checkout', { value: 40, currency: 'USD', items, source: 'auto' }],
    ]);
  });

  it('replays the clicks the stub recorded before it started, once, and takes over live from then on', () => {
    const { click } = page();
    stub = installStub({ document } as { nudge?: unknown; document: Document });
    click('#checkout span');
    click('#other');
    click('#add');
    // What the shop knew by the time Nudge was ready is what the replayed events carry.
    $product.set({ sku: 'TEA-2', price: 5, currency: 'EUR' });
    const sent: Sent[] = [];
    stop = startAutoTrack(document, () => selectors, sdk(sent), () => [], () => takeClicks(stub, document));
    expect(sent.map(([n, p]) => [n, p.source, typeof p.replay_delay_ms])).toEqual([['begin_checkout', 'auto', 'number'], ['add_to_cart', 'auto', 'number']]);
    expect(sent[1]![1]).toMatchObject({ currency: 'EUR', value: 5, items: [{ item_id: 'TEA-2' }] });
    expect(sent[0]![1].replay_delay_ms).toBeGreaterThanOrEqual(0);
    // The recorder is gone: the next click is seen by the real listener only.
    click('#checkout');
    expect(stub.c).toEqual([]);
    expect(sent.map(([n, p]) => [n, 'replay_delay_ms' in p])).toEqual([['begin_checkout', true], ['add_to_cart', true], ['begin_checkout', false]]);
  });

  it('does not count the buy bar’s click on the main button, recorded early or live, but counts the shopper’s own', async () => {
    const { barButton, click } = page();
    stub = installStub({ document } as { nudge?: unknown; document: Document });
    barButton.click();
    const sent: Sent[] = [];
    stop = startAutoTrack(document, () => selectors, sdk(sent), () => [], () => takeClicks(stub, document));
    expect(sent).toEqual([]);
    barButton.click();
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    click('#add');
    expect(sent.map(([n]) => n)).toEqual(['add_to_cart']);
  });

  it('reads the selectors at each click (config changes apply), and a broken selector breaks nothing', () => {
    const { click } = page();
    let cfg: AutoTrackConfig | undefined;
    const sent: Sent[] = [];
    stop = startAutoTrack(document, () => cfg, sdk(sent), () => []);
    click('#add');
    cfg = { addToCart: '#other', beginCheckout: '[[broken' };
    click('#add');
    click('#checkout');
    click('#other');
    expect(sent.map(([n]) => n)).toEqual(['add_to_cart']);
    stop();
    click('#other');
    expect(sent).toHaveLength(1);
  });
});
