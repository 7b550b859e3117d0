import { describe, expect, it } from 'vitest';
import { watchNavigation } from './spa.js';

describe('watchNavigation', () => {
  it('reports pushState, popstate and real replaceState changes, not hash-only or same-URL ones', async () => {
    const start = location.href;
    const seen: string[] = [];
    const stop = watchNavigation(window, (url) => seen.push(new URL(url).pathname + new URL(url).search));
    history.pushState({}, '', '/spa-a');
    history.pushState({}, '', '/spa-a#section');
    history.replaceState({}, '', '/spa-a#section');
    history.replaceState({}, '', '/spa-b?x=1');
    history.back();
    await new Promise<void>((r) => addEventListener('popstate', () => r(), { once: true }));
    stop();
    history.pushState({}, '', '/spa-c');
    expect(seen).toEqual(['/spa-a', '/spa-b?x=1', '/spa-a']);
    history.replaceState({}, '', start);
  });
});
