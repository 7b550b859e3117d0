// Storage adapters in real Chromium: cookies, localStorage, and guarding a throwing adapter.
import { afterEach, expect, it } from 'vitest';
import { cookieStorage } from './cookie-storage.js';
import { localStorageAdapter } from './local-storage.js';
import { guarded, type NudgeStorage } from './storage.js';

afterEach(() => {
  for (const k of cookieStorage().keys()) cookieStorage().remove(k);
  localStorage.clear();
});

it('cookieStorage round-trips values with special characters and refuses values over the cookie limit', () => {
  const c = cookieStorage({ days: 1 });
  expect(c.set('nudge_id', '{"a":"x; y=z","n":1}')).toBe(true);
  expect(c.get('nudge_id')).toBe('{"a":"x; y=z","n":1}');
  expect(c.keys()).toContain('nudge_id');
  expect(c.set('big', 'x'.repeat(5000))).toBe(false);
  expect(c.get('big')).toBeNull();
  c.remove('nudge_id');
  expect(c.get('nudge_id')).toBeNull();
});

it('localStorageAdapter reports a full quota as a refused write instead of throwing', () => {
  const ls = localStorageAdapter()!;
  expect(ls.set('k', 'v')).toBe(true);
  expect(ls.get('k')).toBe('v');
  expect(ls.set('huge', 'x'.repeat(6 * 1024 * 1024))).toBe(false);
  expect(ls.keys()).toEqual(['k']);
});

it('guarded turns a throwing adapter into safe defaults', () => {
  const boom = () => {
    throw new Error('blocked');
  };
  const s = guarded({ get: boom, set: boom, remove: boom, keys: boom } as unknown as NudgeStorage);
  expect([s.get('a'), s.set('a', 'b'), s.remove('a'), s.keys()]).toEqual([null, false, undefined, []]);
});
