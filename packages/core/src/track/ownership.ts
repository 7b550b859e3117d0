// Which tab sends a persisted queue: each tab owns its own queue key while alive; a queue whose tab is gone is adopted
// by exactly one other tab. Web Locks decide "alive" where present; elsewhere a lease that the owner keeps renewing.
import type { NudgeStorage } from '../storage/storage.js';

export const QUEUE_PREFIX = 'nudge_q.';
const CLAIM_PREFIX = 'nudge_c.';
const LOCK_PREFIX = 'nudge:';
/** Lease for browsers without Web Locks; renewed every minute (hidden tabs may run timers only once a minute). */
export const LEASE_MS = 3 * 60 * 1000;

interface Locks {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, cb: (lock: unknown) => unknown): Promise<unknown>;
}
const locks = (): Locks | undefined => {
  try {
    return (globalThis.navigator as unknown as { locks?: Locks } | undefined)?.locks;
  } catch {
    return undefined;
  }
};

/** Takes ownership of this tab's queue; calls `owned` once it is safe to persist. Held until the page goes away. */
export function claimTab(tab: string, owned: () => void): boolean {
  const l = locks();
  if (!l) {
    owned();
    return false;
  }
  l.request(LOCK_PREFIX + tab, {}, () => {
    owned();
    return new Promise(() => {}); // never resolves: the browser releases the lock when the document is destroyed
  }).catch(() => owned());
  return true;
}

/** Offers every queue left by a tab that is gone to `take` (which must read and remove it synchronously), once. */
export function adoptOrphans(store: NudgeStorage, tab: string, now: number, take: (key: string) => void, expiry: (raw: string) => number): void {
  const l = locks();
  for (const key of store.keys()) {
    const other = key.startsWith(QUEUE_PREFIX) && key.slice(QUEUE_PREFIX.length);
    if (!other || other === tab) continue;
    if (l) {
      // Waiting a little (not just ifAvailable) covers a navigation, where the old page lets go just after the new one starts.
      const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(3000) : undefined;
      l.request(LOCK_PREFIX + other, signal ? { signal } : { ifAvailable: true }, (lock) => {
        if (lock && store.get(key) !== null) take(key);
      }).catch(() => {});
    } else {
      const raw = store.get(key);
      if (raw === null || expiry(raw) > now) continue;
      const claim = CLAIM_PREFIX + other;
      store.set(claim, tab);
      // Last writer wins: only the tab whose claim survived the pause takes the queue.
      setTimeout(() => {
        if (store.get(claim) === tab) {
          if (store.get(key) !== null) take(key);
          store.remove(claim);
        }
      }, 100);
    }
  }
}
