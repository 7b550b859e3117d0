// Only the newest load, for the selection still current, comes back as an answer; a stale failure is dropped too.
import type { ReactiveController } from 'lit';
import { describe, expect, it } from 'vitest';
import { LatestController } from './latest.js';

/** A load that resolves or rejects when the test says. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup() {
  const controllers: ReactiveController[] = [];
  const selection = { site: 'demo', key: 'a' };
  const latest = new LatestController({ addController: (c) => controllers.push(c) }, () => [
    selection.site,
    selection.key,
  ]);
  return { latest, selection, controllers };
}

describe('LatestController', () => {
  it('registers with its host', () => {
    const { latest, controllers } = setup();
    expect(controllers).toEqual([latest]);
  });

  it('answers the newest load and drops an older one that arrives later', async () => {
    const { latest } = setup();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = latest.run(() => slow.promise);
    const second = latest.run(() => fast.promise);
    fast.resolve('new');
    slow.resolve('old');
    expect(await second).toEqual({ stale: false, value: 'new' });
    expect(await first).toEqual({ stale: true });
  });

  it('drops an answer for a selection left meanwhile, and its failure', async () => {
    const { latest, selection } = setup();
    const ok = deferred<string>();
    const answer = latest.run(() => ok.promise);
    selection.key = 'b';
    ok.resolve('for a');
    expect(await answer).toEqual({ stale: true });
    const failing = deferred<string>();
    const failed = latest.run(() => failing.promise);
    selection.site = 'other';
    failing.reject(new Error('boom'));
    expect(await failed).toEqual({ stale: true });
  });

  it('rejects with a current failure, so the caller can say it', async () => {
    const { latest } = setup();
    await expect(latest.run(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  it('drops what arrives after the host left the page', async () => {
    const { latest } = setup();
    const d = deferred<string>();
    const answer = latest.run(() => d.promise);
    latest.hostDisconnected();
    d.resolve('late');
    expect(await answer).toEqual({ stale: true });
  });
});
