// Compile-time checks of the elements' public typing, run by `pnpm typecheck` (part of `pnpm test`): every event a
// widget fires is typed on addEventListener, and each @ts-expect-error line must stay an error.
import { expect, it } from 'vitest';
import type {} from './index.js';

declare const el: HTMLElement;
const typeChecks = () => {
  el.addEventListener('nudge-buy', (e) => e.detail.target satisfies boolean);
  el.addEventListener('nudge-buy', (e) => e.detail.source satisfies string);
  el.addEventListener('nudge-claim', (e) => e.detail.code satisfies string);
  el.addEventListener('nudge-share', (e) => e.detail.method satisfies string);
  el.addEventListener('nudge-show', (e) => e.detail);
  el.addEventListener('nudge-close', (e) => e.detail);
  // @ts-expect-error nudge-buy's detail has no such field
  el.addEventListener('nudge-buy', (e) => e.detail.nope);
  const bar: HTMLElementTagNameMap['nudge-buy-bar'] = document.createElement('nudge-buy-bar');
  return bar;
};

it('the type checks above are compiled, not run', () => expect(typeof typeChecks).toBe('function'));
