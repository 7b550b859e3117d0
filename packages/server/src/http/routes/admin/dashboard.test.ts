// The shop dashboard over the admin API, on a crafted two-day shop with its previous two days beside it.
import { beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../../testing.js';
import { admin, post, useServer } from '../test-server.js';

useServer();

const D = (day: number, h = 12) => Date.UTC(2026, 10, day, h);
const range = `from=${Date.UTC(2026, 10, 2)}&to=${Date.UTC(2026, 10, 3, 23, 59, 59, 999)}`;

type Over = { utm?: Record<string, string>; screen?: string; referrer?: string; referral?: string };
function ev(name: string, props: Record<string, unknown>, anonymousId: string, ts: number, over: Over = {}) {
  const e = envelope(name, props, { anonymousId, ts, ...(over.referral ? { referral: over.referral } : {}) });
  if (over.utm) e.context.utm = over.utm;
  if (over.screen) e.context.screen = over.screen;
  if (over.referrer) e.page.referrer = over.referrer;
  return e;
}
const buy = (t: string, value: number, items: unknown[], extra: Record<string, unknown> = {}) => ({
  transaction_id: t,
  currency: 'USD',
  value,
  items,
  ...extra,
});

describe('shop dashboard', () => {
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'dash', allowedOrigins: [] })).status).toBe(201);
    const tea = (qty: number, price: number) => ({ item_id: 'tea', item_name: 'Tea', price, quantity: qty });
    const events = [
      // A: first seen in the previous period (and bought there), back from a google ad, buys with a coupon
      ev('page_view', {}, 'A', D(1)),
      ev('purchase', buy('T0', 40, [tea(1, 40)]), 'A', D(1, 13)),
      ev('page_view', {}, 'A', D(2), { utm: { source: 'google', medium: 'cpc' } }),
      ev('purchase', buy('T1', 100, [tea(2, 50)], { coupon: 'SAVE' }), 'A', D(2, 13)),
      // B: new, on a phone, from instagram; the purchase sent twice counts once
      ev('page_view', {}, 'B', D(2), { screen: '390x844', referrer: 'https://instagram.com/p/1' }),
      ev('purchase', buy('T2', 60, [{ item_id: 'pot', price: 60, quantity: 1 }]), 'B', D(2, 14)),
      ev('purchase', buy('T2', 60, [{ item_id: 'pot', price: 60, quantity: 1 }]), 'B', D(2, 15)),
      // C: new, direct, takes a widget's offer; D: new, came with a referral code, buys
      ev('page_view', {}, 'C', D(3)),
      ev('select_promotion', { promotion_id: 'welcome' }, 'C', D(3, 13)),
      ev('page_view', {}, 'D', D(3), { referral: 'ANN10' }),
      ev('purchase', buy('T3', 30, [tea(1, 30)]), 'D', D(3, 14)),
    ];
    expect((await post('/v1/events', { site: 'dash', sentAt: Date.now(), events })).status).toBe(200);
  });

  it('totals, new versus returning, repurchase, per day, and the previous period beside them', async () => {
    const r = await admin.get(`/sites/dash/dashboard?${range}`);
    expect(r.status).toBe(200);
    expect(r.body.totals.current).toEqual({
      visitors: 4,
      newVisitors: 3,
      returningVisitors: 1,
      buyers: 3,
      conversionRate: 0.75,
      orders: 3,
      revenue: 190,
      averageOrderValue: 190 / 3,
      repurchaseRate: 1 / 3,
    });
    expect(r.body.totals.previous).toMatchObject({ visitors: 1, newVisitors: 1, buyers: 1, orders: 1, revenue: 40 });
    expect(r.body.days.current).toEqual([
      { day: '2026-11-02', visitors: 2, newVisitors: 1, buyers: 2, orders: 2, revenue: 160 },
      { day: '2026-11-03', visitors: 2, newVisitors: 2, buyers: 1, orders: 1, revenue: 30 },
    ]);
    expect(r.body.days.previous).toEqual([
      { day: '2026-11-01', visitors: 1, newVisitors: 1, buyers: 1, orders: 1, revenue: 40 },
    ]);
    expect(r.body.widgets).toEqual({ claims: 1, redemptions: 1, referralOrders: 1, referralRevenue: 30 });
  });

  it('breaks down by channel and device, and drills from a channel to its products', async () => {
    const channel = await admin.get(`/sites/dash/dashboard?${range}&breakdown=channel`);
    expect(channel.body.breakdown.groups.map((g: any) => [g.value, g.visitors, g.buyers, g.orders, g.revenue])).toEqual(
      [
        ['direct', 2, 1, 1, 30],
        ['google / cpc', 1, 1, 1, 100],
        ['instagram.com', 1, 1, 1, 60],
      ],
    );
    const device = await admin.get(`/sites/dash/dashboard?${range}&breakdown=device`);
    expect(device.body.breakdown.groups.map((g: any) => [g.value, g.visitors, g.buyers])).toEqual([
      ['desktop', 3, 2],
      ['mobile', 1, 1],
    ]);
    const segment = await admin.get(`/sites/dash/dashboard?${range}&breakdown=segment`);
    // A bought on 11-01, within 30 days of the period's start: active; the others had not bought before it
    expect(segment.body.breakdown.groups.map((g: any) => [g.value, g.visitors])).toEqual([
      ['new', 3],
      ['active', 1],
    ]);
    const all = await admin.get(`/sites/dash/dashboard/products?${range}`);
    expect(all.body.products).toEqual([
      { itemId: 'tea', name: 'Tea', orders: 2, units: 3, revenue: 130 },
      { itemId: 'pot', name: null, orders: 1, units: 1, revenue: 60 },
    ]);
    const google = await admin.get(
      `/sites/dash/dashboard/products?${range}&channel=${encodeURIComponent('google / cpc')}`,
    );
    expect(google.body.products).toEqual([{ itemId: 'tea', name: 'Tea', orders: 1, units: 2, revenue: 100 }]);
  });

  it('refuses bad input with the field', async () => {
    const bad = await admin.get(`/sites/dash/dashboard?breakdown=weather&tz=Mars/Base`);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['tz', 'breakdown']);
    expect((await admin.get('/sites/dash/dashboard?from=2026-11-05&to=2026-11-01')).body.issues[0].path).toBe('from');
    expect((await admin.get('/sites/dash/dashboard/products?limit=0')).body.issues[0].path).toBe('limit');
  });
});
