// Rate limits and stream caps behind small interfaces, so a shared backend (Redis, ...) can replace the in-memory ones.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { fail } from './errors.js';

/** Takes `cost` tokens from `key`'s bucket: 0 when allowed, else seconds until it would be. */
export interface Limiter {
  take(key: string, cost?: number): number | Promise<number>;
}

/** Open long-lived connections (config streams) per client address and in all. */
export interface StreamCaps {
  /** A slot (release it when the stream ends), or which cap refused it and its size. */
  acquire(address: string): { release(): void } | StreamRefusal;
}

export interface StreamRefusal {
  refused: 'address' | 'total';
  cap: number;
}

export interface RateLimitOptions {
  /** sustained requests per second */
  rate: number;
  /** requests allowed at once */
  burst: number;
}

/** Token buckets in this process's memory. */
export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweepAt = 0;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): number {
    const t = this.now();
    if (t > this.sweepAt) this.sweep(t);
    const { rate, burst } = this.opts;
    const b = this.buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - b.tokens) / rate);
  }

  /** Forget full buckets so the map does not grow with every address ever seen. */
  private sweep(t: number): void {
    this.sweepAt = t + 60_000;
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.opts.rate >= this.opts.burst) this.buckets.delete(k);
  }
}

/** Stream slots counted in this process's memory. */
export class MemoryStreamCaps implements StreamCaps {
  private readonly byAddress = new Map<string, number>();
  private open = 0;

  constructor(readonly caps: { perAddress: number; total: number }) {}

  acquire(address: string): { release(): void } | StreamRefusal {
    const mine = this.byAddress.get(address) ?? 0;
    if (mine >= this.caps.perAddress) return { refused: 'address', cap: this.caps.perAddress };
    if (this.open >= this.caps.total) return { refused: 'total', cap: this.caps.total };
    this.byAddress.set(address, mine + 1);
    this.open++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.open--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }
}

/** The limiters the routes use: ingest per site and per address, config reads, admin calls. */
export interface Limits {
  perSite: Limiter;
  perAddress: Limiter;
  config: Limiter;
  admin: Limiter;
  streams: StreamCaps;
}

const DEFAULT_LIMITS = {
  perSite: { rate: 2000, burst: 4000 },
  perAddress: { rate: 50, burst: 200 },
  config: { rate: 20, burst: 100 },
  admin: { rate: 100, burst: 400 },
};
/** Open config streams: per client address (a shop's office behind one NAT still fits) and in all. */
const DEFAULT_STREAM_CAPS = { perAddress: 50, total: 5000 };

export interface LimitOptions {
  rateLimit?: Partial<Record<keyof typeof DEFAULT_LIMITS, RateLimitOptions>>;
  streams?: { perAddress?: number; total?: number };
}

export function memoryLimits(opts: LimitOptions = {}): Limits {
  const bucket = (k: keyof typeof DEFAULT_LIMITS) => new RateLimiter(opts.rateLimit?.[k] ?? DEFAULT_LIMITS[k]);
  return {
    perSite: bucket('perSite'),
    perAddress: bucket('perAddress'),
    config: bucket('config'),
    admin: bucket('admin'),
    streams: new MemoryStreamCaps({ ...DEFAULT_STREAM_CAPS, ...opts.streams }),
  };
}

/**
 * The client address a trusted proxy forwarded: the rightmost entry of X-Forwarded-For. Each proxy appends the
 * address of the peer that connected to it, so the rightmost entry is the one our balancer wrote; every entry to its
 * left came with the request and a client can forge it (`X-Forwarded-For: 1.2.3.4` sent to the balancer arrives as
 * `1.2.3.4, <real address>`). One trusted proxy in front is assumed. Undefined when the header has no usable entry.
 */
export function forwardedAddress(header: string | undefined): string | undefined {
  const last = header?.split(',').pop()?.trim();
  return last && last.length <= 100 ? last : undefined;
}

const FORWARDED = 'forwardedAddress';

/**
 * With `trustProxy` (the server sits behind a load balancer that appends to X-Forwarded-For), `clientAddress` gives the
 * forwarded address; without it the header is ignored, since any client could send one to slip its rate limits.
 */
export function trustedAddress(trustProxy: boolean): MiddlewareHandler {
  return async (c, next) => {
    const forwarded = trustProxy ? forwardedAddress(c.req.header('x-forwarded-for')) : undefined;
    if (forwarded) c.set(FORWARDED, forwarded);
    await next();
  };
}

/** The address rate limits and stream caps count: the socket's peer, or what a trusted proxy forwarded. */
export function clientAddress(c: Context): string {
  const forwarded = c.get(FORWARDED) as string | undefined;
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A 429 with Retry-After when `limiter` refuses `key`, else undefined. */
export async function limited(c: Context, limiter: Limiter, key: string): Promise<Response | undefined> {
  const wait = await limiter.take(key);
  if (!wait) return undefined;
  c.header('Retry-After', String(wait));
  return fail(c, 429, 'rate_limited', `too many requests; retry after ${wait} s`);
}
