// The key-value storage the tracker persists to: an interface with adapters, so Node, tests and cookie-only sites work.
export interface NudgeStorage {
  get(key: string): string | null;
  /** Returns false when the value could not be stored (quota full, cookie too large, storage blocked); never throws. */
  set(key: string, value: string): boolean;
  remove(key: string): void;
  /** Every key currently stored (used to find queues left behind by closed tabs). */
  keys(): string[];
}

/** In-memory storage: the default in Node and when the browser blocks localStorage. */
/* @__NO_SIDE_EFFECTS__ */
export function memoryStorage(): NudgeStorage {
  const m = new Map<string, string>();
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => (m.set(k, v), true),
    remove: (k) => void m.delete(k),
    keys: () => [...m.keys()],
  };
}

/** Wraps an adapter so no call throws: reads fail as missing, writes as refused (false). */
/* @__NO_SIDE_EFFECTS__ */
export function guarded(s: NudgeStorage): NudgeStorage {
  const safe =
    <A extends unknown[], R>(fn: (...a: A) => R, fallback: R) =>
    (...a: A): R => {
      try {
        return fn(...a) ?? fallback;
      } catch {
        return fallback;
      }
    };
  return { get: safe(s.get, null), set: safe(s.set, false), remove: safe(s.remove, undefined), keys: safe(s.keys, []) };
}
