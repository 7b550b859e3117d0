// --trust-proxy: rate limits count the address the balancer appended to X-Forwarded-For; without it the header is ignored.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { forwardedAddress } from './limits.js';

describe('forwardedAddress', () => {
  it('takes the rightmost entry, the one the trusted proxy appended', () => {
    expect(forwardedAddress('6.6.6.6, 10.0.0.7')).toBe('10.0.0.7');
    expect(forwardedAddress(' 10.0.0.7 ')).toBe('10.0.0.7');
    expect(forwardedAddress('6.6.6.6,2001:db8::1')).toBe('2001:db8::1');
    expect(forwardedAddress(undefined)).toBeUndefined();
    expect(forwardedAddress('6.6.6.6, ')).toBeUndefined();
    expect(forwardedAddress('x'.repeat(101))).toBeUndefined();
  });
});

let s: RunningServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** A server whose admin API allows two calls per client address (and refills too slowly to matter). */
async function start(trustProxy: boolean) {
  s = await startServer({
    port: 0,
    data: ':memory:',
    adminToken: 'test-token',
    log: () => {},
    rateLimit: { admin: { rate: 0.001, burst: 2 } },
    trustProxy,
  });
  const url = s.url;
  return (xff?: string) =>
    fetch(`${url}/v1/admin/sites`, {
      headers: { authorization: 'Bearer test-token', ...(xff ? { 'x-forwarded-for': xff } : {}) },
    }).then((r) => r.status);
}

describe('rate limits behind a proxy', () => {
  it('without --trust-proxy, ignores X-Forwarded-For: a forged header per request does not get a new bucket', async () => {
    const get = await start(false);
    expect([await get('1.1.1.1'), await get('2.2.2.2'), await get('3.3.3.3'), await get()]).toEqual([
      200, 200, 429, 429,
    ]);
  });

  it('with --trust-proxy, counts the rightmost forwarded address: one bucket per client behind the balancer', async () => {
    const get = await start(true);
    // two clients behind one balancer: each has its own two calls
    expect([await get('10.0.0.1'), await get('10.0.0.1'), await get('10.0.0.1')]).toEqual([200, 200, 429]);
    expect([await get('10.0.0.2'), await get('10.0.0.2')]).toEqual([200, 200]);
    // a client forging an address to the left of the one the balancer appended gains nothing
    expect(await get('9.9.9.9, 10.0.0.1')).toBe(429);
    // a request with no header (the balancer's own health check) counts against the socket's peer
    expect([await get(), await get(), await get()]).toEqual([200, 200, 429]);
  });
});
