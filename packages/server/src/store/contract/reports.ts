// Contract cases for ReportQueries: each report over a small fixed data set whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.js';
import { ALL, exposure, row, startedStores, type StoreFactory } from './fixtures.js';

export function reportQueriesContract(factory: StoreFactory): void {
  describe('ReportQueries', () => {
    const start = startedStores(factory);
    /** A started store holding `rows`, flushed. */
    const holding = async (rows: Parameters<Store['append']>[0]) => {
      const { store } = await start();
      store.append(rows);
      await store.flush();
      return store;
    };

    const funnelRows = () => [
      // a: control; a view before exposure on another page (not counted), the whole funnel, one order sent twice
      row('f', 'view_item', 5, 'a', { path: '/other' }),
      exposure('f', 'a', 'control', 10),
      row('f', 'view_item', 11, 'a'),
      row('f', 'add_to_cart', 13, 'a'),
      row('f', 'begin_checkout', 14, 'a'),
      row('f', 'purchase', 15, 'a', { value: 40, transactionId: 'T1' }),
      row('f', 'purchase', 16, 'a', { value: 40, transactionId: 'T1' }),
      row('f', 'purchase', 17, 'a', { value: 60, transactionId: 'T2' }),
      // b: control, views only
      exposure('f', 'b', 'control', 20),
      row('f', 'view_item', 21, 'b'),
      // c: red, exposed twice (the first counts), buys once
      exposure('f', 'c', 'red', 30),
      exposure('f', 'c', 'red', 31),
      row('f', 'view_item', 32, 'c'),
      row('f', 'purchase', 35, 'c', { value: 100, transactionId: 'T3' }),
      // d: forced into red: left out entirely
      exposure('f', 'd', 'red', 40, true),
      row('f', 'purchase', 41, 'd', { value: 999, transactionId: 'T4' }),
      // another site
      exposure('f2', 'e', 'red', 50),
    ];

    it('funnel: per variant, steps after exposure, orders once per transaction, forced exposures left out', async () => {
      const store = await holding(funnelRows());
      expect(await store.funnel('f', 'bar', ALL)).toEqual([
        {
          variant: 'control',
          exposed: 2,
          steps: { view_item: 2, add_to_cart: 1, begin_checkout: 1, purchase: 1 },
          orders: 2,
          revenue: 100,
          revenueSq: 10_000,
          simulated: { exposed: 0, orders: 0 },
        },
        {
          variant: 'red',
          exposed: 1,
          steps: { view_item: 1, add_to_cart: 0, begin_checkout: 0, purchase: 1 },
          orders: 1,
          revenue: 100,
          revenueSq: 10_000,
          simulated: { exposed: 0, orders: 0 },
        },
      ]);
      const early = await store.funnel('f', 'bar', { from: 0, to: 25 });
      expect(early.map((r) => [r.variant, r.exposed, r.orders])).toEqual([['control', 2, 2]]);
      const stopped = await store.funnel('f', 'bar', ALL, { until: 16 });
      expect(stopped.map((r) => [r.variant, r.exposed, r.orders, r.revenue])).toEqual([['control', 1, 1, 40]]);
    });

    it('funnel: simulated traffic is counted apart, and left out on request', async () => {
      const sim = { props: { experiment: 'bar', variant: 'red', simulated: true } };
      const store = await holding([
        exposure('m', 'real', 'red', 1),
        row('m', 'purchase', 2, 'real', { value: 10, transactionId: 'R' }),
        { ...exposure('m', 'bot', 'red', 3), ...sim },
        row('m', 'purchase', 4, 'bot', { value: 10, transactionId: 'B', props: { simulated: true } }),
      ]);
      const [all] = await store.funnel('m', 'bar', ALL);
      expect([all!.exposed, all!.orders, all!.simulated]).toEqual([2, 2, { exposed: 1, orders: 1 }]);
      const [real] = await store.funnel('m', 'bar', ALL, { excludeSimulated: true });
      expect([real!.exposed, real!.orders, real!.simulated]).toEqual([1, 1, { exposed: 0, orders: 0 }]);
    });

    it('conversion over time: by exposure day in the time zone asked for', async () => {
      const t = Date.parse('2026-11-22T03:00:00Z'); // 19:00 on the 21st in Los Angeles
      const store = await holding([
        exposure('z', 'v1', 'red', t),
        row('z', 'purchase', t + 86_400_000, 'v1', { value: 5, transactionId: 'T' }),
        exposure('z', 'v2', 'control', t + 1),
      ]);
      expect(await store.conversionOverTime('z', 'bar', ALL, { timeZone: 'America/Los_Angeles' })).toEqual([
        { variant: 'control', day: '2026-11-21', exposed: 1, converted: 0 },
        { variant: 'red', day: '2026-11-21', exposed: 1, converted: 1 },
      ]);
      expect((await store.conversionOverTime('z', 'bar', ALL)).map((p) => p.day)).toEqual(['2026-11-22', '2026-11-22']);
    });

    it('exposure periods: visitors by the period of their first exposure', async () => {
      const store = await holding([
        exposure('p', 'a', 'red', 5),
        exposure('p', 'b', 'red', 15),
        exposure('p', 'c', 'blue', 15),
        exposure('p', 'c', 'blue', 25), // not a new visitor
        exposure('p', 'd', 'blue', 25),
      ]);
      expect(await store.exposurePeriods('p', 'bar', ALL, [10, 20])).toEqual([
        { variant: 'red', period: 0, visitors: 1 },
        { variant: 'blue', period: 1, visitors: 1 },
        { variant: 'red', period: 1, visitors: 1 },
        { variant: 'blue', period: 2, visitors: 1 },
      ]);
    });

    it('vitals: p75 per variant, forced left out, sampled pages weighed', async () => {
      const vital = (variant: string, props: Record<string, unknown>, forced: string[] = []) =>
        row('v', 'web_vitals', 1, 'x', { experiments: { bar: variant }, forced, props });
      const store = await holding([
        ...[1000, 2000, 3000, 4000].map((lcp, i) => vital('control', { lcp, inp: 100 + i })),
        vital('red', { lcp: 9999 }, ['bar']),
        vital('red', { LCP: 500 }),
        vital('blue', { lcp: 100, sample_rate: 0.5 }),
        vital('blue', { lcp: 100, sample_rate: 0.25 }),
        vital('other', { lcp: 1 }),
      ]);
      const rows = await store.vitals('v', 'bar', ALL);
      expect(rows.filter((r) => r.variant !== 'other')).toEqual([
        { variant: 'blue', samples: 2, pageViews: 6, sampleRate: null, lcp: 100, inp: null, cls: null },
        { variant: 'control', samples: 4, pageViews: 4, sampleRate: 1, lcp: 3250, inp: 102.25, cls: null },
        { variant: 'red', samples: 1, pageViews: 1, sampleRate: 1, lcp: 500, inp: null, cls: null },
      ]);
    });

    it('widgets: shows, claims, shares, dismissals and the stored type; the figures a stock banner showed', async () => {
      const stock = (ts: number, props: Record<string, unknown>) =>
        row('w', 'view_promotion', ts, 'a', {
          widget: 'stock',
          widgetType: 'stock-banner',
          props: { promotion_id: 'stock', creative_slot: 'stock-banner', ...props },
        });
      const store = await holding([
        row('w', 'view_promotion', 1, 'a', { widget: 'pop', widgetType: 'coupon-popup' }),
        row('w', 'select_promotion', 2, 'a', { widget: 'pop', widgetType: 'coupon-popup' }),
        row('w', 'nudge_dismiss', 3, 'b', { widget: 'pop', widgetType: 'coupon-popup' }),
        row('w', 'share', 4, 'c', { widget: 'ref' }),
        row('w', 'page_view', 5, 'c'),
        stock(6, { stock: 3 }),
        stock(7, { stock: 3 }),
        stock(8, { stock: 2, update: true }),
      ]);
      const r = await store.widgets('w', ALL);
      expect(r.widgets).toEqual([
        { widget: 'pop', type: 'coupon-popup', shows: 1, claims: 1, shares: 0, dismissals: 1 },
        { widget: 'ref', type: null, shows: 0, claims: 0, shares: 1, dismissals: 0 },
        { widget: 'stock', type: 'stock-banner', shows: 2, claims: 0, shares: 0, dismissals: 0 },
      ]);
      expect(r.claims.map((c) => [c.widget, JSON.parse(c.claim), c.shows])).toEqual([
        ['stock', { stock: 3 }, 2],
        ['stock', { stock: 2 }, 1],
      ]);
    });

    it('referrals: landings and first purchases per code, self-referrals left out', async () => {
      const store = await holding([
        row('r', 'share', 1, 'o', { props: { content_type: 'referral', item_id: 'r1' } }),
        row('r', 'page_view', 10, 'f1', { refCode: 'R1' }),
        row('r', 'purchase', 20, 'f1', { value: 5, transactionId: 'T' }),
        row('r', 'page_view', 11, 'f2', { refCode: 'r1' }),
        row('r', 'page_view', 12, 'o', { refCode: 'R1' }),
        row('r', 'purchase', 13, 'o', { value: 5, transactionId: 'U' }),
        row('r', 'page_view', 14, 'g', { refCode: 'OTHER' }),
      ]);
      expect(await store.referrals('r', ALL)).toEqual([
        { code: 'R1', landings: 2, firstPurchases: 1 },
        { code: 'OTHER', landings: 1, firstPurchases: 0 },
      ]);
    });

    it('errors: grouped by what went wrong, most frequent first, with the widget type; counts of invalid props', async () => {
      const invalid = (ts: number, anon: string, message: string, path = '/p') =>
        row('e', 'nudge_error', ts, anon, {
          path,
          props: { code: 'invalid_props', event: 'purchase', path: 'transaction_id', message, original_props: {} },
        });
      const store = await holding([
        invalid(100, 'a', 'first'),
        invalid(110, 'a', 'second', '/q'),
        invalid(120, 'b', 'latest'),
        row('e', 'nudge_error', 130, 'c', {
          widget: 'stock',
          widgetType: 'stock-banner',
          props: { source: 'widget', widget_id: 'stock', message: 'bad feed' },
        }),
        row('e', 'nudge_error', 140, 'c', { props: { code: 'invalid_props', message: 'the tracker’s own' } }),
        invalid(5000, 'h', 'outside the range'),
        row('e2', 'nudge_error', 100, 'z', { props: { code: 'invalid_props', message: 'another site' } }),
      ]);
      const r = await store.errors('e', { from: 0, to: 1000 }, 2);
      expect([r.total, r.totalGroups]).toEqual([5, 3]);
      expect(r.groups).toEqual([
        {
          code: 'invalid_props',
          source: null,
          event: 'purchase',
          path: 'transaction_id',
          widget: null,
          widgetType: null,
          kind: 'invalid_props',
          count: 3,
          counts: 'page_views',
          visitors: 2,
          pages: 2,
          firstSeen: 100,
          lastSeen: 120,
          example: { message: 'latest' },
        },
        {
          code: 'invalid_props',
          source: null,
          event: null,
          path: null,
          widget: null,
          widgetType: null,
          kind: 'invalid_props',
          count: 1,
          counts: 'page_views',
          visitors: 1,
          pages: 0,
          firstSeen: 140,
          lastSeen: 140,
          example: { message: 'the tracker’s own' },
        },
      ]);
      const widget = (await store.errors('e', { from: 0, to: 1000 }, 10)).groups.find((g) => g.widget === 'stock');
      expect(widget).toMatchObject({ source: 'widget', widgetType: 'stock-banner', count: 1, counts: 'page_views' });
      expect([await store.countEvents('e'), await store.countInvalidProps('e')]).toEqual([6, 4]);
    });

    it('errors: one row per kind of a widget error (its code, else its message without ids, numbers, URLs, quoted values)', async () => {
      // the buy bar as it reports today (a code and its source) and as older widgets did (promotion fields, message)
      const bar = (ts: number, anon: string, page: string, props: Record<string, unknown>) =>
        row('k', 'nudge_error', ts, anon, {
          path: page,
          widget: 'bar',
          widgetType: 'buy-bar',
          props: { promotion_id: 'bar', creative_slot: 'buy-bar', ...props },
        });
      const noButton = 'found no add-to-cart button on the page (set target); the bar stays hidden';
      const store = await holding([
        bar(100, 'a', '/p/1', { source: 'widget', code: 'no_add_to_cart', message: noButton }),
        bar(101, 'b', '/p/2', { source: 'widget', code: 'no_add_to_cart', message: noButton }),
        bar(102, 'b', '/p/2', { source: 'widget', code: 'no_add_to_cart', message: `${noButton} (again)` }),
        // old events: no code; the same failure with another selector, id or address is the same kind
        bar(110, 'c', '/p/3', { message: 'target "#buy-42" matches no element; the bar stays hidden' }),
        bar(111, 'd', '/p/4', { message: 'target "form .add" matches no element; the bar stays hidden' }),
        bar(120, 'e', '/p/5', {
          message: 'color "rgba(0,0,0,.5)" is not an opaque CSS colour; using the theme accent',
        }),
        bar(130, 'f', '/p/6', { message: 'feed https://shop.example/stock/7.json answered 404 after 1200 ms' }),
        bar(131, 'f', '/p/7', { message: 'feed https://cdn.example/s.json?id=9 answered  500 after 80 ms' }),
        row('k', 'nudge_error', 140, 'g', { props: { source: 'widget', widget_id: 'bar', message: 'boom' } }),
        row('k', 'nudge_error', 150, 'h', { props: {} }),
      ]);
      const r = await store.errors('k', ALL, 100);
      expect([r.total, r.totalGroups]).toEqual([10, 6]);
      const rows = r.groups.map((g) => [g.source, g.widget, g.kind, g.count, g.visitors, g.pages, g.example.message]);
      expect(rows).toEqual([
        ['widget', 'bar', 'no_add_to_cart', 3, 2, 2, `${noButton} (again)`],
        [
          'widget',
          'bar',
          'feed <url> answered # after # ms',
          2,
          1,
          2,
          'feed https://cdn.example/s.json?id=9 answered  500 after 80 ms',
        ],
        // a known message without a code groups under the code today's client sends for it
        ['widget', 'bar', 'target_not_found', 2, 2, 2, 'target "form .add" matches no element; the bar stays hidden'],
        [null, null, null, 1, 1, 0, null],
        ['widget', 'bar', 'boom', 1, 1, 0, 'boom'],
        [
          'widget',
          'bar',
          'color "…" is not an opaque CSS colour; using the theme accent',
          1,
          1,
          1,
          'color "rgba(0,0,0,.5)" is not an opaque CSS colour; using the theme accent',
        ],
      ]);
      expect(r.groups[0]).toMatchObject({
        code: 'no_add_to_cart',
        widgetType: 'buy-bar',
        firstSeen: 100,
        lastSeen: 102,
      });
      // the missing-button reports go once per browser session (missing-button.ts): their count is of sessions, also
      // for old events grouped under the code by their message; every other row counts page views
      expect(r.groups.map((g) => [g.kind, g.counts])).toEqual([
        ['no_add_to_cart', 'sessions'],
        ['feed <url> answered # after # ms', 'page_views'],
        ['target_not_found', 'sessions'],
        [null, 'page_views'],
        ['boom', 'page_views'],
        ['color "…" is not an opaque CSS colour; using the theme accent', 'page_views'],
      ]);
    });

    it('errors: the same kind on every backend for whitespace, text beyond ASCII, a bare number and quotes', async () => {
      const err = (ts: number, message: string) =>
        row('q', 'nudge_error', ts, 'a', { props: { source: 'widget', widget_id: 'w', message } });
      const store = await holding([
        err(100, '  Échec\tdu flux 42 \n'),
        err(101, 'Échec du flux 7'),
        err(102, '404'),
        err(103, 'bad "https://x.example/a b" here'),
        err(104, "reading 'foo' of 3"),
        err(105, ''),
      ]);
      const r = await store.errors('q', ALL, 100);
      const kinds = Object.fromEntries(r.groups.map((g) => [String(g.kind), g.count]));
      expect(kinds).toEqual({
        '': 1,
        '#': 1,
        'bad "…" here': 1,
        "reading '…' of #": 1,
        'Échec du flux #': 2,
      });
    });

    it('errors: quoted values, sku-like tokens and selectors are one kind; known messages without a code join it', async () => {
      const err = (ts: number, anon: string, message: string, code?: string) =>
        row('s', 'nudge_error', ts, anon, { props: { source: 'widget', widget_id: 'w', message, code } });
      const skus = ['ALPHA', 'BETA', 'GAMMA', 'DELTA', 'EPSILON', 'ZETA', 'ETA', 'THETA'];
      const noButton = 'found no add-to-cart button on the page (set target); the bar stays hidden';
      const store = await holding([
        ...skus.map((k, i) => err(100 + i, 'a', `stock feed failed for sku ${k}-tea: 'timeout'`)),
        err(120, 'b', "target '#buy' matched nothing"),
        err(121, 'b', "target '.add' matched nothing"),
        err(122, 'b', "target 'button.cart' matched nothing"),
        err(130, 'c', 'no element for #buy-now or .add in form.product'),
        err(131, 'c', 'no element for #checkout or .cart in button.go'),
        err(140, 'd', "the shop can’t and won't say `x` for SKU-blue"),
        err(141, 'd', "the shop can’t and won't say `yy` for tea-XL"),
        err(150, 'e', 'window.fetch is not a function'),
        err(151, 'e', 'add-to-cart failed'),
        err(160, 'f', noButton, 'no_add_to_cart'),
        err(161, 'g', noButton),
      ]);
      const r = await store.errors('s', ALL, 100);
      expect(r.groups.map((g) => [g.code, g.kind, g.count, g.visitors])).toEqual([
        [null, "stock feed failed for sku #: '…'", 8, 1],
        [null, "target '…' matched nothing", 3, 1],
        ['no_add_to_cart', 'no_add_to_cart', 2, 2],
        [null, "the shop can’t and won't say `…` for #", 2, 1],
        [null, 'no element for # or # in #', 2, 1],
        [null, 'add-to-cart failed', 1, 1],
        [null, 'window.fetch is not a function', 1, 1],
      ]);
    });
  });
}
