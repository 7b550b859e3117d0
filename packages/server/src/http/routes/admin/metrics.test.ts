// Metrics over the admin API: definitions, roles, margin, the planner, and the threshold experiment judged on profit.
import { beforeAll, describe, expect, it } from 'vitest';
import { envelope } from '../../../testing.js';
import { admin, post, useServer } from '../test-server.js';

useServer();

const cents = (x: number) => Math.round(x * 100) / 100;

describe('metric definitions', () => {
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'mdef', allowedOrigins: [] })).status).toBe(201);
  });
  it('lists the built-ins; defines, replaces and deletes a site metric', async () => {
    const list = await admin.get('/sites/mdef/metrics');
    expect(list.body.metrics.map((m: any) => m.key)).toEqual([
      'view_item',
      'add_to_cart',
      'begin_checkout',
      'purchase',
      'revenue_per_visitor',
      'average_order_value',
      'coupon_redemption_rate',
      'discount_per_visitor',
      'profit_per_visitor',
    ]);
    const refunds = {
      key: 'refunds',
      name: 'Refunds',
      numerator: { event: 'refund', aggregate: 'sum', property: 'value' },
      higherIsBetter: false,
    };
    expect((await admin.post('/sites/mdef/metrics', refunds)).status).toBe(201);
    expect((await admin.post('/sites/mdef/metrics', { ...refunds, name: 'Refunds (net)' })).status).toBe(200);
    expect((await admin.get('/sites/mdef/metrics')).body.metrics.at(-1)).toMatchObject({
      key: 'refunds',
      name: 'Refunds (net)',
      builtIn: false,
      format: 'number',
    });
    expect(await admin.del('/sites/mdef/metrics/refunds')).toEqual({ status: 200, body: { deleted: 'refunds' } });
    expect((await admin.del('/sites/mdef/metrics/refunds')).status).toBe(404);
    expect((await admin.del('/sites/mdef/metrics/purchase')).status).toBe(409);
  });
  it('refuses a bad definition with the path of each bad field', async () => {
    const bad = await admin.post('/sites/mdef/metrics', {
      key: 'Bad Key',
      name: 'x',
      numerator: { event: 'purchase', aggregate: 'sum', filters: [{ property: 'coupon', op: 'eq' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(
      expect.arrayContaining(['key', 'numerator.property', 'numerator.filters.0.value']),
    );
    const builtIn = await admin.post('/sites/mdef/metrics', {
      key: 'purchase',
      name: 'Mine',
      numerator: { event: 'purchase', aggregate: 'converted' },
    });
    expect(builtIn.status).toBe(400);
    expect(builtIn.body.issues).toEqual([{ path: 'key', message: 'built in; choose another key' }]);
    const roles = await admin.put('/sites/mdef/metrics/experiments/x', {
      goal: 'nope',
      guardrails: ['purchase', 'gone'],
    });
    expect(roles.status).toBe(400);
    expect(roles.body.issues.map((i: any) => i.path)).toEqual(['goal', 'guardrails.1']);
    expect((await admin.put('/sites/mdef/metrics/settings', { margin: 40 })).body.issues[0].path).toBe('margin');
  });
  it('plans a test: visitors and days, sequential needing more than fixed', async () => {
    const seq = await admin.get('/sites/mdef/metrics/planner?baseline=0.03&minLift=0.1&dailyVisitors=2000');
    const fixed = await admin.get(
      '/sites/mdef/metrics/planner?baseline=0.03&minLift=0.1&dailyVisitors=2000&method=fixed',
    );
    expect(fixed.body).toMatchObject({ method: 'fixed', perVariant: 53208, total: 106416, days: 54 });
    expect(seq.body.perVariant).toBeGreaterThan(fixed.body.perVariant);
    expect(seq.body.days).toBe(Math.ceil(seq.body.total / 2000));
    const bad = await admin.get('/sites/mdef/metrics/planner?baseline=3&minLift=0.1');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['baseline', 'dailyVisitors']);
  });
});

describe('the threshold experiment: "spend 100 save 20" against "spend 150 save 30"', () => {
  // 2,000 visitors each. Control: 240 buy a 110 basket with 20 off (site margin 40%: goods cost 66, profit 24).
  // Treatment: 320 buy a 160 basket with 30 off, a product with its own 25% margin (goods cost 120, profit 10).
  const T = Date.now() - 3_600_000;
  beforeAll(async () => {
    expect((await admin.post('/sites', { id: 'thr', allowedOrigins: [] })).status).toBe(201);
    const variants = [
      { key: 'save20', weight: 1 },
      { key: 'save30', weight: 1 },
    ];
    const config = {
      schema: 1,
      site: 'thr',
      version: 1,
      widgets: [],
      experiments: [{ key: 'threshold', status: 'running', traffic: 1, variants }],
    };
    expect((await admin.post('/sites/thr/config', { config })).status).toBe(200);
    expect((await admin.put('/sites/thr/metrics/settings', { margin: 0.4 })).status).toBe(200);
    const events: any[] = [];
    for (let i = 0; i < 4000; i++) {
      const variant = i < 2000 ? 'save20' : 'save30';
      const k = i % 2000;
      const anonymousId = `thr-${i}`;
      const exposure = envelope(
        'experiment_exposure',
        { experiment: 'threshold', variant },
        { anonymousId, ts: T + i },
      );
      if (k % 2) exposure.context.screen = '390x844';
      events.push(exposure);
      const buys = variant === 'save20' ? k < 240 : k < 320;
      if (!buys) continue;
      const [price, discount, item] =
        variant === 'save20'
          ? [110, 20, { item_id: 'tea', price: 110, quantity: 1 }]
          : [160, 30, { item_id: 'pot', price: 160, quantity: 1, margin: 0.25 }];
      events.push(
        envelope(
          'purchase',
          { transaction_id: `thr-t${i}`, currency: 'CNY', value: price, discount, coupon: variant, items: [item] },
          { anonymousId, ts: T + 10_000 + i },
        ),
      );
    }
    for (let i = 0; i < events.length; i += 400)
      expect(
        (await post('/v1/events', { site: 'thr', sentAt: Date.now(), events: events.slice(i, i + 400) })).status,
      ).toBe(200);
    expect(
      (
        await admin.put('/sites/thr/metrics/experiments/threshold', {
          goal: 'profit_per_visitor',
          secondary: ['purchase', 'revenue_per_visitor', 'average_order_value'],
          guardrails: ['discount_per_visitor'],
        })
      ).status,
    ).toBe(200);
  });

  const byKey = (body: any) => Object.fromEntries(body.metrics.map((m: any) => [m.key, m]));

  it('revenue, discount and profit per visitor are exact to the cent', async () => {
    const r = await admin.get('/sites/thr/reports/experiments/threshold?method=fixed');
    expect(r.status).toBe(200);
    const m = byKey(r.body);
    expect(r.body.metrics.map((x: any) => [x.key, x.role])).toEqual([
      ['profit_per_visitor', 'goal'],
      ['purchase', 'secondary'],
      ['revenue_per_visitor', 'secondary'],
      ['average_order_value', 'secondary'],
      ['discount_per_visitor', 'guardrail'],
    ]);
    const values = (k: string) => m[k].variants.map((v: any) => cents(v.value));
    expect(values('revenue_per_visitor')).toEqual([13.2, 25.6]);
    expect(values('discount_per_visitor')).toEqual([2.4, 4.8]);
    expect(values('profit_per_visitor')).toEqual([2.88, 1.6]);
    expect(values('average_order_value')).toEqual([110, 160]);
    expect(values('purchase')).toEqual([0.12, 0.16]);
    expect(m.purchase.variants.map((v: any) => v.n)).toEqual([2000, 2000]);
  });

  it('the verdict on profit differs from the verdict on conversion, by every method', async () => {
    for (const method of ['sequential', 'fixed', 'bayesian']) {
      const r = await admin.get(`/sites/thr/reports/experiments/threshold?method=${method}`);
      const m = byKey(r.body);
      const conv = m.purchase.variants[1].vsControl;
      const profit = m.profit_per_visitor.variants[1].vsControl;
      expect(r.body.statistics.method).toBe(method);
      expect([conv.method, conv.significant, conv.lift > 0], method).toEqual([method, true, true]);
      expect([profit.significant, profit.lift < 0], method).toEqual([true, true]);
      // the guardrail: more discount given is worse, tested one-sided
      expect(m.discount_per_visitor.variants[1].vsControl.guardrail, method).toBe('worse');
      if (method === 'bayesian') expect(profit.chanceToBeat).toBeLessThan(0.05);
      // every basket of a variant costs the same here, so average order value has no spread, no test and no place
      // in the Holm family: profit, purchase and revenue per visitor make it
      else expect([conv.correction, conv.comparisons]).toEqual(['holm', 3]);
      expect(m.average_order_value.variants[1].vsControl).toMatchObject({ enough: false, reason: 'noVariance' });
    }
  });

  it('breaks results down by device, the groups adding up to the whole; CUPED is applied when asked', async () => {
    const r = await admin.get(
      '/sites/thr/reports/experiments/threshold?breakdown=device&cuped=true&metrics=purchase,profit_per_visitor',
    );
    expect(r.status).toBe(200);
    expect(r.body.breakdown.by).toBe('device');
    expect(r.body.breakdown.groups.map((g: any) => [g.value, g.visitors])).toEqual([
      ['desktop', 2000],
      ['mobile', 2000],
    ]);
    const whole = byKey(r.body);
    expect(cents(whole.profit_per_visitor.variants[0].value)).toBe(2.88);
    expect(whole.purchase.cuped).toBe(true);
    expect(r.body.statistics).toMatchObject({ method: 'sequential', cuped: true, correction: 'holm' });
    const bad = await admin.get('/sites/thr/reports/experiments/threshold?breakdown=planet&method=magic&metrics=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['method', 'breakdown']);
    const unknown = await admin.get('/sites/thr/reports/experiments/threshold?metrics=nope');
    expect(unknown.body.issues).toEqual([{ path: 'metrics', message: 'no metric "nope"' }]);
  });

  it('every breakdown answers, its groups adding up to all exposed visitors', async () => {
    const want: Record<string, string[]> = {
      source: ['direct'],
      locale: ['en'],
      visitor_type: ['new'],
      segment: ['new'],
      device: ['desktop', 'mobile'],
    };
    for (const [by, groups] of Object.entries(want)) {
      const r = await admin.get(`/sites/thr/reports/experiments/threshold?breakdown=${by}&metrics=purchase`);
      expect(r.status, by).toBe(200);
      expect(
        r.body.breakdown.groups.map((g: any) => g.value),
        by,
      ).toEqual(groups);
      expect(
        r.body.breakdown.groups.reduce((a: number, g: any) => a + g.visitors, 0),
        by,
      ).toBe(4000);
    }
  });

  it('groups visitors by source, locale, returning and segment from what they did before exposure', async () => {
    expect((await admin.post('/sites', { id: 'brk', allowedOrigins: [] })).status).toBe(201);
    const variants = [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
    ];
    const config = {
      schema: 1,
      site: 'brk',
      version: 1,
      widgets: [],
      experiments: [{ key: 'x', status: 'running', traffic: 1, variants }],
    };
    expect((await admin.post('/sites/brk/config', { config })).status).toBe(200);
    const now = Date.now() - 60_000;
    // old: bought 10 days ago in an earlier session, now back from a google ad, reading in Chinese
    const earlier = envelope(
      'purchase',
      { transaction_id: 'old-1', currency: 'USD', value: 20, items: [] },
      { anonymousId: 'old', ts: now - 10 * 86_400_000 },
    );
    earlier.sessionId = 'old-session';
    const back = envelope('experiment_exposure', { experiment: 'x', variant: 'a' }, { anonymousId: 'old', ts: now });
    back.context.utm = { source: 'google', medium: 'cpc' };
    back.context.locale = 'zh-CN';
    const fresh = envelope('experiment_exposure', { experiment: 'x', variant: 'b' }, { anonymousId: 'fresh', ts: now });
    fresh.sessionId = 'fresh-session';
    expect((await post('/v1/events', { site: 'brk', sentAt: Date.now(), events: [earlier, back, fresh] })).status).toBe(
      200,
    );
    const groups = async (by: string) =>
      (await admin.get(`/sites/brk/reports/experiments/x?breakdown=${by}&metrics=purchase`)).body.breakdown.groups.map(
        (g: any) => [g.value, g.visitors],
      );
    expect(await groups('source')).toEqual([
      ['direct', 1],
      ['google / cpc', 1],
    ]);
    expect(await groups('locale')).toEqual([
      ['en', 1],
      ['zh-CN', 1],
    ]);
    expect(await groups('visitor_type')).toEqual([
      ['new', 1],
      ['returning', 1],
    ]);
    expect(await groups('segment')).toEqual([
      ['active', 1],
      ['new', 1],
    ]);
  });

  it('profit needs a margin: without one the report says so instead of guessing', async () => {
    expect((await admin.post('/sites', { id: 'nomargin', allowedOrigins: [] })).status).toBe(201);
    const config = {
      schema: 1,
      site: 'nomargin',
      version: 1,
      widgets: [],
      experiments: [
        {
          key: 'x',
          status: 'running',
          traffic: 1,
          variants: [
            { key: 'a', weight: 1 },
            { key: 'b', weight: 1 },
          ],
        },
      ],
    };
    expect((await admin.post('/sites/nomargin/config', { config })).status).toBe(200);
    const r = await admin.get('/sites/nomargin/reports/experiments/x?metrics=profit_per_visitor,purchase');
    expect(byKey(r.body).profit_per_visitor.unavailable).toMatch(/margin/);
    expect(byKey(r.body).purchase.unavailable).toBeUndefined();
  });
});
