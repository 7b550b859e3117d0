// toJSON (track/queue.ts) and the core's loops under a host page's patches to JSON and to the prototypes.
import { afterEach, expect, it } from 'vitest';
import { evaluate } from '../experiments/conditions.js';
import { checkEventProps } from './event-props.js';
import { toJSON } from './queue.js';

const proto = Array.prototype as unknown as { toJSON?: () => string };
const objectProto = Object.prototype as Record<string, unknown>;
const stringify = JSON.stringify;
afterEach(() => {
  delete proto.toJSON;
  delete objectProto.shopTheme;
  JSON.stringify = stringify;
});

it('keeps arrays as arrays when the page gave Array.prototype a toJSON returning a string (Prototype.js)', () => {
  const event = { items: [{ item_id: 'A', tags: ['x'] }], at: new Date(0) };
  proto.toJSON = function (this: unknown[]) {
    return `[${this.map((v) => stringify(v)).join(',')}]`;
  };
  expect(JSON.parse(JSON.stringify(event)).items).toBeTypeOf('string');
  expect(JSON.parse(toJSON(event))).toEqual({ items: [{ item_id: 'A', tags: ['x'] }], at: '1970-01-01T00:00:00.000Z' });
});

it('throws instead of returning undefined when a wrapped JSON.stringify gives no text', () => {
  JSON.stringify = (() => undefined) as unknown as typeof JSON.stringify;
  expect(() => toJSON({ a: 1 })).toThrow(TypeError);
});

it('an enumerable property on Object.prototype changes no audience and no event check', () => {
  objectProto.shopTheme = 'dawn';
  expect(evaluate({}, {} as never)).toBe(true);
  expect(evaluate({ device: 'mobile' }, { device: 'mobile' } as never)).toBe(true);
  expect(checkEventProps('page_view', {})).toBeUndefined();
  expect(checkEventProps('view_item', { currency: 'USD', value: 1, items: [{ item_id: 'A' }] })).toBeUndefined();
});
