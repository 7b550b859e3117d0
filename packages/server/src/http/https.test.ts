// viaHttps: the request's own scheme, or the first X-Forwarded-Proto a TLS-ending proxy set.
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { viaHttps } from './https.js';

const app = new Hono().get('/', (c) => c.text(String(viaHttps(c))));
const ask = async (url: string, proto?: string) =>
  (await app.request(url, { headers: proto ? { 'x-forwarded-proto': proto } : {} })).text();

it('is https when the request came over https or a proxy says its first hop did', async () => {
  expect(await ask('https://shop.example/')).toBe('true');
  expect(await ask('http://shop.example/')).toBe('false');
  expect(await ask('http://shop.example/', 'https')).toBe('true');
  expect(await ask('http://shop.example/', ' https , http')).toBe('true');
  expect(await ask('http://shop.example/', 'http, https')).toBe('false');
  expect(await ask('http://shop.example/', 'HTTPS-ish')).toBe('false');
});
