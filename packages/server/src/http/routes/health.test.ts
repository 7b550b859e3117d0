// /healthz and /readyz: the route group over stores that answer, throw or hang, and a real server that starts draining.
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server.js';
import type { ControlStore, EventSink } from '../../store/ports.js';
import { healthRoutes } from './health.js';

type Behaviour = 'ok' | 'throws' | 'hangs';
const act = (b: Behaviour) =>
  b === 'ok'
    ? Promise.resolve()
    : b === 'throws'
      ? Promise.reject(new Error('connection refused'))
      : new Promise<void>(() => {});

/** Stores whose reads answer, throw or never settle, counting the calls. */
function stores(control: Behaviour = 'ok', events: Behaviour = 'ok') {
  const calls = { control: 0, events: 0 };
  const c = {
    getMeta: (): Promise<string | undefined> => (calls.control++, act(control).then(() => undefined)),
  } as unknown as ControlStore;
  const e = { ping: () => (calls.events++, act(events)) } as unknown as EventSink;
  return { d: { control: c, events: e }, calls };
}

function app(control: Behaviour = 'ok', events: Behaviour = 'ok', draining = false) {
  const { d, calls } = stores(control, events);
  const state = { draining };
  const routes = healthRoutes(d, { draining: () => state.draining, timeoutMs: 50 });
  return { get: (path: string) => routes.request(path), calls, state };
}

describe('GET /healthz', () => {
  it('answers 200 with a small JSON body without asking the stores, even when they are down', async () => {
    const h = app('throws', 'throws', true);
    const res = await h.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true });
    expect(h.calls).toEqual({ control: 0, events: 0 });
  });
});

describe('GET /readyz', () => {
  it('answers 200 when the control store and the event sink both answer', async () => {
    const h = app();
    const res = await h.get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(h.calls).toEqual({ control: 1, events: 1 });
  });

  it.each([
    ['the control store throws', 'throws', 'ok', /control store.*connection refused/],
    ['the event store throws', 'ok', 'throws', /event store.*connection refused/],
    ['the control store hangs', 'hangs', 'ok', /control store did not answer within 50 ms/],
    ['the event store hangs', 'ok', 'hangs', /event store did not answer within 50 ms/],
  ] as const)('answers 503 when %s', async (_, control, events, message) => {
    const started = Date.now();
    const res = await app(control, events).get('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('not_ready');
    expect(body.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers 503 while draining, without asking the stores', async () => {
    const h = app();
    expect((await h.get('/readyz')).status).toBe(200);
    h.state.draining = true;
    const res = await h.get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'draining' });
    expect(h.calls).toEqual({ control: 1, events: 1 });
  });
});

describe('a running server', () => {
  it('is ready on its DuckDB store, flips /readyz to 503 as soon as close() starts, and still answers /healthz', async () => {
    const s = await startServer({ port: 0, data: ':memory:', adminToken: 't', log: () => {} });
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${s.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
      const closing = s.close();
      // draining began synchronously with close(): the app refuses readiness before the store is closed
      expect((await s.app.request('/readyz')).status).toBe(503);
      expect((await s.app.request('/healthz')).status).toBe(200);
      await closing;
    } finally {
      await s.close();
    }
  });

  it('answers 503 on /readyz once its store is unreachable', async () => {
    const s = await startServer({ port: 0, data: ':memory:', adminToken: 't', log: () => {} });
    const ping = s.store.ping.bind(s.store);
    s.store.ping = () => Promise.reject(new Error('disk gone'));
    try {
      const res = await fetch(`${s.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'not_ready', message: expect.stringContaining('disk gone') });
    } finally {
      s.store.ping = ping;
      await s.close();
    }
  });
});
