// Calls an earlier page of this site queued and left with before its runtime started (kept by its nudge.js, see
// left-clicks.ts): taken once (the key is cleared as it is read), events marked with where and how late. A chunk of its
// own, fetched only when there are such calls: its ~0.1 KB gzip no longer rides on every page.
import { LEFT_CALLS, type LeftCall, type QueuedCall } from './stub.js';

export function takeLeftCalls(site: string): QueuedCall[] {
  let left: LeftCall[] = [];
  try {
    const raw = localStorage[LEFT_CALLS + site];
    if (raw) {
      left = JSON.parse(raw);
      delete localStorage[LEFT_CALLS + site];
    }
  } catch {
    /* no storage, or not ours */
  }
  return left.map(([m, [a, b], at, path]): QueuedCall => [
    m,
    [
      a,
      m == 'track' && typeof (b ?? 0) != 'string'
        ? { ...(b as Record<string, unknown>), replayed_from: path, replay_delay_ms: Date.now() - at }
        : b,
    ],
  ]);
}
