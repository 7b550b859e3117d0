// A hand-driven clock and timer queue for the stock banner's pure modules (deterministic, no global patching).
import type { Timers } from './timers.js';

export interface FakeTimers extends Timers {
  advance(ms: number): void;
  pending(): number;
}

export function fakeTimers(start = 0): FakeTimers {
  let now = start;
  let seq = 0;
  const queue = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      queue.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(h) {
      queue.delete(h as number);
    },
    pending: () => queue.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const e of queue) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
        if (!next) break;
        queue.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}
