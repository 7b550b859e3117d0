// The metric report and the shop dashboard over HTTP on a server whose events are on ClickHouse: answered, not 501.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickHouseBinary,
  startClickHouse,
  type ClickHouseEngine,
} from '../../../../../test/support/engines/clickhouse.js';
import { startServer, type RunningServer } from '../../server.js';
import { adminClient, envelope } from '../../testing.js';

describe.skipIf(!clickHouseBinary())('metrics and dashboard routes on ClickHouse events', () => {
  let engine: ClickHouseEngine;
  let s: RunningServer;
  let admin: ReturnType<typeof adminClient>;
  beforeAll(async () => {
    engine = await startClickHouse({ shards: 2 });
    const hosts = engine.shards.map((u) => new URL(u).host).join(',');
    s = await startServer({
      port: 0,
      data: ':memory:',
      events: `clickhouse://${hosts}/routes_${process.pid}`,
      adminToken: 'test-token',
      log: () => {},
    });
    admin = adminClient(s.url, 'test-token');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await engine?.stop();
  }, 60_000);

  it('answers the experiment report with metrics and a breakdown, and the dashboard with its products', async () => {
    expect((await admin.post('/sites', { id: 'ch', allowedOrigins: [] })).status).toBe(201);
    const variants = [
      { key: 'control', weight: 1 },
      { key: 'b', weight: 1 },
    ];
    const config = {
      schema: 1,
      site: 'ch',
      version: 1,
      widgets: [],
      experiments: [{ key: 'x', status: 'running', traffic: 1, variants }],
    };
    expect((await admin.post('/sites/ch/config', { config })).status).toBe(200);
    const t = Date.now() - 60_000;
    const events = ['control', 'b', 'b'].flatMap((variant, i) => [
      envelope('experiment_exposure', { experiment: 'x', variant }, { anonymousId: `p${i}`, ts: t + i }),
      envelope(
        'purchase',
        {
          transaction_id: `T${i}`,
          value: 100,
          currency: 'USD',
          coupon: 'SAVE',
          discount: 10,
          items: [{ item_id: 'tea', item_name: 'Tea', price: 100, quantity: 1 }],
        },
        { anonymousId: `p${i}`, ts: t + 100 + i },
      ),
    ]);
    const sent = await fetch(`${s.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'ch', sentAt: Date.now(), events }),
    });
    expect(sent.status).toBe(200);
    await admin.put('/sites/ch/metrics/settings', { margin: 0.4 });

    const report = await admin.get(
      '/sites/ch/reports/experiments/x?metrics=purchase,profit_per_visitor&breakdown=device',
    );
    expect(report.status).toBe(200);
    expect(report.body.metricsUnsupported).toBeUndefined();
    const profit = report.body.metrics.find((m: { key: string }) => m.key === 'profit_per_visitor');
    // value 100 - discount 10 - cost of goods 100 × (1 - 0.4) = 30 per visitor, in both variants
    expect(
      profit.variants.map((v: { variant: string; n: number; value: number }) => [v.variant, v.n, v.value]),
    ).toEqual([
      ['control', 1, 30],
      ['b', 2, 30],
    ]);
    expect(report.body.breakdown.groups.map((g: { value: string; visitors: number }) => [g.value, g.visitors])).toEqual(
      [['desktop', 3]],
    );

    const dash = await admin.get(`/sites/ch/dashboard?from=${t - 1000}&to=${Date.now()}&breakdown=channel`);
    expect(dash.status).toBe(200);
    expect(dash.body.totals.current).toMatchObject({ visitors: 3, buyers: 3, orders: 3, revenue: 300 });
    expect(dash.body.widgets).toMatchObject({ redemptions: 3 });
    const products = await admin.get(`/sites/ch/dashboard/products?from=${t - 1000}&to=${Date.now()}&channel=direct`);
    expect(products.status).toBe(200);
    expect(products.body).toMatchObject({
      products: [{ itemId: 'tea', name: 'Tea', orders: 3, units: 3, revenue: 300 }],
    });
  }, 120_000);
});
