// Contract for the metric and dashboard queries: a backend answers as the DuckDB reference does over the same varied events.
import { describe, expect, it } from 'vitest';
import type { Measure } from '../../metrics/definition.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import type { DashboardQueries } from '../dashboard-queries.js';
import type { MetricQueries, MetricSumsRequest } from '../metric-queries.js';
import type { Store } from '../ports.js';
import type { EventRow } from '../records.js';
import { row, startedStores, type StoreFactory } from './fixtures.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 20);

/** A seeded generator, so a failure repeats. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/** Visitors with all that the queries read: exposures (forced, repeated, simulated), sessions, pages, orders sent
 *  twice, coupons, items with discounts and margins, nested and textual props, devices, sources, locales, referrals. */
export function analyticsEvents(site: string, visitors = 80): EventRow[] {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: EventRow[] = [];
  for (let v = 0; v < visitors; v++) {
    const anon = `v${v}`;
    const sim = v % 17 === 0;
    const context = {
      ...(v % 5 ? { screen: pick(['390x844', '800x1280', '1440x900', 'wide']) } : {}),
      ...(v % 3 === 0 ? { utm: { source: pick(['google', 'news']), ...(v % 2 ? { medium: 'cpc' } : {}) } } : {}),
      ...(v % 4 ? { locale: pick(['en', 'zh-CN', '']) } : {}),
    };
    const referrer = pick([null, 'https://search.example/q', 'https://shop.test/home']);
    const base = T0 + Math.floor(rnd() * 6 * DAY);
    const session = `s${v}`;
    const ev = (name: string, ts: number, extra: Partial<EventRow> = {}) =>
      out.push(
        row(site, name, ts, anon, {
          sessionId: session,
          path: '/p',
          url: 'https://shop.test/p',
          referrer,
          context,
          props: sim ? { simulated: true } : {},
          ...extra,
        }),
      );
    // history before the exposure: an earlier session, sometimes an order
    if (v % 3 === 0) ev('page_view', base - 3 * DAY, { sessionId: `old${v}` });
    if (v % 4 === 0)
      ev('purchase', base - (v % 8 ? 2 : 100) * DAY, {
        sessionId: `old${v}`,
        value: 80 * (1 + (v % 7)),
        transactionId: `H${v}`,
        props: { value: 80, coupon: v % 8 ? 'OLD' : '' },
      });
    ev('view_item', base - 1000);
    if (v % 11 === 0) ev('select_promotion', base - 500, { props: { promotion_id: 'pop' } });
    const variant = v % 2 ? 'red' : 'control';
    ev('experiment_exposure', base, {
      expKey: 'bar',
      expVariant: variant,
      expForced: v % 13 === 0,
      props: { experiment: 'bar', variant, ...(sim ? { simulated: true } : {}) },
      ...(v % 9 === 0 ? { refCode: 'ANN10' } : {}),
    });
    if (v % 6 === 0) ev('experiment_exposure', base + 50, { expKey: 'bar', expVariant: variant });
    if (rnd() < 0.6)
      ev('add_to_cart', base + 100, { props: { value: 20, shipping: { method: pick(['post', 'air']) } } });
    const orders = rnd() < 0.5 ? 1 + Math.floor(rnd() * 2) : 0;
    for (let o = 0; o < orders; o++) {
      const value = Math.round(rnd() * 20000) / 100;
      const props = {
        transaction_id: `T${v}-${o}`,
        value,
        currency: 'USD',
        ...(rnd() < 0.4 ? { coupon: 'SAVE20' } : {}),
        ...(rnd() < 0.3 ? { discount: 12.5 } : {}),
        weight: pick([2, '3.5', 'heavy', null]),
        shipping: { method: pick(['post', 'air']), fee: pick([5, '7']) },
        items: [
          { item_id: `sku${v % 5}`, item_name: `Tea ${v % 5}`, price: 30, quantity: 1 + (o % 3), discount: 2 },
          { item_id: `sku${(v + 1) % 5}`, price: '12.5', quantity: '2', margin: 0.5 },
          ...(o ? [{ price: 9 }] : []),
        ],
      };
      const at = base + (o + 1) * DAY * rnd() * 2;
      ev('purchase', at, { value: o === 1 && v % 2 ? null : value, transactionId: `T${v}-${o}`, props });
      if (v % 5 === 0) ev('purchase', at + 10, { value, transactionId: `T${v}-${o}`, props });
    }
  }
  // events with no visitor id: counted as claims, never as visitors
  out.push(row(site, 'select_promotion', T0 + DAY, null, { props: { promotion_id: 'pop' } }));
  return out;
}

const measure = (event: string, aggregate: Measure['aggregate'], property?: string, filters: Measure['filters'] = []) =>
  ({ event, aggregate, filters, ...(property ? { property } : {}) }) as Measure;

export const ANALYTICS_MEASURES: Measure[] = [
  measure('purchase', 'converted'),
  measure('view_item', 'converted'),
  measure('purchase', 'count', undefined, [{ property: 'coupon', op: 'exists' }]),
  measure('purchase', 'sum', 'value'),
  measure('purchase', 'sum', 'discount'),
  measure('purchase', 'sum', 'cost_of_goods'),
  measure('purchase', 'sum', 'profit'),
  measure('purchase', 'sum', 'weight', [{ property: 'shipping.method', op: 'ne', value: 'air' }]),
  measure('purchase', 'count', undefined, [{ property: 'shipping.fee', op: 'gte', value: 6 }]),
  measure('add_to_cart', 'count', undefined, [{ property: 'coupon', op: 'missing' }]),
  measure('purchase', 'sum', 'shipping.fee', [{ property: 'value', op: 'lt', value: 100 }]),
];

/** Numbers to a millionth: sums in another order differ in the last bits. */
export const rounded = (v: unknown): unknown =>
  typeof v === 'number'
    ? Math.round(v * 1e6) / 1e6
    : Array.isArray(v)
      ? v.map(rounded)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]))
        : v;

type Analytics = Store & MetricQueries & DashboardQueries;

export function analyticsContract(factory: StoreFactory): void {
  describe('metric and dashboard queries, as the DuckDB reference answers them', () => {
    const start = startedStores(factory);
    const site = 'an';
    const rows = analyticsEvents(site);
    const range = { from: T0, to: T0 + 6 * DAY };
    const both = async () => {
      const { store } = await start();
      const reference = new DuckDBStore(':memory:');
      await reference.init();
      for (const s of [store, reference]) {
        s.append(rows);
        await s.flush();
      }
      return { store: store as Analytics, reference, done: () => reference.close() };
    };

    it('metric sums: every measure, ratios, margins, CUPED, simulated and cut-off scopes, each breakdown', async () => {
      const { store, reference, done } = await both();
      try {
        const requests: [MetricSumsRequest, { excludeSimulated?: boolean; until?: number }][] = [
          [
            {
              measures: ANALYTICS_MEASURES,
              pairs: [
                [3, 2],
                [0, 6],
              ],
              margin: null,
              preExposureMs: 0,
            },
            {},
          ],
          [
            { measures: ANALYTICS_MEASURES, pairs: [], margin: 0.4, preExposureMs: 7 * DAY },
            { excludeSimulated: true },
          ],
          [
            { measures: ANALYTICS_MEASURES.slice(0, 4), pairs: [], margin: 0.3, preExposureMs: 0 },
            { until: T0 + 3 * DAY },
          ],
          [{ measures: [], pairs: [], margin: null, preExposureMs: 0 }, {}],
          ...(['device', 'source', 'segment', 'visitor_type', 'locale'] as const).map(
            (breakdown) =>
              [
                {
                  measures: ANALYTICS_MEASURES.slice(0, 7),
                  pairs: [[3, 2]],
                  margin: 0.25,
                  preExposureMs: DAY,
                  breakdown,
                  segments: { activeWithinDays: 10, highValue: { minOrders: 1, minSpent: 150 } },
                },
                {},
              ] as [MetricSumsRequest, object],
          ),
        ];
        for (const [req, scope] of requests) {
          const want = await reference.metricSums(site, 'bar', range, scope, req);
          expect(want.length).toBeGreaterThan(0);
          expect(rounded(await store.metricSums(site, 'bar', range, scope, req)), JSON.stringify(req)).toEqual(
            rounded(want),
          );
        }
        expect(await store.metricSums(site, 'none', range, {}, requests[0]![0])).toEqual([]);
      } finally {
        await done();
      }
    }, 180_000);

    it('dashboard: days in two time zones, totals, each breakdown, products (all, one channel), widgets', async () => {
      const { store, reference, done } = await both();
      try {
        const same = async <T>(f: (q: DashboardQueries) => Promise<T>, label: string) => {
          const want = await f(reference);
          expect(rounded(await f(store)), label).toEqual(rounded(want));
          return want;
        };
        for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'])
          expect((await same((q) => q.dashboardDays(site, range, tz), tz)).length).toBeGreaterThan(3);
        const totals = await same((q) => q.dashboardTotals(site, range), 'totals');
        expect(totals.repeatBuyers).toBeGreaterThan(0);
        await same((q) => q.dashboardTotals(site, { from: T0 + 2 * DAY, to: T0 + 4 * DAY }), 'totals, later');
        for (const by of ['channel', 'device', 'segment'] as const)
          await same((q) => q.dashboardBreakdown(site, range, by, { activeWithinDays: 3 }), by);
        expect((await same((q) => q.dashboardProducts(site, range, null, 3), 'products')).length).toBe(3);
        await same((q) => q.dashboardProducts(site, range, 'google / cpc', 10), 'products, one channel');
        const widgets = await same((q) => q.dashboardWidgets(site, range), 'widgets');
        expect(widgets.claims).toBeGreaterThan(1);
        expect(await store.dashboardTotals('nosite', range)).toMatchObject({ visitors: 0, orders: 0, revenue: 0 });
      } finally {
        await done();
      }
    }, 180_000);
  });
}
