// Segment spec messages map to the GA4 events our reports count.
import { describe, expect, it } from 'vitest';
import { fromSegment, segmentEventId } from './segment.js';

const now = Date.parse('2026-11-21T12:00:00Z');

describe('fromSegment', () => {
  it('maps Order Completed to purchase with revenue, order id and items', () => {
    const r = fromSegment(
      {
        type: 'track',
        event: 'Order Completed',
        messageId: 'm1',
        userId: 'u1',
        timestamp: '2026-11-20T10:00:00.000Z',
        properties: {
          order_id: 'O-9',
          revenue: 120,
          total: 135,
          shipping: 10,
          tax: 5,
          currency: 'usd',
          coupon: 'SAVE20',
          products: [{ product_id: 'p1', name: 'Kettle', price: 60, quantity: 2 }],
        },
      },
      now,
      { anonymousId: 'anon-7' },
    );
    expect(r).toMatchObject({
      ok: true,
      messageId: 'm1',
      timed: true,
      envelope: expect.objectContaining({
        id: '["m1",null,"u1"]',
        name: 'purchase',
        ts: Date.parse('2026-11-20T10:00:00Z'),
        anonymousId: 'anon-7',
        userId: 'u1',
      }),
    });
    if (!r.ok) return;
    expect(r.envelope.props).toMatchObject({
      value: 120,
      currency: 'USD',
      transaction_id: 'O-9',
      coupon: 'SAVE20',
      shipping: 10,
      tax: 5,
      segment_event: 'Order Completed',
      items: [{ item_id: 'p1', item_name: 'Kettle', price: 60, quantity: 2 }],
    });
  });

  it.each([
    ['Product Viewed', 'view_item'],
    ['Product Added', 'add_to_cart'],
    ['Product Removed', 'remove_from_cart'],
    ['Checkout Started', 'begin_checkout'],
    ['Promotion Viewed', 'view_promotion'],
    ['Promotion Clicked', 'select_promotion'],
    ['Product Shared', 'share'],
    ['Signed Up', 'sign_up'],
    ['Experiment Viewed', 'experiment_exposure'],
    ['Custom Thing', 'Custom Thing'],
  ])('%s -> %s', (event, name) => {
    const r = fromSegment({ type: 'track', event, messageId: 'x', anonymousId: 'a' }, now, {});
    expect(r.ok && r.envelope.name).toBe(name);
  });

  it('gives a product event GA4 items and a value', () => {
    const r = fromSegment(
      {
        type: 'track',
        event: 'Product Added',
        messageId: 'x',
        anonymousId: 'a',
        properties: { product_id: 'p', price: 9.5, quantity: 2 },
      },
      now,
      {},
    );
    expect(r.ok && r.envelope.props).toMatchObject({ value: 19, items: [{ item_id: 'p', price: 9.5, quantity: 2 }] });
  });

  it('maps Experiment Viewed ids to experiment and variant', () => {
    const r = fromSegment(
      {
        type: 'track',
        event: 'Experiment Viewed',
        messageId: 'x',
        anonymousId: 'a',
        properties: { experiment_id: 'bar', variation_id: 'red' },
      },
      now,
      {},
    );
    expect(r.ok && r.envelope.props).toMatchObject({ experiment: 'bar', variant: 'red' });
  });

  it('maps identify and page', () => {
    const i = fromSegment(
      { type: 'identify', messageId: 'i', userId: 'u', anonymousId: 'a', traits: { orders_count: 2 } },
      now,
      {},
    );
    expect(i.ok && [i.envelope.name, i.envelope.props, i.envelope.ts]).toEqual([
      'identify',
      { traits: { orders_count: 2 } },
      now,
    ]);
    const p = fromSegment(
      {
        type: 'page',
        name: 'Home',
        messageId: 'p',
        anonymousId: 'a',
        properties: { url: 'https://shop.test/x', path: '/x' },
      },
      now,
      {},
    );
    expect(p.ok && [p.envelope.name, p.envelope.page]).toEqual([
      'page_view',
      { url: 'https://shop.test/x', path: '/x' },
    ]);
  });

  it('falls back to a user-scoped visitor when no anonymous id is known', () => {
    const r = fromSegment({ type: 'track', event: 'Order Completed', messageId: 'x', userId: 'u9' }, now, {});
    expect(r.ok && r.envelope.anonymousId).toBe('user:u9');
  });

  it('scopes the stored id to the ids the message was sent with, not the visitor it was linked to', () => {
    const r = fromSegment({ type: 'track', event: 'x', messageId: 'm', userId: 'u' }, now, { anonymousId: 'linked' });
    expect(r.ok && [r.envelope.id, r.timed]).toEqual([segmentEventId('m', { userId: 'u' }), false]);
    expect(new Set(['a', 'b'].map((a) => segmentEventId('m', { anonymousId: a }))).size).toBe(2);
    expect(segmentEventId('m|u', { anonymousId: 'a' })).not.toBe(segmentEventId('m', { anonymousId: 'u|a' }));
  });

  it('reports what is wrong with field paths', () => {
    const r = fromSegment({ type: 'alias', timestamp: 'yesterday', properties: [] }, now, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['type', 'messageId', 'userId', 'properties', 'timestamp']);
  });
});
