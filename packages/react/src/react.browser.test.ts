// @nudge/react in a React 19 page (real Chromium, built by Vite): typed props reach the elements as properties,
// onNudge* props receive the elements' events, a re-render updates them and an unmount removes the listeners.
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { afterEach, expect, it, vi } from 'vitest';
import { NudgeCouponPopup, NudgeReferralCard, NudgeStockBanner } from './index.js';

let root: Root | undefined;
let host: HTMLElement;
const render = (node: React.ReactNode) => {
  host ??= document.body.appendChild(document.createElement('div'));
  root ??= createRoot(host);
  flushSync(() => root!.render(node));
};
afterEach(() => {
  flushSync(() => root?.unmount());
  root = undefined;
  localStorage.clear();
  sessionStorage.clear();
});

const shadowText = (el: Element | null) => el?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

it('runs on React 19', () => expect(React.version).toMatch(/^19\./));

it('the coupon popup: props as properties, onNudgeClaim and onNudgeClose get the typed details', async () => {
  const claims: { code: string; email?: string }[] = [];
  const closes: string[] = [];
  const ref = React.createRef<HTMLElementTagNameMap['nudge-coupon-popup']>();
  const popup = (code: string) =>
    React.createElement(NudgeCouponPopup, {
      ref,
      widgetId: 'welcome',
      code,
      amount: 30,
      threshold: 150,
      currency: 'USD',
      manual: true,
      onNudgeClaim: (e) => claims.push(e.detail),
      onNudgeClose: (e) => closes.push(e.detail.reason),
    });
  render(popup('WELCOME30'));
  const el = ref.current!;
  expect(el.tagName).toBe('NUDGE-COUPON-POPUP');
  // numbers and booleans arrive as properties, not as strings
  expect([el.code, el.amount, el.threshold, el.manual]).toEqual(['WELCOME30', 30, 150, true]);
  render(popup('SPRING10'));
  expect(el.code).toBe('SPRING10');
  el.show();
  await vi.waitFor(() => expect(el.shadowRoot!.querySelector('dialog[open]')).not.toBeNull());
  (el.shadowRoot!.querySelector('[part~=cta]') as HTMLButtonElement).click();
  await vi.waitFor(() => expect(claims).toEqual([{ code: 'SPRING10' }]));
  (el.shadowRoot!.querySelector('[part~=close]') as HTMLButtonElement).click();
  await vi.waitFor(() => expect(closes).toHaveLength(1));
});

it('the stock banner renders the figures it is given', async () => {
  const shows: Record<string, unknown>[] = [];
  const ref = React.createRef<HTMLElementTagNameMap['nudge-stock-banner']>();
  render(
    React.createElement(NudgeStockBanner, {
      ref,
      stock: 3,
      lowStockThreshold: 5,
      asOf: new Date().toISOString(),
      source: 'erp',
      onNudgeShow: (e) => shows.push(e.detail),
    }),
  );
  await vi.waitFor(() => expect(shadowText(ref.current)).toContain('3'));
  await vi.waitFor(() => expect(shows.length).toBe(1));
});

it('a re-render with a new handler replaces the old one, and without one nothing is called', async () => {
  const first: unknown[] = [];
  const second: unknown[] = [];
  const ref = React.createRef<HTMLElementTagNameMap['nudge-referral-card']>();
  const card = (onNudgeCopy?: (e: CustomEvent<{ code?: string; url?: string }>) => void) =>
    React.createElement(NudgeReferralCard, {
      ref,
      code: 'ANN10',
      url: 'https://shop.example/',
      inviterReward: '$10',
      friendReward: '15% off',
      ...(onNudgeCopy ? { onNudgeCopy } : {}),
    });
  const copy = (url: string) =>
    ref.current!.dispatchEvent(new CustomEvent('nudge-copy', { detail: { url }, bubbles: true, composed: true }));
  render(card((e) => first.push(e.detail)));
  copy('a');
  render(card((e) => second.push(e.detail)));
  copy('b');
  render(card());
  copy('c');
  expect([first, second]).toEqual([[{ url: 'a' }], [{ url: 'b' }]]);
});

// Compile-time: the props are typed from the element classes (tsc -p packages/react fails on a wrong one).
export const typed = () => [
  // @ts-expect-error amount is a number
  React.createElement(NudgeCouponPopup, { amount: '30' }),
  // @ts-expect-error the stock banner has no onNudgeClaim
  React.createElement(NudgeStockBanner, { onNudgeClaim: () => {} }),
];
