// Compile-time checks of the Svelte declarations (tsc -p packages/widgets/frameworks), run as a unit file so the
// examples stay in the test run; a wrong prop or event detail type fails the type check.
import type { SvelteHTMLElements } from 'svelte/elements';
import { expect, it } from 'vitest';
import type {} from './svelte.js';

const popup: SvelteHTMLElements['nudge-coupon-popup'] = {
  code: 'WELCOME30',
  amount: 30,
  'onnudge-claim': (e) => void e.detail.code.toUpperCase(),
  'on:nudge-close': (e) => void e.detail.reason,
};
const bar: SvelteHTMLElements['nudge-buy-bar'][] = [
  { price: 128, target: '#add-to-cart', 'onnudge-buy': (e) => e.preventDefault() },
  // @ts-expect-error price is a number
  { price: 'cheap' },
  // @ts-expect-error the buy bar sends no nudge-claim
  { 'onnudge-claim': () => {} },
];

it('types the elements for Svelte templates', () => {
  expect(popup.code).toBe('WELCOME30');
  expect(bar).toHaveLength(3);
});
