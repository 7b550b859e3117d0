import { $cart, $product } from '@nudge/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startAutoTrack, type AutoTrackConfig } from './autotrack.js';
import { LEFT_CLICKS, type LeftClick } from './left-clicks.js';
import { installStub, takeClicks, type NudgeStub } from './stub.js';

type Sent = [name: string, props: Record<string, unknown>];

const page = () => {
  document.body.innerHTML = `<button id="add">Add</button><a id="checkout" href="#"><span>Checkout</span></a><p id="other">x</p>
<nudge-buy-bar></nudge-buy-bar>`;
  // The bar (an undefined element is enough here) clicks the page's main button from inside its own click, as the real one does.
  const bar = document.querySelector('nudge-buy-bar')!.attachShadow({ mode: 'open' });
  bar.innerHTML = '<button>Buy</button>';
  bar.querySelector('button')!.addEventListener('click', () => document.getElementById('add')!.click());
  return {
    barButton: bar.querySelector('button')!,
    click: (sel: string) => document.querySelector<HTMLElement>(sel)!.click(),
  };
};
const sdk = (sent: Sent[]) => ({
  track: (name: string, props: Record<string, unknown>) => {
    sent.push([name, props]);
  },
});
const selectors: AutoTrackConfig = { addToCart: '#add', beginCheckout: '#checkout' };
let stop: (() => void) | undefined;
let stub: NudgeStub | undefined;

afterEach(() => {
  stop?.();
  takeClicks(stub, document);
  document.body.innerHTML = '';
  $product.set(null);
  $cart.set(null);
  sessionStorage.clear();
});

describe('auto-tracking', () => {
  it('sends add_to_cart with the page product and begin_checkout with the cart; other clicks send nothing', () => {
    const { click } = page();
    $product.set({ sku: 'TEA-1', name: 'Oolong', price: 12.5, currency: 'USD' });
    $cart.set({ value: 40, currency: 'USD', items: 1 });
    const sent: Sent[] = [];
    const items = [{ item_id: 'TEA-1', quantity: 2 }];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => items,
    );
    click('#add');
    click('#checkout span');
    click('#other');
    expect(sent).toEqual([
      [
        'add_to_cart',
        {
          currency: 'USD',
          value: 12.5,
          items: [{ item_id: 'TEA-1', item_name: 'Oolong', price: 12.5, quantity: 1 }],
          source: 'auto',
        },
      ],
      ['begin_checkout', { value: 40, currency: 'USD', items, source: 'auto' }],
    ]);
  });

  it("add_to_cart counts the quantity the shopper chose: the form field named quantity or qty, else the page's only one", () => {
    $product.set({ sku: 'TEA-1', price: 12.5, currency: 'USD' });
    document.body.innerHTML = `<input name="quantity" value="5">
<form><select name="qty"><option>1</option><option selected>3</option></select><button id="in-form" type="button"><b>Add</b></button></form>
<button id="add">Add</button>`;
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => ({ addToCart: '#in-form, #add' }),
      sdk(sent),
      () => [],
    );
    document.querySelector<HTMLElement>('#in-form b')!.click();
    document.querySelector<HTMLElement>('#add')!.click(); // two fields on the page: neither is surely this one's
    document.querySelector('form')!.remove();
    document.querySelector<HTMLElement>('#add')!.click(); // the page's only one
    document.querySelector('input')!.value = '2.5'; // not a whole number: 1
    document.querySelector<HTMLElement>('#add')!.click();
    expect(sent.map(([, p]) => [p.value, (p.items as { quantity: number }[])[0]!.quantity])).toEqual([
      [37.5, 3],
      [12.5, 1],
      [62.5, 5],
      [12.5, 1],
    ]);
  });

  it('sends no begin_checkout for a cart the shop said is empty', () => {
    const { click } = page();
    $cart.set({ value: 0, currency: 'USD', items: 0 });
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => [],
    );
    click('#checkout');
    $cart.set(null); // nothing said about the cart: the click counts
    click('#checkout');
    expect(sent.map(([n, p]) => [n, p.items])).toEqual([['begin_checkout', []]]);
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
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => [],
      () => takeClicks(stub, document),
    );
    expect(sent.map(([n, p]) => [n, p.source, typeof p.replay_delay_ms])).toEqual([
      ['begin_checkout', 'auto', 'number'],
      ['add_to_cart', 'auto', 'number'],
    ]);
    expect(sent[1]![1]).toMatchObject({ currency: 'EUR', value: 5, items: [{ item_id: 'TEA-2' }] });
    expect(sent[0]![1].replay_delay_ms).toBeGreaterThanOrEqual(0);
    // The recorder is gone: the next click is seen by the real listener only.
    click('#checkout');
    expect(stub.c).toEqual([]);
    expect(sent.map(([n, p]) => [n, 'replay_delay_ms' in p])).toEqual([
      ['begin_checkout', true],
      ['add_to_cart', true],
      ['begin_checkout', false],
    ]);
  });

  it('does not count the buy bar’s click on the main button, recorded early or live, but counts the shopper’s own', async () => {
    const { barButton, click } = page();
    stub = installStub({ document } as { nudge?: unknown; document: Document });
    barButton.click();
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => [],
      () => takeClicks(stub, document),
    );
    expect(sent).toEqual([]);
    barButton.click();
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    click('#add');
    expect(sent.map(([n]) => n)).toEqual(['add_to_cart']);
  });

  it('reads the selectors at each click (config changes apply), and a broken selector breaks nothing', () => {
    const { click } = page();
    // eslint-disable-next-line prefer-const -- reassigned below; the rule misreads the closure that reads it
    let cfg: AutoTrackConfig | undefined;
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => cfg,
      sdk(sent),
      () => [],
    );
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

  it("sends once, before this page's own clicks, what an earlier page left: its path and age, this page's cart, no product", () => {
    const { click } = page();
    stub = installStub({ document } as { nudge?: unknown; document: Document });
    click('#checkout');
    const then = Date.now() - 1500;
    const left: LeftClick[] = [
      [0, then, '/en/tea/oolong'],
      [1, then + 500, '/en/cart'],
    ];
    sessionStorage.setItem(`${LEFT_CLICKS}shop`, JSON.stringify(left));
    sessionStorage.setItem(`${LEFT_CLICKS}other-site`, JSON.stringify(left));
    // The product on this page is not the one added on the other page: add_to_cart does not claim it.
    $product.set({ sku: 'TEA-9', price: 9, currency: 'USD' });
    $cart.set({ value: 64, currency: 'USD', items: 1 });
    const items = [{ item_id: 'TEA-OOL-150', quantity: 2 }];
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => items,
      () => takeClicks(stub, document),
      'shop',
    );
    expect(sent.map(([n, p]) => [n, p.replayed_from])).toEqual([
      ['add_to_cart', '/en/tea/oolong'],
      ['begin_checkout', '/en/cart'],
      ['begin_checkout', undefined],
    ]);
    expect(sent[0]![1]).toMatchObject({ source: 'auto', items: [] });
    expect(sent[1]![1]).toMatchObject({ source: 'auto', value: 64, currency: 'USD', items });
    expect(sent[0]![1].replay_delay_ms).toBeGreaterThanOrEqual(1500);
    expect(sent[1]![1].replay_delay_ms).toBeGreaterThanOrEqual(1000);
    expect(sessionStorage.getItem(`${LEFT_CLICKS}shop`)).toBeNull();
    // Another site's auto-tracking on this origin has its own.
    expect(sessionStorage.getItem(`${LEFT_CLICKS}other-site`)).not.toBeNull();
    // Read once: auto-tracking started again (another page view of the tab) finds nothing.
    stop();
    const again: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(again),
      () => items,
      () => [],
      'shop',
    );
    expect(again).toEqual([]);
  });

  it('something in the key that is not ours is cleared and breaks nothing', () => {
    const { click } = page();
    sessionStorage.setItem(`${LEFT_CLICKS}shop`, '{"not":"ours"');
    const sent: Sent[] = [];
    stop = startAutoTrack(
      document,
      () => selectors,
      sdk(sent),
      () => [],
      () => [],
      'shop',
    );
    expect(sessionStorage.getItem(`${LEFT_CLICKS}shop`)).toBeNull();
    click('#checkout');
    expect(sent.map(([n]) => n)).toEqual(['begin_checkout']);
  });
});
