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
