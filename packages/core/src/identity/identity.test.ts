import { describe, expect, it } from 'vitest';
import { readIdentity, SESSION_MS, touch } from './identity.js';

let n = 0;
const newId = () => `id${++n}`;

describe('identity', () => {
  it('starts a visitor with seq 1 and keeps the session within 30 idle minutes', () => {
    const a = touch(undefined, 1000, newId);
    expect(a.n).toBe(1);
    const b = touch(a, 1000 + SESSION_MS - 1, newId);
    expect(b).toMatchObject({ a: a.a, s: a.s, n: 2 });
  });
  it('starts a new session after 30 minutes without activity, same visitor, seq continues', () => {
    const a = touch(undefined, 0, newId);
    const b = touch(a, SESSION_MS + 1, newId);
    expect(b.a).toBe(a.a);
    expect(b.s).not.toBe(a.s);
    expect(b.n).toBe(2);
  });
  it('activity extends the session (inactivity, not duration, ends it)', () => {
    let s = touch(undefined, 0, newId);
    const first = s.s;
    for (let t = 20 * 60e3; t < 3 * 3600e3; t += 20 * 60e3) s = touch(s, t, newId);
    expect(s.s).toBe(first);
  });
  it('rejects corrupt stored state', () => {
    expect(readIdentity('{"a":1}')).toBeUndefined();
    expect(readIdentity('not json')).toBeUndefined();
    expect(readIdentity(null)).toBeUndefined();
  });
});
