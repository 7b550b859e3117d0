// Reports over the admin API: experiments (with sampled vitals), widgets, referrals and errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../../testing.js';
import { admin, post, s, siteWithExperiment, useServer } from '../test-server.js';

useServer();

describe('experiment report: sampled web vitals', () => {
  it('returns the raw samples and the page views they stand for, p75 unweighted', async () => {
    await siteWithExperiment('vit');
    const vital = (variant: string, lcp: number, sample_rate?: number) =>
      envelope(
        'web_vitals',
        { lcp, ...(sample_rate ? { sample_rate } : {}) },
        { anonymousId: `vit-${variant}-${lcp}`, experiments: { x: variant } },
      );
    const events = [vital('b', 1000, 0.25), vital('b', 2000, 0.25), vital('control', 1500)];
    expect((await post('/v1/events', { site: 'vit', sentAt: Date.now(), events })).status).toBe(200);
    const rep = await admin.get('/sites/vit/reports/experiments/x');
    expect(rep.body.vitals).toEqual([
      { variant: 'b', samples: 2, pageViews: 8, sampleRate: 0.25, lcp: 1750, inp: null, cls: null },
      { variant: 'control', samples: 1, pageViews: 1, sampleRate: 1, lcp: 1500, inp: null, cls: null },
    ]);
  });
});

describe('reports over HTTP', () => {
  it('experiment results with lift vs control and a sample-ratio-mismatch flag', async () => {
    await siteWithExperiment('rep');
    // 300 control visitors (30 buy), 150 in b (30 buy): b converts twice as well, and the 2:1 split is a mismatch.
    // Event times before 2000 are refused as a broken clock, so the fixture starts in 2025.
    const T0 = Date.UTC(2025, 0, 1);
    const events = [];
    for (let i = 0; i < 450; i++) {
      const variant = i < 300 ? 'control' : 'b';
      const anonymousId = `r${i}`;
      events.push(envelope('experiment_exposure', { experiment: 'x', variant }, { anonymousId, ts: T0 + i }));
      if ((variant === 'control' && i % 10 === 0) || (variant === 'b' && i % 5 === 0))
        events.push(
          envelope(
            'purchase',
            { transaction_id: `t${i}`, currency: 'USD', value: 10, items: [] },
            { anonymousId, ts: T0 + i + 1 },
          ),
        );
    }
    for (let i = 0; i < events.length; i += 400)
      expect(
        (await post('/v1/events', { site: 'rep', sentAt: Date.now(), events: events.slice(i, i + 400) })).status,
      ).toBe(200);
    const r = await admin.get('/sites/rep/reports/experiments/x');
    expect(r.status).toBe(200);
    expect(r.body.variants.map((v: any) => [v.variant, v.exposed, v.steps.purchase, v.revenue])).toEqual([
      ['control', 300, 30, 300],
      ['b', 150, 30, 300],
    ]);
    const b = r.body.variants[1];
    expect(b.vsControl.steps.purchase.lift).toBeCloseTo(1, 10);
    // sequential by default: read every day, a doubling on 30 buyers a side is not yet safe to call
    expect(r.body.method).toMatchObject({ name: 'sequential', correction: 'holm', comparisons: 2 });
    expect(b.vsControl.steps.purchase).toMatchObject({ method: 'sequential', significant: false });
    // fixed horizon: delta-method SE of the lift for the interval and the p-value alike (scipy: 0.035691900); Holm over
    // the two tests with enough data (purchase, revenue per visitor: p 0.0362) doubles the smaller p
    const fixed = (await admin.get('/sites/rep/reports/experiments/x?method=fixed')).body.variants[1].vsControl;
    expect(fixed.steps.purchase.pValueRaw).toBeCloseTo(0.0356919, 5);
    expect(fixed.steps.purchase.pValue).toBeCloseTo(2 * 0.0356919, 5);
    expect(fixed.steps.purchase.significant).toBe(false);
    expect(fixed.steps.purchase.level).toBe(0.975);
    expect(fixed.steps.view_item).toMatchObject({ enough: false, reason: 'sample' });
    expect(b.conversion.purchase).toBeCloseTo(0.2, 10);
    expect(b.revenuePerVisitor).toBeCloseTo(2, 10);
    expect(b.averageOrderValue).toBe(10);
    expect(r.body.srm.mismatch).toBe(true);
    expect(r.body.srm.chiSquare).toBeCloseTo(50, 6); // (300-225)^2/225 + (150-225)^2/225
    const ranged = await admin.get(`/sites/rep/reports/experiments/x?from=${T0 + 300}&to=${T0 + 449}`);
    expect(ranged.body.variants.map((v: any) => v.exposed)).toEqual([0, 150]);
    expect((await admin.get('/sites/rep/reports/experiments/nope')).status).toBe(404);
    expect((await admin.get('/sites/rep/reports/experiments/x?from=yesterday')).body.issues[0].path).toBe('from');
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const r = await admin.get('/sites/rep/reports/experiments/x?from=2026-11-22&to=2026-11-21');
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ path: 'from', message: 'must not be later than to' }]);
    expect((await admin.get('/sites/rep/reports/errors?from=2000&to=1000')).status).toBe(400);
    expect((await admin.get('/sites/rep/reports/experiments/x?tz=Mars/Olympus')).body.issues[0].path).toBe('tz');
  });

  const siteWith = async (id: string, variants: { key: string; weight: number }[]) => {
    await admin.post('/sites', { id, allowedOrigins: [] });
    const pub = await admin.post(`/sites/${id}/config`, {
      config: {
        schema: 1,
        site: id,
        version: 1,
        widgets: [],
        experiments: [{ key: 'x', status: 'running', traffic: 1, variants }],
      },
    });
    expect(pub.status).toBe(200);
  };
  const send = async (site: string, events: unknown[]) => {
    for (let i = 0; i < events.length; i += 400)
      expect((await post('/v1/events', { site, sentAt: Date.now(), events: events.slice(i, i + 400) })).status).toBe(
        200,
      );
  };
  const exposures = (prefix: string, counts: Record<string, number>, ts: number, props: Record<string, unknown> = {}) =>
    Object.entries(counts).flatMap(([variant, n]) =>
      Array.from({ length: n }, (_, i) =>
        envelope(
          'experiment_exposure',
          { experiment: 'x', variant, ...props },
          { anonymousId: `${prefix}-${variant}-${i}`, ts: ts + i },
        ),
      ),
    );

  it('SRM: visitors in a weight-0 variant are a mismatch, and the sentence data lines up with every variant', async () => {
    await siteWith('srm0', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 0 },
      { key: 't2', weight: 1 },
    ]);
    await send('srm0', exposures('z', { ctl: 100, t1: 40, t2: 100 }, Date.now() - 5000));
    const r = await admin.get('/sites/srm0/reports/experiments/x');
    expect(r.body.srm).toMatchObject({
      mismatch: true,
      pValue: 0,
      variants: ['ctl', 't1', 't2'],
      observed: [100, 40, 100],
      expected: [120, 0, 120],
      unexpected: [1],
    });
  });

  it('Holm counts only the treatments someone saw: a switched-off third arm costs the others nothing', async () => {
    // 150 visitors an arm, 20 of them buying for 10: purchase and revenue per visitor make a test per treatment
    const buyers = (site: string, prefix: string, arms: string[]) =>
      send(site, [
        ...exposures(prefix, Object.fromEntries(arms.map((a) => [a, 150])), Date.now() - 5000),
        ...arms.flatMap((a) =>
          Array.from({ length: 20 }, (_, i) =>
            envelope(
              'purchase',
              { transaction_id: `${prefix}-${a}-${i}`, currency: 'USD', value: 10 + i, items: [] },
              { anonymousId: `${prefix}-${a}-${i}`, ts: Date.now() - 1000 },
            ),
          ),
        ),
      ]);
    await siteWith('holm', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 1 },
      { key: 'off', weight: 0 },
    ]);
    await buyers('holm', 'h', ['ctl', 't1']);
    expect((await admin.get('/sites/holm/reports/experiments/x?method=fixed')).body.method).toMatchObject({
      name: 'fixed',
      correction: 'holm',
      comparisons: 2,
    });
    await siteWith('holm3', [
      { key: 'ctl', weight: 1 },
      { key: 't1', weight: 1 },
      { key: 't2', weight: 1 },
    ]);
    await buyers('holm3', 'k', ['ctl', 't1', 't2']);
    const three = (await admin.get('/sites/holm3/reports/experiments/x?method=fixed')).body;
    expect(three.method).toMatchObject({ comparisons: 4 });
    // identical arms: nothing significant, and the largest p of the family is adjusted no lower than itself
    for (const v of three.variants.slice(1))
      expect(v.vsControl.steps.purchase).toMatchObject({ significant: false, correction: 'holm', comparisons: 4 });
    expect((await admin.get('/sites/holm3/reports/experiments/x?method=bayesian')).body.method).toMatchObject({
      name: 'bayesian',
      correction: 'none',
    });
  });

  it('SRM expects the weights in force when each visitor was first exposed', async () => {
    await siteWith('srmw', [
      { key: 'a', weight: 0.5 },
      { key: 'b', weight: 0.5 },
    ]);
    await send('srmw', exposures('w', { a: 200, b: 200 }, Date.now() - 5000));
    expect((await admin.post('/sites/srmw/experiments/x/weights', { weights: { a: 0.9, b: 0.1 } })).status).toBe(200);
    const same = await admin.get('/sites/srmw/reports/experiments/x');
    expect(same.body.srm).toMatchObject({ mismatch: false, mixed: true, expected: [200, 200] });
    // 90 new visitors at the new weights, all in a: expected 200 + 81 / 200 + 9; scipy.stats.chisquare([290, 200], [281, 209]) p = 0.4110
    await new Promise((r) => setTimeout(r, 5));
    await send('srmw', exposures('w2', { a: 90 }, Date.now()));
    const later = await admin.get('/sites/srmw/reports/experiments/x');
    expect(later.body.srm.expected[0]).toBeCloseTo(281, 6);
    expect(later.body.srm.pValue).toBeCloseTo(0.4110311908900758, 6);
  });

  it('does not attribute purchases made after the experiment stopped', async () => {
    await siteWith('stop', [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ]);
    const t = Date.now() - 5000;
    await send('stop', [
      envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'buyer', ts: t }),
      envelope(
        'purchase',
        { transaction_id: 'T1', currency: 'USD', value: 20, items: [] },
        { anonymousId: 'buyer', ts: t + 10, experiments: { x: 'b' } },
      ),
    ]);
    expect((await admin.post('/sites/stop/experiments/x/stop', { winner: 'a' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    await send('stop', [
      envelope(
        'purchase',
        { transaction_id: 'T2', currency: 'USD', value: 500, items: [] },
        { anonymousId: 'buyer', ts: Date.now() },
      ),
    ]);
    const r = await admin.get('/sites/stop/reports/experiments/x');
    const b = r.body.variants.find((v: any) => v.variant === 'b');
    expect([b.steps.purchase, b.orders, b.revenue]).toEqual([1, 1, 20]);
    expect(r.body.stoppedAt).toBeGreaterThan(t);
    expect(r.body.startedAt).toBeLessThan(r.body.stoppedAt);
  });

  it('says how much of the traffic is simulated, and can leave it out', async () => {
    await siteWith('sim', [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ]);
    const t = Date.now() - 5000;
    await send('sim', [
      ...exposures('real', { a: 3, b: 3 }, t),
      ...exposures('bot', { a: 2, b: 4 }, t, { simulated: true }),
      envelope(
        'purchase',
        { transaction_id: 'S1', currency: 'USD', value: 10, items: [], simulated: true },
        { anonymousId: 'bot-b-0', ts: t + 100 },
      ),
      envelope(
        'purchase',
        { transaction_id: 'R1', currency: 'USD', value: 10, items: [] },
        { anonymousId: 'real-b-0', ts: t + 100 },
      ),
      envelope(
        'web_vitals',
        { lcp: 900, simulated: true },
        { anonymousId: 'bot-b-0', ts: t + 50, experiments: { x: 'b' } },
      ),
      envelope('web_vitals', { lcp: 1200 }, { anonymousId: 'real-b-0', ts: t + 50, experiments: { x: 'b' } }),
    ]);
    const all = await admin.get('/sites/sim/reports/experiments/x');
    expect(all.body.simulated).toEqual({ exposed: 6, orders: 1, excluded: false });
    expect(
      all.body.variants.map((v: any) => [v.variant, v.exposed, v.simulated.exposed, v.orders, v.simulated.orders]),
    ).toEqual([
      ['a', 5, 2, 0, 0],
      ['b', 7, 4, 2, 1],
    ]);
    const real = await admin.get('/sites/sim/reports/experiments/x?simulated=exclude');
    expect(real.body.simulated).toEqual({ exposed: 0, orders: 0, excluded: true });
    expect(real.body.variants.map((v: any) => [v.variant, v.exposed, v.orders])).toEqual([
      ['a', 3, 0],
      ['b', 3, 1],
    ]);
    expect(all.body.vitals.map((v: any) => [v.variant, v.samples])).toEqual([['b', 2]]);
    expect(real.body.vitals.map((v: any) => [v.variant, v.samples, v.lcp])).toEqual([['b', 1, 1200]]);
  });

  it('widget and referral reports', async () => {
    const events = [
      envelope(
        'view_promotion',
        { promotion_id: 'stock', creative_slot: 'stock-banner', state: 'low', stock: 3, source: 'erp' },
        { anonymousId: 'w1' },
      ),
      envelope('select_promotion', { promotion_id: 'pop', creative_slot: 'coupon-popup' }, { anonymousId: 'w1' }),
      envelope('share', { method: 'copy', code: 'FRIEND1' }, { anonymousId: 'owner' }),
      envelope('page_view', {}, { anonymousId: 'f1', referral: 'FRIEND1' }),
      envelope(
        'purchase',
        { transaction_id: 'p1', currency: 'USD', value: 5, items: [] },
        { anonymousId: 'f1', ts: Date.now() + 10 },
      ),
    ];
    expect((await post('/v1/events', { site: 'rep', sentAt: Date.now(), events })).status).toBe(200);
    const w = await admin.get('/sites/rep/reports/widgets');
    expect(w.body.widgets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ widget: 'pop', claims: 1 }),
        expect.objectContaining({ widget: 'stock', shows: 1 }),
      ]),
    );
    expect(w.body.stockClaims).toEqual([
      { widget: 'stock', shows: 1, figures: { state: 'low', stock: 3, source: 'erp' } },
    ]);
    const ref = await admin.get('/sites/rep/reports/referrals');
    expect(ref.body.codes).toEqual([
      { code: 'FRIEND1', landings: 1, firstPurchases: 1, rewardsOwed: { inviter: 1, friend: 1 } },
    ]);
  });

  it('a referrer who shares through the referral card and opens their own link is a self-referral', async () => {
    const t = Date.now();
    // exactly what <nudge-referral-card> sends: GA4 share (method, content_type, item_id) and select_promotion
    const card = { promotion_id: 'refer-a-friend', creative_slot: 'referral-card' };
    const events = [
      envelope(
        'share',
        { method: 'copy', content_type: 'referral', item_id: 'CARD7', ...card },
        { anonymousId: 'sharer', ts: t },
      ),
      envelope('select_promotion', { ...card, item_id: 'CARD8' }, { anonymousId: 'sharer2', ts: t }),
      envelope('page_view', {}, { anonymousId: 'sharer', referral: 'CARD7', ts: t + 1 }),
      envelope(
        'purchase',
        { transaction_id: 'own-1', currency: 'USD', value: 5, items: [] },
        { anonymousId: 'sharer', referral: 'CARD7', ts: t + 2 },
      ),
      envelope('page_view', {}, { anonymousId: 'sharer2', referral: 'CARD8', ts: t + 1 }),
      envelope('page_view', {}, { anonymousId: 'friend7', referral: 'CARD7', ts: t + 3 }),
    ];
    expect((await post('/v1/events', { site: 'rep', sentAt: Date.now(), events })).status).toBe(200);
    const ref = await admin.get('/sites/rep/reports/referrals');
    expect(ref.body.codes.filter((c: { code: string }) => c.code.startsWith('CARD'))).toEqual([
      { code: 'CARD7', landings: 1, firstPurchases: 0, rewardsOwed: { inviter: 0, friend: 0 } },
    ]);
  });
});

describe('GET /v1/admin/sites/:site/reports/errors', () => {
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'errs', allowedOrigins: [] })).status).toBe(201);
  });

  it('needs the admin token and refuses a bad range or limit with the field', async () => {
    expect((await fetch(`${s.url}/v1/admin/sites/errs/reports/errors`)).status).toBe(401);
    const bad = await admin.get('/sites/errs/reports/errors?from=yesterday&to=2026-11-22');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_range', issues: [{ path: 'from', message: expect.any(String) }] });
    const limit = await admin.get('/sites/errs/reports/errors?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.issues).toEqual([{ path: 'limit', message: expect.any(String) }]);
    expect((await admin.get('/sites/nope/reports/errors')).status).toBe(404);
  });

  it('groups a purchase sent without transaction_id, the moment the collector acknowledged it', async () => {
    const t = Date.now();
    const purchase = (anonymousId: string, ts: number) =>
      envelope('purchase', { currency: 'USD', value: 30, items: [] }, { anonymousId, ts });
    const events = [
      purchase('v1', t),
      purchase('v1', t + 1),
      purchase('v2', t + 2),
      envelope(
        'nudge_error',
        { source: 'widget', widget_id: 'stock', widget_type: 'stock-banner', message: 'feed said -1' },
        { anonymousId: 'v3', ts: t + 3 },
      ),
      envelope('add_to_cart', { currency: 'USD', value: 3, items: [] }, { anonymousId: 'v4', ts: t + 4 }),
    ];
    expect((await post('/v1/events', { site: 'errs', sentAt: Date.now(), events })).status).toBe(200);
    const r = await admin.get(`/sites/errs/reports/errors?from=${t - 1000}&to=${t + 1000}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ range: { from: t - 1000, to: t + 1000 }, total: 4, totalGroups: 2 });
    expect(r.body.groups).toEqual([
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
        pages: 1,
        firstSeen: t,
        lastSeen: t + 2,
        example: { message: expect.any(String) },
      },
      {
        code: null,
        source: 'widget',
        event: null,
        path: null,
        widget: 'stock',
        widgetType: null,
        kind: 'feed said #',
        count: 1,
        counts: 'page_views',
        visitors: 1,
        pages: 1,
        firstSeen: t + 3,
        lastSeen: t + 3,
        example: { message: 'feed said -1' },
      },
    ]);
    const one = await admin.get(`/sites/errs/reports/errors?from=${t - 1000}&to=${t + 1000}&limit=1`);
    expect(one.body).toMatchObject({ total: 4, totalGroups: 2, groups: [{ event: 'purchase' }] });
    const before = await admin.get(`/sites/errs/reports/errors?to=${t - 1}`);
    expect(before.body).toMatchObject({ total: 0, totalGroups: 0, groups: [] });
  });

  it("names each widget's type as stored at ingest from the config then in force; one removed since keeps it", async () => {
    const cfg = (widgets: unknown[]) => ({ config: { schema: 1, site: 'errs', version: 1, widgets, experiments: [] } });
    const pop = { id: 'pop', type: 'coupon-popup', props: { code: 'HI10', amount: 10, currency: 'USD' } };
    const bar = { id: 'bar', type: 'buy-bar', props: {} };
    expect((await admin.post('/sites/errs/config', cfg([pop, bar]))).status).toBe(200);
    const t = Date.now() + 10_000;
    const failed = (widget_id: string, i: number) =>
      envelope('nudge_error', { source: 'widget', widget_id, message: 'x' }, { anonymousId: 'w', ts: t + i });
    const send = async (events: unknown[]) =>
      expect((await post('/v1/events', { site: 'errs', sentAt: Date.now(), events })).status).toBe(200);
    await send([failed('pop', 0), failed('bar', 1), failed('ghost', 2)]);
    expect((await admin.post('/sites/errs/config', cfg([bar]))).status).toBe(200); // pop removed since
    await send([failed('pop', 3)]);
    await s.store.flush();
    const rows = (await s.store.tail('errs', 100)).filter((e) => e.ts >= t);
    expect(rows.map((e) => [e.widget, e.widgetType]).sort()).toEqual([
      ['bar', 'buy-bar'],
      ['ghost', null],
      ['pop', null],
      ['pop', 'coupon-popup'],
    ]);
    const r = await admin.get(`/sites/errs/reports/errors?from=${t}&to=${t + 10}`);
    expect(
      r.body.groups.map((g: { widget: string; widgetType: string | null }) => [g.widget, g.widgetType]).sort(),
    ).toEqual([
      ['bar', 'buy-bar'],
      ['ghost', null],
      ['pop', 'coupon-popup'],
    ]);
  });
});
