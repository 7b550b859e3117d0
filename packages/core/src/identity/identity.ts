// Who and when: anonymous id, optional user id, 30-minute inactivity sessions and a per-visitor sequence number.
import { readJSON } from '../storage/storage.js';

/** Where the identity is stored. */
export const ID_KEY = 'nudge_id';
export const SESSION_MS = 30 * 60 * 1000;

/** Persisted identity; short keys because it is written on every event. */
export interface IdentityState {
  /** anonymousId */
  a: string;
  /** userId */
  u?: string;
  /** sessionId */
  s: string;
  /** last activity (ms) */
  t: number;
  /** last seq used */
  n: number;
}

/** The identity after one more event at `now`: same visitor, new session after 30 idle minutes, next seq. */
export function touch(prev: IdentityState | undefined, now: number, newId: () => string): IdentityState {
  if (!prev) return { a: newId(), s: newId(), t: now, n: 1 };
  const expired = now - prev.t > SESSION_MS || now < prev.t - SESSION_MS;
  return { ...prev, s: expired ? newId() : prev.s, t: Math.max(now, prev.t), n: prev.n + 1 };
}

/** Parses stored identity, or undefined when missing or corrupt. */
export function readIdentity(raw: string | null): IdentityState | undefined {
  const v = readJSON(raw);
  return typeof v?.a === 'string' && typeof v.s === 'string' && v.t >= 0 && v.n >= 0 ? v : undefined;
}
