// When to try again: exponential backoff with jitter, or exactly what the server asked for with Retry-After.
export const BACKOFF_BASE = 1000;
export const BACKOFF_CAP = 5 * 60 * 1000;

/**
 * Milliseconds before retry number `attempt` (1-based). A readable Retry-After (delta-seconds or HTTP date, at most a
 * day) wins; otherwise base * 2^(attempt-1), capped, with "equal jitter" (half fixed, half random) so tabs spread out.
 */
export function retryDelay(
  attempt: number,
  retryAfter?: string | null,
  now = Date.now(),
  random = Math.random(),
): number {
  const seconds = +retryAfter!;
  const asked = retryAfter ? (seconds >= 0 ? seconds * 1000 : Date.parse(retryAfter) - now) : NaN;
  if (asked === asked) return Math.min(Math.max(asked, 0), 864e5);
  const d = Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1));
  return (d / 2) * (1 + random);
}

/** 5xx, 408, 429 and network errors (status 0) are worth retrying; other 4xx never will succeed. */
export const retryable = (status: number): boolean => !status || status === 408 || status === 429 || status > 499;
