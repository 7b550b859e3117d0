import { expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

it('allows a burst, then the sustained rate, per key', () => {
  let t = 0;
  const rl = new RateLimiter({ rate: 10, burst: 3 }, () => t);
  expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0]);
  expect(rl.take('a')).toBe(1);
  expect(rl.take('b')).toBe(0);
  t += 100;
  expect(rl.take('a')).toBe(0);
  expect(rl.take('a')).toBeGreaterThan(0);
});
