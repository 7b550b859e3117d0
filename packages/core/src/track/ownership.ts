// Adopting queues left by tabs that are gone, exactly once. Loaded lazily: only needed when such a queue exists.
import type { NudgeStorage } from '../storage/storage.js';
import type { Locks } from './tab-lock.js';

/**
 * Offers each queue key whose tab is gone to `take` (which must read and remove it synchronously), once. A queue key
 * is also the name of the Web Lock its tab holds while alive; without Web Locks, a lapsed lease (`expiry`) says gone.
 */
export function adoptOrphans(
  keys: string[],
  store: NudgeStorage,
  locks: Locks | undefined,
  tab: string,
  now: number,
  take: (key: string) => void,
  expiry: (raw: string) => number,
): void {
  for (const key of keys) {
    if (locks) {
      // Waiting a little (not just ifAvailable) covers a navigation, where the old page lets go just after the new one starts.
      const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(3000) : undefined;
      locks
        .request(key, signal ? { signal } : { ifAvailable: true }, (lock) => {
          if (lock && store.get(key) !== null) take(key);
        })
        .catch(() => {});
    } else {
      const raw = store.get(key);
      if (raw === null || expiry(raw) > now) continue;
      const claim = 'nudge_claim:' + key;
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
