import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE, BACKOFF_CAP, retryable, retryDelay } from './backoff.js';

describe('retryDelay', () => {
  it('doubles per attempt with jitter between half and the full delay', () => {
    expect(retryDelay(1, null, 0, 0)).toBe(BACKOFF_BASE / 2);
    expect(retryDelay(1, null, 0, 1)).toBe(BACKOFF_BASE);
    expect(retryDelay(3, null, 0, 0)).toBe(2 * BACKOFF_BASE);
    expect(retryDelay(3, null, 0, 1)).toBe(4 * BACKOFF_BASE);
  });
  it('is capped', () => {
    expect(retryDelay(50, null, 0, 1)).toBe(BACKOFF_CAP);
  });
  it('honours Retry-After as seconds or an HTTP date, over the backoff', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(retryDelay(9, '7', now)).toBe(7000);
    expect(retryDelay(1, new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(retryDelay(1, new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(retryDelay(1, '999999999', now)).toBe(864e5);
    expect(retryDelay(1, 'soon', now, 1)).toBe(BACKOFF_BASE);
  });
  it('retries 5xx, 408, 429 and network errors only', () => {
    expect([0, 408, 429, 500, 503].every(retryable)).toBe(true);
    expect([400, 401, 404, 413, 422].some(retryable)).toBe(false);
  });
});
