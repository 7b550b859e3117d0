import { expect, it } from 'vitest';
import { MemoryStreamCaps, RateLimiter } from './limits.js';

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

it('caps stream slots per address and in all, and a slot released twice frees one slot only', () => {
  const caps = new MemoryStreamCaps({ perAddress: 1, total: 2 });
  const a = caps.acquire('a');
  expect(caps.acquire('a')).toEqual({ refused: 'address', cap: 1 });
  const b = caps.acquire('b');
  expect(caps.acquire('c')).toEqual({ refused: 'total', cap: 2 });
  if (!('release' in a) || !('release' in b)) throw new Error('expected slots');
  a.release();
  a.release();
  expect('release' in caps.acquire('c')).toBe(true);
  expect(caps.acquire('d')).toEqual({ refused: 'total', cap: 2 });
});
