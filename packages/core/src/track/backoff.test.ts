import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE, BACKOFF_CAP, backoff, parseRetryAfter, retryable } from './backoff.js';

describe('backoff', () => {
  it('doubles per attempt with jitter between half and the full delay', () => {
    expect(backoff(1, 0)).toBe(BACKOFF_BASE / 2);
    expect(backoff(1, 1)).toBe(BACKOFF_BASE);
    expect(backoff(3, 0)).toBe(2 * BACKOFF_BASE);
    expect(backoff(3, 1)).toBe(4 * BACKOFF_BASE);
  });
  it('is capped', () => {
    expect(backoff(50, 1)).toBe(BACKOFF_CAP);
  });
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
  it('retries 5xx, 408, 429 and network errors only', () => {
    expect([0, 408, 429, 500, 503].every(retryable)).toBe(true);
    expect([400, 401, 404, 413, 422].some(retryable)).toBe(false);
  });
});
