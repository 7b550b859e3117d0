import { describe, expect, it } from 'vitest';
import { findChromium, HOW_TO_GET_ONE } from './chromium.js';

describe('findChromium', () => {
  const none = () => undefined;
  it('prefers the env var over everything', () => {
    const found = findChromium(
      { NUDGE_CHROMIUM: '/opt/c' },
      () => true,
      () => '/cache/c',
    );
    expect(found).toEqual({ path: '/opt/c', source: 'env' });
  });
  it('rejects an env var that points nowhere', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nope' }, () => false, none)).toThrow(/CHROMIUM_PATH=\/nope/);
  });
  it('then the system chromium', () => {
    const found = findChromium(
      {},
      (p) => p === '/usr/bin/chromium' || p === '/cache/c',
      () => '/cache/c',
    );
    expect(found).toEqual({ path: '/usr/bin/chromium', source: 'system' });
  });
  it("then Playwright's cache", () => {
    expect(
      findChromium(
        {},
        (p) => p === '/cache/c',
        () => '/cache/c',
      ),
    ).toEqual({ path: '/cache/c', source: 'playwright-cache' });
  });
  it('finds nothing and the message says how to get one', () => {
    expect(findChromium({}, () => false, none)).toBeUndefined();
    expect(HOW_TO_GET_ONE).toMatch(/apt-get install -y chromium/);
  });
});
