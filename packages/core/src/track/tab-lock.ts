// Each tab owns its own persisted queue while it lives: a Web Lock named like the queue key, held for the page's lifetime.
export const QUEUE_PREFIX = 'nudge_q.';
/** Lease for browsers without Web Locks; renewed every minute (hidden tabs may run timers only once a minute). */
export const LEASE_MS = 3 * 60 * 1000;

export interface Locks {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    cb: (lock: unknown) => unknown,
  ): Promise<unknown>;
}
export const locks = (): Locks | undefined => (globalThis.navigator as unknown as { locks?: Locks } | undefined)?.locks;

/** Takes ownership of the queue `key`; calls `owned` once it is safe to persist. False when Web Locks are missing. */
export function claimTab(key: string, owned: () => void): boolean {
  const l = locks();
  // never resolves: the browser releases the lock when the document is destroyed
  l?.request(key, {}, () => (owned(), new Promise(() => {}))).catch(owned);
  if (!l) owned();
  return !!l;
}
