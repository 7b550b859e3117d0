// The session: sign-in into the server's cookie, resumed from it on reload, refused credentials, an unreachable
// server kept for a retry, and a 401 later ending it; nothing secret in the browser's storage.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SessionController, type SessionHost } from './session.js';

let answers: Record<string, () => Response | Promise<Response>>;
const calls: { url: string; method: string; body?: unknown; headers: Record<string, string> }[] = [];

beforeEach(() => {
  calls.length = 0;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      ...(init.body ? { body: JSON.parse(String(init.body)) } : {}),
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    });
    const answer = answers[`${init.method ?? 'GET'} ${url}`] ?? answers[url];
    if (!answer) throw new Error(`unexpected ${url}`);
    return answer();
  });
});
afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });
const me = { name: 'ann@shop.test', role: 'editor', userId: 'u1', csrf: 'c1' };
const signedIn = {
  '/v1/admin/sites': json(200, { sites: [{ id: 'demo', name: 'Demo', version: 1 }] }),
  '/v1/admin/schema': json(200, { widgets: {} }),
};

function host() {
  const log: string[] = [];
  const h: SessionHost = {
    addController: () => {},
    requestUpdate: () => {},
    signedIn: async (start, focus) => void log.push(`in ${start.sites.map((s) => s.id).join()} ${focus}`),
    signedOut: (ended) => void log.push(`out ${ended}`),
    refused: (locked) => void log.push(locked ? 'locked' : 'refused'),
    fail: (e) => void log.push(`fail ${String(e)}`),
    clearNotice: () => void log.push('clear'),
    focusAfterRender: (s) => void log.push(`focus ${s}`),
  };
  return { h, log };
}

it('signs in with email and password, then sends the CSRF secret with every admin request', async () => {
  answers = { ...signedIn, 'POST /v1/auth/login': json(200, me) };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.signIn({ email: 'ann@shop.test', password: 'pw' });
  expect(session.me).toEqual(me);
  expect(session.can('editor')).toBe(true);
  expect(session.can('publisher')).toBe(false);
  expect(calls[0]).toMatchObject({ method: 'POST', body: { email: 'ann@shop.test', password: 'pw' } });
  expect(calls[1]).toMatchObject({ url: '/v1/admin/sites', headers: { 'x-nudge-csrf': 'c1' } });
  expect(log).toEqual(['in demo true']);
});

it('resumes from the cookie on reload, without moving the focus', async () => {
  answers = { ...signedIn, 'GET /v1/auth/session': json(200, { me }) };
  const { h, log } = host();
  const session = new SessionController(h);
  session.hostConnected();
  session.hostConnected();
  await vi.waitFor(() => expect(log).toEqual(['in demo false']));
  expect(calls.filter((c) => c.url === '/v1/auth/session')).toHaveLength(1);
});

it('says refused or locked credentials, and shows sign-in when the cookie holds no session', async () => {
  // nobody signed in is an answer (200), not a 401 that the browser would log as an error on the sign-in page
  answers = {
    'GET /v1/auth/session': json(200, { me: null }),
    'POST /v1/auth/login': json(401, { error: 'invalid_credentials' }),
  };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.resume();
  expect(session.client).toBeNull();
  expect(session.unreachable).toBeNull();
  expect(calls.map((c) => c.url)).toEqual(['/v1/auth/session']);
  await session.signIn({ token: 'nope', name: '' });
  answers['POST /v1/auth/login'] = json(429, { error: 'locked' });
  await session.signIn({ email: 'a@b.test', password: 'x' });
  expect(log).toEqual(['refused', 'locked']);
});

it('keeps the sign-in when the server cannot be reached, for a retry', async () => {
  answers = { 'GET /v1/auth/session': () => Promise.reject(new TypeError('fetch failed')) };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.resume();
  expect(session.unreachable).toMatchObject({ message: 'TypeError: fetch failed' });
  expect(log).toEqual(['clear']);
  answers = { ...signedIn, 'GET /v1/auth/session': json(200, { me }) };
  await session.resume(true);
  expect(session.unreachable).toBeNull();
  expect(log).toEqual(['clear', 'in demo true']);
});

it('ends the session when a later request is refused, and signs out on the server when asked', async () => {
  answers = {
    ...signedIn,
    'POST /v1/auth/login': json(200, me),
    'POST /v1/auth/logout': () => new Response(null, { status: 204 }),
  };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.signIn({ email: 'ann@shop.test', password: 'pw' });
  answers['/v1/admin/sites/demo/config'] = json(401, { error: 'session_ended' });
  await expect(session.client!.config('demo')).rejects.toMatchObject({ status: 401 });
  expect(session.client).toBeNull();
  expect(log).toEqual(['in demo true', 'out true']);
  // a 401 already ended it on the server: no sign-out request
  expect(calls.some((c) => c.url === '/v1/auth/logout')).toBe(false);
  await session.signIn({ email: 'ann@shop.test', password: 'pw' });
  session.signOut();
  expect(calls.at(-1)).toMatchObject({ url: '/v1/auth/logout', method: 'POST', headers: { 'x-nudge-csrf': 'c1' } });
});
