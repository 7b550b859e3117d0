// Each tab owns its own persisted queue while it lives: a Web Lock held for the page's lifetime says "alive".
export const QUEUE_PREFIX = 'nudge_q.';
export const LOCK_PREFIX = 'nudge:';
/** Lease for browsers without Web Locks; renewed every minute (hidden tabs may run timers only once a minute). */
export const LEASE_MS = 3 * 60 * 1000;

export interface Locks {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, cb: (lock: unknown) => unknown): Promise<unknown>;
}
export const locks = (): Locks | undefined => (globalThis.navigator as unknown as { locks?: Locks } | undefined)?.locks;

/** Takes ownership of this tab's queue; calls `owned` once it is safe to persist. False when Web Locks are missing. */
export function claimTab(tab: string, owned: () => void): boolean {
  const l = locks();
  // never resolves: the browser releases the lock when the document is destroyed
  l?.request(LOCK_PREFIX + tab, {}, () => (owned(), new Promise(() => {}))).catch(owned);
  if (!l) owned();
  return !!l;
}
