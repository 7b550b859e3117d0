import { describe, expect, it } from 'vitest';
import { installStub, replay, STUB_SNIPPET, type NudgeStub } from './stub.js';

const runSnippet = (win: Record<string, unknown>) => new Function('window', STUB_SNIPPET)(win);

describe('stub', () => {
  it('the inline snippet queues calls in order and ready() resolves with the real API', async () => {
    const win: { nudge?: unknown } = {};
    runSnippet(win);
    const n = win.nudge as NudgeStub & Record<string, (...a: unknown[]) => void>;
    n.track!('add_to_cart', { value: 1 });
    n.setProduct!({ sku: 'A' });
    const ready = n.ready();
    n.identify!('u1');
    expect(n.q.map(([m]) => m)).toEqual(['track', 'setProduct', 'ready', 'identify']);
    const calls: unknown[][] = [];
    const api = { ready: () => Promise.resolve(api), track: (...a: unknown[]) => calls.push(['track', ...a]), setProduct: (p: unknown) => calls.push(['setProduct', p]), identify: (u: unknown) => calls.push(['identify', u]) };
    replay(n.q, api, () => {});
    expect(calls).toEqual([['track', 'add_to_cart', { value: 1 }], ['setProduct', { sku: 'A' }], ['identify', 'u1']]);
    await expect(ready).resolves.toBe(api);
    expect(n.q).toHaveLength(0);
  });
  it('running the snippet twice or installing over it keeps the first queue', () => {
    const win: { nudge?: unknown } = {};
    runSnippet(win);
    (win.nudge as Record<string, (...a: unknown[]) => void>).page!();
    runSnippet(win);
    const stub = installStub(win);
    expect(stub).toBe(win.nudge);
    expect(stub.q).toEqual([['page', []]]);
  });
  it('installStub creates a queue when there was no snippet', () => {
    const win: { nudge?: unknown } = {};
    const stub = installStub(win);
    (stub.track as (n: string) => void)('x');
    expect(stub.q).toEqual([['track', ['x']]]);
  });
  it('replay reports a failing call and still runs the rest', () => {
    const errors: string[] = [];
    const ran: string[] = [];
    replay([['boom', []], ['track', ['a']], ['reset', []]], { track: () => ran.push('track'), reset: () => { throw new Error('nope'); } }, (m) => errors.push(m));
    expect(ran).toEqual(['track']);
    expect(errors).toEqual(['boom', 'reset']);
  });
});
