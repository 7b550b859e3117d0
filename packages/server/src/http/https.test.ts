// viaHttps: the request's own scheme, or the first X-Forwarded-Proto entry, trusted only with --trust-proxy.
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { viaHttps } from './https.js';
import { trustedAddress } from './limits.js';

const behind = (trustProxy: boolean) =>
  new Hono().use(trustedAddress(trustProxy)).get('/', (c) => c.text(String(viaHttps(c))));
const ask = async (app: Hono, url: string, proto?: string) =>
  (await app.request(url, { headers: proto ? { 'x-forwarded-proto': proto } : {} })).text();

it('with --trust-proxy: https when the request came over https or the proxy says the first hop did', async () => {
  const app = behind(true);
  expect(await ask(app, 'https://shop.example/')).toBe('true');
  expect(await ask(app, 'http://shop.example/')).toBe('false');
  expect(await ask(app, 'http://shop.example/', 'https')).toBe('true');
  expect(await ask(app, 'http://shop.example/', ' https , http')).toBe('true');
  expect(await ask(app, 'http://shop.example/', 'http, https')).toBe('false');
  expect(await ask(app, 'http://shop.example/', 'HTTPS-ish')).toBe('false');
});

it('without --trust-proxy (a server exposed directly): X-Forwarded-Proto is ignored, any client can send it', async () => {
  const app = behind(false);
  expect(await ask(app, 'https://shop.example/')).toBe('true');
  expect(await ask(app, 'http://shop.example/', 'https')).toBe('false');
});

describe('one rule for X-Forwarded-Proto on a running server: the session cookie and the embed index alike', () => {
  let s: RunningServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  /** Signs in with the admin token and asks the embed index, both with `X-Forwarded-Proto: https`. */
  async function forwardedHttps(trustProxy: boolean) {
    s = await startServer({ port: 0, data: ':memory:', adminToken: 'test-token', log: () => {}, trustProxy });
    const proto = { 'x-forwarded-proto': 'https' };
    const login = await fetch(`${s.url}/v1/auth/login`, {
      method: 'POST',
      headers: { ...proto, 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'test-token', name: 'ops' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    const index = await fetch(`${s.url}/nudge/v1/`, { headers: { ...proto, accept: 'application/json' } });
    const { script } = (await index.json()) as { script: string };
    return { secure: /;\s*Secure/i.test(cookie), script: script.split(':')[0] };
  }

  it('behind a TLS-ending proxy (--trust-proxy): a Secure cookie and https URLs in the tag to paste', async () => {
    expect(await forwardedHttps(true)).toEqual({ secure: true, script: 'https' });
  });

  it('exposed directly (no --trust-proxy): a forged header makes neither the cookie Secure nor the tag https', async () => {
    expect(await forwardedHttps(false)).toEqual({ secure: false, script: 'http' });
  });
});
