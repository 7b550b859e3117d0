import { expect, it } from 'vitest';
import { envelope, uuidv7 } from '../testing.js';
import { idMillis, toEventRow } from './normalize.js';

it('reads the timestamp inside a UUIDv7 id', () => {
  expect(idMillis(uuidv7(1_795_000_000_123), 5)).toBe(1_795_000_000_123);
  expect(idMillis('segment-message-1', 5)).toBe(5);
});

it('flattens the envelope into report columns', () => {
  const e = envelope(
    'experiment_exposure',
    { experiment: 'bar', variant: 'red' },
    { anonymousId: 'a', forced: ['bar'], referral: 'R1', experiments: { bar: 'red' } },
  );
  const r = toEventRow('s', e, 10);
  expect(r).toMatchObject({
    site: 's',
    name: 'experiment_exposure',
    expKey: 'bar',
    expVariant: 'red',
    expForced: true,
    refCode: 'R1',
    anonymousId: 'a',
    path: '/p/1',
  });
  expect(r.experiments).toEqual({ bar: 'red' });
  const p = toEventRow('s', envelope('purchase', { transaction_id: 'T', currency: 'USD', value: 12.5, items: [] }), 10);
  expect([p.value, p.transactionId, p.expKey]).toEqual([12.5, 'T', null]);
  const w = toEventRow('s', envelope('nudge_dismiss', { widget: 'pop' }), 10);
  expect(w.widget).toBe('pop');
});
