// The tracker in plain Node (no DOM): default fetch transport against the test collector, through an outage.
import { createTracker, memoryStorage } from '@nudge/core';
import { batchSchema } from '@nudge/core/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type Collector } from './support/collector.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.close());

it('runs in Node with memory storage and fetch, keeps events through an outage and sends each once', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const t = createTracker({ site: 'node', endpoint: collector.url, storage: memoryStorage(), flushInterval: 60_000 });
  t.track('purchase', {
    transaction_id: 'T-1',
    currency: 'EUR',
    value: 9.5,
    items: [{ item_id: 7, price: 9.5, quantity: 1 }],
  });
  await collector.down();
  t.track('sign_up', { method: 'api' });
  await t.flush(); // network error: resolves, keeps the events
  expect(collector.batches).toHaveLength(0);
  await collector.up();
  t.track('generate_lead', { value: 1 });
  await t.flush();
  const events = collector.events();
  expect(events.map((e) => e.name)).toEqual(['purchase', 'sign_up', 'generate_lead']);
  expect(new Set(events.map((e) => e.id)).size).toBe(3);
  expect(collector.batches.every((b) => b.contentType === 'application/json')).toBe(true);
  for (const b of collector.batches) expect(batchSchema.safeParse(b.body).success).toBe(true);
  await t.flush();
  expect(collector.events()).toHaveLength(3);
});
