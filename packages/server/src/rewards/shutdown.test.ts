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

it('keeps the leads of a refused batch that the stop itself stores (the client was told 503)', async () => {
  const a = await start();
  const admin = adminClient(a.url, 'stop-token');
  expect((await admin.post('/sites', { id: 'shop2', allowedOrigins: ['http://shop.test'] })).status).toBe(201);
  // the event store's next write fails (a blip): the batch is refused, stays queued, and the stop writes it
  type Put = (rows: unknown[]) => Promise<void>;
  const { opts } = (a.store as unknown as { buffer: { opts: { write: Put; quarantine: Put } } }).buffer;
  let down = true;
  const blip =
    (put: Put): Put =>
    (rows) =>
      down ? Promise.reject(new Error('blip')) : put(rows);
  opts.write = blip(opts.write);
  opts.quarantine = blip(opts.quarantine);
  const events = [envelope('generate_lead', { email: 'late@example.test', lead_source: 'coupon_popup' })];
  const sent = await fetch(`${a.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'shop2', sentAt: Date.now(), events }),
  });
  expect(sent.status).toBe(503);
  down = false;
  await a.close();

  const b = await start();
  try {
    const leads = (await adminClient(b.url, 'stop-token').get('/sites/shop2/leads')).body.leads as { id: string }[];
    expect(leads.map((l) => l.id)).toEqual([events[0]!.id]);
  } finally {
    await b.close();
  }
});
