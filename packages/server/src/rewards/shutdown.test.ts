// A graceful stop finishes the rewards' work for what was acknowledged: a lead sent just before the stop is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer } from '../server.js';
import { adminClient, envelope } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'nudge-rewards-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const start = () =>
  startServer({ port: 0, data: dir, adminToken: 'stop-token', log: () => {}, alertsIntervalMs: 0, seedDemo: false });

it('keeps the leads of events acknowledged just before a stop', async () => {
  const a = await startServer({
    port: 0,
    data: dir,
    adminToken: 'stop-token',
    log: () => {},
    alertsIntervalMs: 0,
    seedDemo: false,
  });
  const admin = adminClient(a.url, 'stop-token');
  expect((await admin.post('/sites', { id: 'shop', allowedOrigins: ['http://shop.test'] })).status).toBe(201);
  const events = Array.from({ length: 20 }, (_, i) =>
    envelope('generate_lead', { email: `p${i}@example.test`, lead_source: 'coupon_popup' }),
  );
  const sent = await fetch(`${a.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'shop', sentAt: Date.now(), events }),
  });
  expect(sent.status).toBe(200);
  await a.close();

  const b = await start();
  try {
    const leads = (await adminClient(b.url, 'stop-token').get('/sites/shop/leads')).body.leads as { id: string }[];
    expect(leads.map((l) => l.id).sort()).toEqual(events.map((e) => e.id).sort());
  } finally {
    await b.close();
  }
});
