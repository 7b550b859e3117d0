// The tracker against the real collector while its event store fails: 503 + Retry-After, the queue kept, then stored once.
import { createTracker, memoryStorage } from '@nudge/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { adminClient } from '../packages/server/src/testing.js';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer({ port: 0, data: ':memory:', adminToken: 'outage-token', log: () => {} });
  const admin = adminClient(s.url, 'outage-token');
  expect((await admin.post('/sites', { id: 'outage', allowedOrigins: [] })).status).toBe(201);
});
afterAll(() => s.close());

it('keeps its queue while the store cannot write (503, Retry-After) and delivers each event once after', async () => {
  const store = s.store as { append: typeof s.store.append };
  const append = store.append.bind(s.store);
  const answers: { status: number; retryAfter: string | null }[] = [];
  store.append = () => Promise.reject(new Error('the event store cannot be reached'));
  const t = createTracker({
    site: 'outage',
    endpoint: s.url,
    storage: memoryStorage(),
    flushInterval: 60_000,
    // fetch as the default transport does, recording what the collector answered
    send: async ({ url, body }) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      answers.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
      return { status: r.status, retryAfter: r.headers.get('retry-after') };
    },
  });
  t.track('sign_up', { method: 'api' });
  t.track('generate_lead', { value: 1 });
  await t.flush();
  expect(answers).toEqual([{ status: 503, retryAfter: '2' }]);
  expect(await s.store.countEvents('outage')).toBe(0);

  store.append = append; // the store is back
  t.track('page_view', {});
  await t.flush(); // flush() sends now, whatever the backoff says
  expect(answers.slice(1).map((a) => a.status)).toEqual([200]);
  const stored = await s.store.tail('outage', 10);
  expect(stored.map((e) => e.name).sort()).toEqual(['generate_lead', 'page_view', 'sign_up']);
  await t.flush();
  expect(await s.store.countEvents('outage')).toBe(3);
});
