// The wire contract as the server sees it through @nudge/core/spec (no DOM).
import { describe, expect, it } from 'vitest';
import { batchSchema, envelopeSchema, validateEventProps } from '@nudge/core/spec';

const envelope = {
  id: '019a8f6e-0000-7abc-8def-0123456789ab',
  name: 'add_to_cart',
  ts: 1_763_726_400_000,
  anonymousId: '019a8f6e-0000-7abc-8def-000000000001',
  sessionId: '019a8f6e-0000-7abc-8def-000000000002',
  seq: 3,
  page: { url: 'https://shop.example/p/mug', path: '/p/mug', referrer: '', title: 'Mug' },
  context: { locale: 'en-US', screen: '1280x720', utm: { source: 'ig' }, referral: 'ANNA', experiments: { hero: 'b' } },
  props: { currency: 'USD', value: 12, items: [{ item_id: 'SKU1' }] },
};

describe('wire schemas', () => {
  it('accepts a well-formed batch', () => {
    expect(batchSchema.safeParse({ site: 'shop1', sentAt: 1, events: [envelope], dropped: 2 }).success).toBe(true);
  });
  it.each([
    ['events.0.id', { ...envelope, id: '7b3c2b9e-2f0a-4c1e-9d2b-0a1b2c3d4e5f' }],
    ['events.0.seq', { ...envelope, seq: 0 }],
    ['events.0.context.experiments.hero', { ...envelope, context: { ...envelope.context, experiments: { hero: 1 } } }],
    ['events.0.page', { ...envelope, page: undefined }],
    // Beyond what the BIGINT / INTEGER columns hold: once accepted, such a row blocked every later write.
    ['events.0.ts', { ...envelope, ts: 1e300 }],
    ['events.0.ts', { ...envelope, ts: -1e19 }],
    ['events.0.seq', { ...envelope, seq: 3_000_000_000 }],
  ])('rejects with the path %s', (path, bad) => {
    const r = batchSchema.safeParse({ site: 'shop1', sentAt: 1, events: [bad] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
  it('lets the server check known-event props with the same definitions', () => {
    expect(envelopeSchema.parse(envelope).name).toBe('add_to_cart');
    expect(validateEventProps(envelope.name, envelope.props)).toBeUndefined();
    expect(validateEventProps('add_to_cart', { items: [{ price: 'x' }] })).toEqual({
      path: 'items.0.price',
      message: expect.any(String),
    });
  });
  it('finds no props schema for names that are Object.prototype members', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(validateEventProps(name, { a: 1 })).toBeUndefined();
  });
  it('bounds sentAt and dropped', () => {
    expect(batchSchema.safeParse({ site: 'shop1', sentAt: 1e300, events: [] }).error?.issues[0]?.path).toEqual([
      'sentAt',
    ]);
    expect(
      batchSchema.safeParse({ site: 'shop1', sentAt: 1, events: [], dropped: 2 ** 70 }).error?.issues[0]?.path,
    ).toEqual(['dropped']);
  });
});
