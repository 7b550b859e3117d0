// Probes for load balancers: /healthz (the process answers) and /readyz (its stores answer and it is not draining).
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { fail } from '../errors.js';

/** How long /readyz waits for the stores before it calls them unreachable. */
export const READY_TIMEOUT_MS = 1000;

export interface HealthOptions {
  /** true from the moment a shutdown starts: /readyz answers 503 so the balancer stops sending new requests */
  draining(): boolean;
  timeoutMs?: number;
}

/** Resolves when `p` does within `ms`; rejects naming `what` when it rejects or is late. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  const named = p.catch((e: unknown) => {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  });
  return Promise.race([named, late]).finally(() => clearTimeout(timer));
}

export function healthRoutes(d: Pick<Deps, 'control' | 'events'>, opts: HealthOptions) {
  const ms = opts.timeoutMs ?? READY_TIMEOUT_MS;
  return new Hono()
    .get('/healthz', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ ok: true });
    })
    .get('/readyz', async (c) => {
      c.header('Cache-Control', 'no-store');
      if (opts.draining()) return fail(c, 503, 'draining', 'the server is shutting down');
      // A meta read through the control store and a ping of the event sink, each bounded: a hung store is unreachable.
      const checks = await Promise.allSettled([
        within(d.control.getMeta('ready_probe'), ms, 'the control store'),
        within(d.events.ping(), ms, 'the event store'),
      ]);
      const down = checks.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
      if (down.length) return fail(c, 503, 'not_ready', `a store is unreachable: ${down.join('; ')}`);
      // A shutdown may have started while the stores were asked.
      if (opts.draining()) return fail(c, 503, 'draining', 'the server is shutting down');
      return c.json({ ok: true });
    });
}
