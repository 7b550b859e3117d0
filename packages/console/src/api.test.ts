// The client's requests, byte for byte what the admin API expects: methods, paths, query strings, bodies and headers.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { NudgeConfig } from '@nudge/core';
import { AdminClient, ApiError } from './api.js';

const sent: { method: string; url: string; body?: unknown; headers: Record<string, string> }[] = [];
let status = 200;
let answer: unknown = {};

beforeEach(() => {
  sent.length = 0;
  status = 200;
  answer = {};
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const body = init.body === undefined ? undefined : JSON.parse(String(init.body));
    sent.push({
      method: init.method!,
      url,
      headers: Object.fromEntries(new Headers(init.headers)),
      ...(body ? { body } : {}),
    });
    return new Response(JSON.stringify(answer), { status });
  });
});
afterEach(() => vi.unstubAllGlobals());

const period = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:59.999Z' };
const range = 'from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-31T23%3A59%3A59.999Z';

it('sends each endpoint as the admin API routes it', async () => {
  const c = new AdminClient('tok');
  const config: NudgeConfig = { schema: 1, site: 'demo', version: 7, widgets: [], experiments: [] };
  await c.sites();
  await c.schema();
  await c.createSite('b', 'B');
  await c.site('demo');
  await c.setOrigins('demo', ['https://a.example']);
  await c.writeKeys('demo');
  await c.createWriteKey('demo');
  await c.stats('demo');
  await c.config('demo');
  await c.publish('demo', config, { type: 'widget', widget: 'x', action: 'on' });
  await c.rollback('demo', 3);
  await c.history('demo');
  await c.diff('demo', 2, 3);
  await c.experimentAction('demo', 'a b', 'stop', { winner: 'red' }, 7);
  await c.experimentAction('demo', 'bar', 'start', {}, undefined);
  await c.experimentReport('demo', 'bar', period, 'America/Los_Angeles', true);
  await c.experimentReport('demo', 'bar', period, 'UTC', false);
  await c.experimentReport('demo', 'bar', period, 'UTC', false, 'fixed');
  await c.widgetReport('demo', period);
  await c.referralReport('demo', period);
  await c.errorReport('demo', period);
  await c.tail('demo', 50);
  await c.drafts('demo');
  await c.saveDraft('demo', config, 'why');
  await c.publishDraft('demo', 'd 1');
  await c.discardDraft('demo', 'd1');
  await c.users();
  await c.invite('a@b.test', 'editor');
  await c.setUser('u1', { role: 'viewer' });
  await c.tokens();
  await c.createToken('ci', 'viewer');
  expect(sent.map((s) => [s.method, s.url, s.body])).toEqual([
    ['GET', '/v1/admin/sites', undefined],
    ['GET', '/v1/admin/schema', undefined],
    ['POST', '/v1/admin/sites', { id: 'b', name: 'B' }],
    ['GET', '/v1/admin/sites/demo', undefined],
    ['PATCH', '/v1/admin/sites/demo', { allowedOrigins: ['https://a.example'] }],
    ['GET', '/v1/admin/sites/demo/write-keys', undefined],
    // the route reads no body, so none is sent
    ['POST', '/v1/admin/sites/demo/write-keys', undefined],
    ['GET', '/v1/admin/sites/demo/stats', undefined],
    ['GET', '/v1/admin/sites/demo/config', undefined],
    [
      'POST',
      '/v1/admin/sites/demo/config',
      { config, action: { type: 'widget', widget: 'x', action: 'on' }, baseVersion: 7 },
    ],
    ['POST', '/v1/admin/sites/demo/config/rollback', { version: 3 }],
    ['GET', '/v1/admin/sites/demo/config/history', undefined],
    ['GET', '/v1/admin/sites/demo/config/diff?from=2&to=3', undefined],
    ['POST', '/v1/admin/sites/demo/experiments/a%20b/stop', { winner: 'red', baseVersion: 7 }],
    ['POST', '/v1/admin/sites/demo/experiments/bar/start', {}],
    [
      'GET',
      `/v1/admin/sites/demo/reports/experiments/bar?${range}&tz=America%2FLos_Angeles&simulated=exclude`,
      undefined,
    ],
    ['GET', `/v1/admin/sites/demo/reports/experiments/bar?${range}&tz=UTC`, undefined],
    ['GET', `/v1/admin/sites/demo/reports/experiments/bar?${range}&tz=UTC&method=fixed`, undefined],
    ['GET', `/v1/admin/sites/demo/reports/widgets?${range}`, undefined],
    ['GET', `/v1/admin/sites/demo/reports/referrals?${range}`, undefined],
    ['GET', `/v1/admin/sites/demo/reports/errors?${range}`, undefined],
    ['GET', '/v1/admin/sites/demo/events/tail?limit=50', undefined],
    ['GET', '/v1/admin/sites/demo/config/drafts', undefined],
    ['POST', '/v1/admin/sites/demo/config/drafts', { config, message: 'why' }],
    ['POST', '/v1/admin/sites/demo/config/drafts/d%201/publish', undefined],
    ['DELETE', '/v1/admin/sites/demo/config/drafts/d1', undefined],
    ['GET', '/v1/admin/users', undefined],
    ['POST', '/v1/admin/users', { email: 'a@b.test', role: 'editor' }],
    ['PATCH', '/v1/admin/users/u1', { role: 'viewer' }],
    ['GET', '/v1/admin/tokens', undefined],
    ['POST', '/v1/admin/tokens', { name: 'ci', role: 'viewer' }],
  ]);
  // an empty object is still a JSON body (an action without fields)
  expect(sent[14]!.body).toEqual({});
  expect(sent[14]!.headers['content-type']).toBe('application/json');
  // the session cookie goes by itself; every request carries the session's CSRF secret, and nothing else to sign in
  expect(sent[0]!.headers).toEqual({ 'x-nudge-csrf': 'tok' });
});

it('throws the error body with its field paths, and reports a refused token first', async () => {
  let refused = 0;
  const c = new AdminClient('tok', () => refused++);
  status = 400;
  answer = { error: 'invalid', message: 'bad', issues: [{ path: 'widgets.0.props', message: 'x' }] };
  const e = await c.config('demo').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ApiError);
  expect(e).toMatchObject({ status: 400, code: 'invalid', message: 'bad', issues: [{ path: 'widgets.0.props' }] });
  status = 401;
  await expect(c.sites()).rejects.toMatchObject({ status: 401 });
  expect(refused).toBe(1);
});
