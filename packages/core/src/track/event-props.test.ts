import { describe, expect, it } from 'vitest';
import { ECOMMERCE, OTHER_GA4 } from './data-layer.js';
import { checkEventProps, eventFields } from './event-props.js';
import { validateEventProps } from './schema.js';

const item = { item_id: 'SKU1', item_name: 'Mug', price: 12, quantity: 1 };
const cases: [string, unknown, string | undefined][] = [
  ['purchase', { transaction_id: 'T1', currency: 'USD', value: 12, items: [item] }, undefined],
  ['purchase', { transaction_id: 'T1', currency: 'usd', value: 12, items: [item] }, 'currency'],
  ['purchase', { currency: 'USD', value: 12, items: [item] }, 'transaction_id'],
  [
    'purchase',
    { transaction_id: 'T1', currency: 'USD', value: 12, items: [{ ...item, price: '12' }] },
    'items.0.price',
  ],
  ['purchase', { transaction_id: 'T1', currency: 'USD', value: Number.NaN, items: [] }, 'value'],
  ['add_to_cart', { items: [item, { item_id: 5 }] }, undefined], // numeric SKUs are fine (GA4 takes them)
  ['add_to_cart', { items: [item, { quantity: '2' }] }, 'items.1.quantity'],
  ['add_to_cart', { currency: 'EUR', value: 3, items: [item], custom_param: { any: 1 } }, undefined],
  ['view_item', {}, 'items'],
  ['share', undefined, undefined],
  ['experiment_exposure', { experiment: 'e1' }, 'variant'],
  ['nudge_dismiss', { reason: 'x' }, 'promotion_id'],
  ['nudge_error', { message: 42 }, 'message'],
  ['select_promotion', { promotion_id: 'p', items: 'x' }, 'items'],
  ['my_custom_event', { anything: [1, 2] }, undefined],
];

describe('any event', () => {
  it.each([[[1, 2]], ['text'], [3]])('refuses props that are not an object: %j', (props) => {
    expect(checkEventProps('my_custom_event', props)).toEqual({ path: '', message: 'expected object' });
  });
});

describe('known event props', () => {
  it.each(cases)('%s %j -> %s', (name, props, path) => {
    expect(checkEventProps(name, props)?.path).toBe(path);
  });
  it.each(cases)('the zod schema built from the same table agrees: %s %j', (name, props, path) => {
    expect(validateEventProps(name, props)?.path).toBe(path);
  });
  it('covers every GA4 funnel event and our own', () => {
    expect(Object.keys(eventFields())).toEqual(
      expect.arrayContaining([
        'page_view',
        'view_item',
        'add_to_cart',
        'remove_from_cart',
        'begin_checkout',
        'purchase',
        'view_promotion',
        'select_promotion',
        'share',
        'generate_lead',
        'sign_up',
        'experiment_exposure',
        'web_vitals',
        'nudge_dismiss',
        'nudge_error',
      ]),
    );
  });
  it("the dataLayer mirror's own lists name exactly the table's GA4 events, those with items[] as ecommerce", () => {
    const ga4 = Object.keys(eventFields()).filter(
      (n) => n !== 'item' && !/^(experiment_exposure|web_vitals|nudge_)/.test(n),
    );
    expect([...ECOMMERCE, ...OTHER_GA4].sort()).toEqual(ga4.sort());
    expect(ECOMMERCE.sort()).toEqual(ga4.filter((n) => 'items' in eventFields()[n]!).sort());
  });
});
