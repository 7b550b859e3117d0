// The session: a refused token is forgotten, an unreachable server keeps it for a retry, and a 401 later ends it.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SessionController, type SessionHost } from './session.js';

let answers: Record<string, () => Response | Promise<Response>>;
const calls: string[] = [];
const store = new Map<string, string>();

beforeEach(() => {
  store.clear();
  calls.length = 0;
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  });
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const answer = answers[url];
    if (!answer) throw new Error(`unexpected ${url}`);
    return answer();
  });
});
afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });
const signedIn = { '/v1/admin/sites': json(200, { sites: [{ id: 'demo', name: 'Demo', version: 1 }] }) };

function host() {
  const log: string[] = [];
  const h: SessionHost = {
    addController: () => {},
    requestUpdate: () => {},
    signedIn: async (start, focus) => void log.push(`in ${start.sites.map((s) => s.id).join()} ${focus}`),
    signedOut: (ended) => void log.push(`out ${ended}`),
    refused: () => void log.push('refused'),
    fail: (e) => void log.push(`fail ${String(e)}`),
    clearNotice: () => void log.push('clear'),
    focusAfterRender: (s) => void log.push(`focus ${s}`),
  };
  return { h, log };
}

it('signs in, keeps the token for this tab and hands the sites and schemas to the shell', async () => {
  answers = { ...signedIn, '/v1/admin/schema': json(200, { widgets: {} }) };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.signIn('tok', 'Ann');
  expect(session.client).not.toBeNull();
  expect(store.get('nudge-console-token')).toBe('tok');
  expect(store.get('nudge-console-actor')).toBe('Ann');
  expect(log).toEqual(['in demo true']);
});

it('forgets a refused token and says so', async () => {
  store.set('nudge-console-token', 'old');
  answers = { '/v1/admin/sites': json(401, { error: 'unauthorized', message: 'no' }) };
  const { h, log } = host();
  const session = new SessionController(h);
  session.hostConnected();
  await vi.waitFor(() => expect(log).toEqual(['refused']));
  expect(store.has('nudge-console-token')).toBe(false);
  expect(session.client).toBeNull();
});

it('keeps the saved token when the server cannot be reached, for a retry', async () => {
  store.set('nudge-console-token', 'saved');
  answers = { '/v1/admin/sites': () => Promise.reject(new TypeError('fetch failed')) };
  const { h, log } = host();
  const session = new SessionController(h);
  session.hostConnected();
  session.hostConnected();
  await vi.waitFor(() => expect(session.unreachable).not.toBeNull());
  expect(session.unreachable).toMatchObject({ token: 'saved', actor: '' });
  expect(store.get('nudge-console-token')).toBe('saved');
  // resumed once, and without moving the focus: nobody just typed the token
  expect(calls).toEqual(['/v1/admin/sites']);
  expect(log).toEqual(['clear']);
});

it('ends the session when a later request is refused', async () => {
  answers = { ...signedIn, '/v1/admin/schema': json(200, { widgets: {} }) };
  const { h, log } = host();
  const session = new SessionController(h);
  await session.signIn('tok', '');
  answers['/v1/admin/sites/demo/config'] = json(401, { error: 'unauthorized' });
  await expect(session.client!.config('demo')).rejects.toMatchObject({ status: 401 });
  expect(session.client).toBeNull();
  expect(store.has('nudge-console-token')).toBe(false);
  expect(log).toEqual(['in demo true', 'out true']);
});
