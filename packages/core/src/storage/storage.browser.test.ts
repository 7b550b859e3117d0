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
  expect(c.set('nudge_attr', 'x'.repeat(5000))).toBe(false);
  expect(c.get('nudge_attr')).toBeNull();
  c.remove('nudge_id');
  expect(c.get('nudge_id')).toBeNull();
});

it("cookieStorage keeps only the visitor's ids and such in cookies: the queue and the config go to localStorage", () => {
  document.cookie = `nudge_config%3Ashop=${encodeURIComponent('{"config":{}}')};path=/`; // left by an older version
  document.cookie = `nudge_q.old-tab=${encodeURIComponent('[{"name":"add_to_cart"}]')};path=/`; // its unsent events
  const c = cookieStorage({ days: 1 });
  expect(document.cookie).not.toContain('nudge_config');
  expect(document.cookie).not.toContain('nudge_q');
  expect(c.get('nudge_q.old-tab')).toBe('[{"name":"add_to_cart"}]');
  c.remove('nudge_q.old-tab');
  expect(c.set('nudge_id', '{"anonymousId":"a-1"}')).toBe(true);
  expect(c.set('nudge_q.tab-1', JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ name: 'page_view', i }))))).toBe(
    true,
  );
  expect(c.set('nudge_config:shop', 'x'.repeat(5000))).toBe(true); // past the cookie limit: localStorage takes it
  expect(document.cookie).toContain('nudge_id=');
  expect(document.cookie).not.toContain('nudge_q');
  expect(document.cookie).not.toContain('nudge_config');
  expect(localStorage.getItem('nudge_q.tab-1')).toContain('page_view');
  expect(c.get('nudge_config:shop')).toHaveLength(5000);
  expect(c.keys().sort()).toEqual(['nudge_config:shop', 'nudge_id', 'nudge_q.tab-1']);
  c.remove('nudge_q.tab-1');
  expect(localStorage.getItem('nudge_q.tab-1')).toBeNull();
  // a site can choose its own split
  const all = cookieStorage({ days: 1, keys: () => true });
  expect(all.set('nudge_q.tab-2', '[]')).toBe(true);
  expect(document.cookie).toContain('nudge_q.tab-2=');
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
