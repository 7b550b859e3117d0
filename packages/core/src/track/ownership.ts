// Adopting queues left by tabs that are gone, exactly once. Loaded lazily: only needed when such a queue exists.
import type { NudgeStorage } from '../storage/storage.js';
import { LOCK_PREFIX, locks, QUEUE_PREFIX } from './tab-lock.js';

const CLAIM_PREFIX = 'nudge_c.';

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
