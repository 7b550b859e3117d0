// When to try again: exponential backoff with jitter, or exactly what the server asked for with Retry-After.
export const BACKOFF_BASE = 1000;
export const BACKOFF_CAP = 5 * 60 * 1000;

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const ms = /^\s*\d+\s*$/.test(value) ? +value * 1000 : Date.parse(value) - now;
  return ms >= 0 ? Math.min(ms, 24 * 3600 * 1000) : ms < 0 ? 0 : undefined;
}

/** Delay before retry number `attempt` (1-based): base * 2^(attempt-1) capped, "equal jitter" so tabs spread out. */
export function backoff(attempt: number, random: number = Math.random()): number {
  const d = Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** Math.min(attempt - 1, 20));
  return Math.round(d / 2 + (d / 2) * random);
}

/** 5xx, 408, 429 and network errors (status 0) are worth retrying; other 4xx never will succeed. */
export const retryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;
