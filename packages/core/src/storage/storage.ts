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
    set: (k, v) => !!m.set(k, v),
    remove: (k) => m.delete(k),
    keys: () => [...m.keys()],
  };
}

const FALLBACK = { get: null, set: false, remove: undefined, keys: [] };

/** Wraps an adapter so no call throws: reads fail as missing, writes as refused (false). */
/* @__NO_SIDE_EFFECTS__ */
export function guarded(s: NudgeStorage): NudgeStorage {
  const out: Record<string, unknown> = {};
  for (const [m, fallback] of Object.entries(FALLBACK))
    out[m] = (...a: unknown[]) => {
      try {
        return (s as unknown as Record<string, (...a: unknown[]) => unknown>)[m]!(...a) ?? fallback;
      } catch {
        return fallback;
      }
    };
  return out as unknown as NudgeStorage;
}

/** Parsed JSON, or undefined when missing or corrupt. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers check the shape they read
export function readJSON(raw: string | null | undefined): any {
  try {
    return JSON.parse(raw!);
  } catch {}
}
