import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from './uuid.js';

describe('uuidv7', () => {
  it('sets version 7 and the RFC 9562 variant, and encodes the time', () => {
    const t = Date.UTC(2026, 10, 21, 12, 0, 0);
    const id = uuidv7(t);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBe(t);
  });
  it('sorts in creation order, also within one millisecond', () => {
    const t = Date.now() + 10_000;
    const ids = Array.from({ length: 5000 }, (_, i) => uuidv7(t + Math.floor(i / 2500)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('never goes backwards when the clock does', () => {
    const a = uuidv7(Date.now() + 20_000);
    const b = uuidv7(Date.now() + 19_000);
    expect(b > a).toBe(true);
  });
});
