// The route tests' server: really listening, in-memory store, the demo seeded and a `shop` site for ORIGIN.
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer } from '../../server.js';
import { adminClient } from '../../testing.js';

export const ORIGIN = 'http://shop.test:8080';
export let s: RunningServer;
export let admin: ReturnType<typeof adminClient>;

/** Starts the server before the file's tests and closes it after them. */
export function useServer(): void {
  beforeAll(async () => {
    s = await startServer({
      port: 0,
      data: ':memory:',
      adminToken: 'test-token',
      seedDemo: true,
      log: () => {},
      heartbeatMs: 200,
      rateLimit: { perAddress: { rate: 1000, burst: 1000 } },
    });
    admin = adminClient(s.url, 'test-token');
    expect((await admin.post('/sites', { id: 'shop', name: 'Shop', allowedOrigins: [ORIGIN] })).status).toBe(201);
  });
  afterAll(() => s.close());
}

export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Creates site `id` and publishes one running experiment `x`: control and b, equal weights, all traffic. */
export async function siteWithExperiment(id: string): Promise<void> {
  expect((await admin.post('/sites', { id, allowedOrigins: [] })).status).toBe(201);
  const variants = [
    { key: 'control', weight: 1 },
    { key: 'b', weight: 1 },
  ];
  const config = {
    schema: 1,
    site: id,
    version: 1,
    widgets: [],
    experiments: [{ key: 'x', status: 'running', traffic: 1, variants }],
  };
  expect((await admin.post(`/sites/${id}/config`, { config })).status).toBe(200);
}
