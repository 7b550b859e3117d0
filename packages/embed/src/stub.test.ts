import { describe, expect, it } from 'vitest';
import { EARLY_CLICKS, installStub, replay, STUB_SNIPPET, takeClicks, type NudgeStub } from './stub.js';

/** A document stand-in that keeps its capture-phase click listeners, so a test can click and check removal. */
const fakeDocument = () => {
  const listeners = new Set<(e: Event) => void>();
  return {
    listeners,
    addEventListener(type: string, fn: (e: Event) => void, capture?: boolean) {
      if (type === 'click' && capture === true) listeners.add(fn);
    },
    removeEventListener(type: string, fn: (e: Event) => void, capture?: boolean) {
      if (type === 'click' && capture === true) listeners.delete(fn);
    },
    click(target: unknown) {
      for (const fn of [...listeners]) fn({ target } as unknown as Event);
    },
  };
};
const fakeWindow = () =>
  ({ document: fakeDocument() }) as { nudge?: unknown; document: ReturnType<typeof fakeDocument> };
const runSnippet = (win: Record<string, unknown>) => new Function('window', STUB_SNIPPET)(win);

describe('stub', () => {
  it('the inline snippet queues calls in order and ready() resolves with the real API', async () => {
    const win = fakeWindow();
    runSnippet(win);
    const n = win.nudge as NudgeStub & Record<string, (...a: unknown[]) => void>;
    n.track!('add_to_cart', { value: 1 });
    n.setProduct!({ sku: 'A' });
    const ready = n.ready();
    n.identify!('u1');
    expect(n.q.map(([m]) => m)).toEqual(['track', 'setProduct', 'ready', 'identify']);
    const calls: unknown[][] = [];
    const api = {
      ready: () => Promise.resolve(api),
      track: (...a: unknown[]) => calls.push(['track', ...a]),
      setProduct: (p: unknown) => calls.push(['setProduct', p]),
      identify: (u: unknown) => calls.push(['identify', u]),
    };
    replay(n.q, api, () => {});
    expect(calls).toEqual([
      ['track', 'add_to_cart', { value: 1 }],
      ['setProduct', { sku: 'A' }],
      ['identify', 'u1'],
    ]);
    await expect(ready).resolves.toBe(api);
    expect(n.q).toHaveLength(0);
  });
  it('running the snippet twice or installing over it keeps the first queue and the one click recorder', () => {
    const win = fakeWindow();
    runSnippet(win);
    (win.nudge as Record<string, (...a: unknown[]) => void>).page!();
    runSnippet(win);
    const stub = installStub(win);
    expect(stub).toBe(win.nudge);
    expect(stub.q).toEqual([['page', []]]);
    expect(win.document.listeners.size).toBe(1);
    win.document.click('button');
    expect(stub.c?.map(([t]) => t)).toEqual(['button']);
  });
  it('installStub creates a queue when there was no snippet, or window.nudge is something else', () => {
    for (const other of [undefined, null, 'nudge', 1, {}, { q: 'not a queue' }]) {
      const win = fakeWindow();
      win.nudge = other;
      const stub = installStub(win);
      expect(win.nudge).toBe(stub);
      (stub.track as (n: string) => void)('x');
      expect(stub.q).toEqual([['track', ['x']]]);
    }
  });
  for (const [how, install] of [
    ['the inline snippet', runSnippet],
    ['installStub', installStub],
  ] as const) {
    it(`${how} records the latest ${EARLY_CLICKS} clicks with their time; takeClicks hands them over once and stops recording`, () => {
      const win = fakeWindow();
      install(win as never);
      const stub = win.nudge as NudgeStub;
      const before = Date.now();
      for (let i = 0; i < EARLY_CLICKS + 5; i++) win.document.click(`el${i}`);
      expect(stub.c!.map(([t]) => t)).toEqual(Array.from({ length: EARLY_CLICKS }, (_, i) => `el${i + 5}`));
      expect(stub.c!.every(([, at]) => at >= before && at <= Date.now())).toBe(true);
      const taken = takeClicks(stub, win.document);
      expect(taken).toHaveLength(EARLY_CLICKS);
      expect(win.document.listeners.size).toBe(0);
      win.document.click('late');
      expect(takeClicks(stub, win.document)).toEqual([]);
    });
  }
  it('a snippet pasted before clicks were recorded gets the recorder from installStub; the loaded API gets none', () => {
    const win = fakeWindow();
    const q: unknown[] = [];
    win.nudge = { q, ready: () => Promise.resolve() };
    const stub = installStub(win);
    expect(stub.q).toBe(q);
    win.document.click('early');
    expect(stub.c?.map(([t]) => t)).toEqual(['early']);
    const loaded = fakeWindow();
    loaded.nudge = { q: [], loaded: true };
    expect(installStub(loaded).c).toBeUndefined();
    expect(loaded.document.listeners.size).toBe(0);
  });
  it('takeClicks without a stub or recorder hands over nothing', () => {
    const doc = fakeDocument();
    expect(takeClicks(undefined, doc)).toEqual([]);
    expect(takeClicks({ q: [], ready: () => Promise.resolve() }, doc)).toEqual([]);
  });
  it('replay reports a failing call and still runs the rest', () => {
    const errors: string[] = [];
    const ran: string[] = [];
    replay(
      [
        ['boom', []],
        ['track', ['a']],
        ['reset', []],
      ],
      {
        track: () => ran.push('track'),
        reset: () => {
          throw new Error('nope');
        },
      },
      (m) => errors.push(m),
    );
    expect(ran).toEqual(['track']);
    expect(errors).toEqual(['boom', 'reset']);
  });
});
