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

  it('resolves in a later task without a scheduler, and on a page whose shim throws or returns no promise', async () => {
    for (const scheduler of [
      undefined,
      { yield: () => undefined },
      {
        yield: () => {
          throw new Error('shim');
        },
      },
      { yield: () => Promise.reject(new Error('no')) },
    ]) {
      g.scheduler = scheduler;
      let later = false;
      setTimeout(() => (later = true));
      const hop = nextTask();
      await hop;
      // the setTimeout hop comes after the timer queued before it; a rejected yield still continues
      expect([scheduler, later || scheduler?.yield !== undefined]).toEqual([scheduler, true]);
    }
  });
});
