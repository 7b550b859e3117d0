import { afterEach, describe, expect, it } from 'vitest';
import { nextTask } from './next-task.js';

const g = globalThis as { scheduler?: unknown };
afterEach(() => {
  delete g.scheduler;
});

describe('nextTask', () => {
  it('uses scheduler.yield where the browser has it', async () => {
    let yielded = 0;
    g.scheduler = { yield: () => (yielded++, Promise.resolve()) };
    await nextTask();
    expect(yielded).toBe(1);
  });

  it('falls back to a setTimeout hop without a scheduler, or on a page whose shim throws or returns no promise', async () => {
    const throws = () => {
      throw new Error('shim');
    };
    const shims = [undefined, { yield: () => undefined }, { yield: throws }];
    for (const [i, scheduler] of shims.entries()) {
      g.scheduler = scheduler;
      let timerRan = false;
      setTimeout(() => (timerRan = true));
      await nextTask();
      // a setTimeout hop runs after the timer queued before it
      expect([i, timerRan]).toEqual([i, true]);
    }
  });

  it('continues when a yield rejects', async () => {
    g.scheduler = { yield: () => Promise.reject(new Error('aborted')) };
    expect(await nextTask().then(() => 'continued')).toBe('continued');
  });
});
