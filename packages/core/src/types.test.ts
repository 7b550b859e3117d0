// Compile-time checks of the public types, run by `pnpm typecheck` (part of `pnpm test`): each @ts-expect-error line
// must stay an error, or the typecheck fails. The one runtime test keeps Vitest from treating the file as empty.
import { expect, it } from 'vitest';
import type { Tracker } from './tracker.js';

declare const t: Tracker;
const typeChecks = () => {
  // Events with required fields need their props.
  // @ts-expect-error purchase needs transaction_id, currency, value and items
  t.track('purchase');
  // @ts-expect-error add_to_cart needs currency, value and items
  t.track('add_to_cart');
  // @ts-expect-error a known event's fields keep their types
  t.track('purchase', { transaction_id: 'T1', currency: 'USD', value: '10', items: [] });
  t.track('purchase', {
    transaction_id: 'T1',
    currency: 'USD',
    value: 10,
    items: [{ item_id: 'a', price: 10, quantity: 1 }],
  });
  // Events without required fields, and custom events, may omit props.
  t.track('page_view');
  t.track('my_custom_event');
  t.track('my_custom_event', { anything: [1, 2] });
  const name: string = 'from_a_variable';
  t.track(name, { x: 1 });
};

it('the type checks above are compiled, not run', () => expect(typeof typeChecks).toBe('function'));
