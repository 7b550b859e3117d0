// Polls a merchant's stock feed with ETag revalidation: the one network access a Nudge widget is allowed.
import type { Timers } from './timers.js';
import type { StockFacts } from './stock-state.js';

export type FeedParse = { ok: true; facts: StockFacts } | { ok: false; error: string };

const num = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const str = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * Reads the feed document, which has the shape of `ProductContext` (so one endpoint can serve both):
 * `{ stock: { remaining?, sold?, soldWindowHours?, asOf, source? }, saleEndsAt?, availability? }`.
 * Type errors are reported with the path of the bad field; values are judged later by `stockView`.
 */
export function parseStockFeed(json: unknown): FeedParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, error: 'feed: expected a JSON object' };
  const doc = json as Record<string, unknown>;
  const stock = doc.stock;
  if (stock !== undefined && (typeof stock !== 'object' || stock === null || Array.isArray(stock)))
    return { ok: false, error: 'feed.stock: expected an object' };
  const s = (stock ?? {}) as Record<string, unknown>;
  for (const k of ['remaining', 'sold', 'soldWindowHours'] as const)
    if (!num(s[k])) return { ok: false, error: `feed.stock.${k}: expected a number` };
  for (const k of ['asOf', 'source'] as const)
    if (!str(s[k])) return { ok: false, error: `feed.stock.${k}: expected a string` };
  for (const k of ['saleEndsAt', 'availability'] as const)
    if (!str(doc[k])) return { ok: false, error: `feed.${k}: expected a string` };
  return {
    ok: true,
    facts: {
      remaining: s.remaining as number | undefined,
      sold: s.sold as number | undefined,
      soldWindowHours: s.soldWindowHours as number | undefined,
      asOf: s.asOf as string | undefined,
      source: (s.source as string | undefined) ?? 'feed',
      endsAt: doc.saleEndsAt as string | undefined,
      availability: doc.availability as string | undefined,
    },
  };
}

export interface StockFeedOptions {
  url: string;
  intervalMs: number;
  onData(facts: StockFacts): void;
  onError(message: string): void;
  fetch?: typeof fetch;
  /** Clock and timers (the banner passes its own, so tests drive time by hand). */
  timers: Timers;
  /** Polls are skipped while this says true (a background tab); call `pollNow()` when it turns visible. */
  isHidden?: () => boolean;
  /** A request still open after this is aborted and counted as an error. */
  timeoutMs?: number;
}

/** Longest wait between polls after repeated failures. */
export const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * One request in flight at a time; 200 delivers new facts and remembers the ETag, 304 means the figures are
 * unchanged, anything else is an error followed by exponential back-off. Old facts are kept across errors and
 * age out by their own as-of, so a dead feed makes the banner hide rather than show stale numbers.
 */
export class StockFeed {
  #etag: string | undefined;
  #timer: unknown;
  #controller: AbortController | undefined;
  #failures = 0;
  #running = false;
  readonly #timers: Timers;
  readonly #o: StockFeedOptions;

  constructor(o: StockFeedOptions) {
    this.#o = o;
    this.#timers = o.timers;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#poll();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
  }

  /** Polls now unless a request is already in flight (used when the tab becomes visible). */
  pollNow(): void {
    if (!this.#running || this.#controller) return;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.#poll();
  }

  #schedule(): void {
    if (!this.#running) return;
    const wait = this.#failures
      ? Math.min(this.#o.intervalMs * 2 ** this.#failures, MAX_BACKOFF_MS)
      : this.#o.intervalMs;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, wait);
  }

  async #poll(): Promise<void> {
    if (!this.#running) return;
    if (this.#o.isHidden?.()) {
      this.#schedule();
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    const timeout = this.#timers.setTimeout(() => controller.abort(), this.#o.timeoutMs ?? 10_000);
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#etag) headers['if-none-match'] = this.#etag;
      const res = await (this.#o.fetch ?? fetch)(this.#o.url, {
        headers,
        signal: controller.signal,
        credentials: 'same-origin',
      });
      if (res.status === 304) {
        this.#failures = 0;
      } else if (res.ok) {
        const parsed = parseStockFeed(await res.json());
        if (!parsed.ok) throw new Error(parsed.error);
        this.#etag = res.headers.get('etag') ?? undefined;
        this.#failures = 0;
        if (this.#running) this.#o.onData(parsed.facts);
      } else {
        throw new Error(`feed answered HTTP ${res.status}`);
      }
    } catch (err) {
      if (!this.#running) return;
      this.#failures++;
      this.#o.onError(
        err instanceof Error ? `stock feed ${this.#o.url}: ${err.message}` : `stock feed ${this.#o.url} failed`,
      );
    } finally {
      this.#timers.clearTimeout(timeout);
      if (this.#controller === controller) this.#controller = undefined;
    }
    this.#schedule();
  }
}
