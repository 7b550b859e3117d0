// Token buckets keyed by site and by client address, so one noisy page or one abusive client cannot starve the rest.

export interface RateLimitOptions {
  /** sustained requests per second */
  rate: number;
  /** requests allowed at once */
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweepAt = 0;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens; returns 0 when allowed, else seconds until it would be. */
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
