// People and roles over the real server: invitation, sign-in cookie and CSRF, roles enforced by the API, personal
// tokens, brute-force lock, password reset by a link in the log, the audit trail, and the history naming people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server.js';
import { adminClient } from '../../testing.js';

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
const logLines: string[] = [];

beforeAll(async () => {
  s = await startServer({
    port: 0,
    data: ':memory:',
    adminToken: 'test-token',
    log: (l) => void logLines.push(l),
    rateLimit: { perAddress: { rate: 1000, burst: 1000 } },
  });
  admin = adminClient(s.url, 'test-token');
  expect((await admin.post('/sites', { id: 'shop', allowedOrigins: [] })).status).toBe(201);
});
afterAll(() => s.close());

/** A browser-like client: keeps the session cookie and sends the CSRF header on changes. */
function browser() {
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown, opts: { noCsrf?: boolean } = {}) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && !opts.noCsrf ? { 'x-nudge-csrf': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (json?.csrf) csrf = json.csrf;
    return { status: res.status, body: json, setCookie: set };
  };
  return {
    call,
    get cookie() {
      return cookie;
    },
  };
}

async function person(email: string, role: string, password = 'correct horse battery') {
  const inv = await admin.post('/users', { email, role });
  expect(inv.status).toBe(201);
  const token = new URL(inv.body.inviteUrl).searchParams.get('invite')!;
  const b = browser();
  const acc = await b.call('POST', '/v1/auth/accept', { token, password });
  expect(acc.status).toBe(200);
  return b;
}

const liveShop = async () =>
  (await (await fetch(`${s.url}/v1/config/shop`)).json()) as { widgets: { props: { color?: string } }[] };

const doc = (color: string) => ({
  schema: 1,
  site: 'shop',
  version: 1,
  widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }],
  experiments: [],
});

describe('accounts and roles', () => {
  it('signs a person in with an httpOnly SameSite cookie and needs the CSRF header for changes', async () => {
    await person('ana@shop.test', 'publisher');
    const b = browser();
    const bad = await b.call('POST', '/v1/auth/login', { email: 'ana@shop.test', password: 'wrong password!' });
    expect(bad.status).toBe(401);
    const ok = await b.call('POST', '/v1/auth/login', { email: ' Ana@Shop.test ', password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'ana@shop.test', role: 'publisher', csrf: expect.any(String) });
    expect(ok.setCookie).toMatch(/HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Strict/i);
    expect((await b.call('GET', '/v1/auth/me')).body).toMatchObject({ name: 'ana@shop.test', role: 'publisher' });
    expect((await b.call('GET', '/v1/auth/session')).body).toEqual({ me: { ...ok.body, userId: expect.any(String) } });
    expect((await b.call('GET', '/v1/admin/sites')).status).toBe(200);
    const noCsrf = await b.call('POST', '/v1/admin/sites/shop/config', { config: doc('red') }, { noCsrf: true });
    expect(noCsrf).toMatchObject({ status: 403, body: { error: 'csrf' } });
    const pub = await b.call('POST', '/v1/admin/sites/shop/config', { config: doc('red') });
    expect(pub.status).toBe(200);
    // the history names the person, not a typed name
    expect(pub.body.author).toBe('ana@shop.test');
    const out = await b.call('POST', '/v1/auth/logout');
    expect(out.status).toBe(204);
    expect((await b.call('GET', '/v1/admin/sites')).status).toBe(401);
    // the console asks on opening whether anyone is signed in: nobody is an answer (200), not an error to log
    expect(await b.call('GET', '/v1/auth/session')).toMatchObject({ status: 200, body: { me: null } });
    expect((await b.call('GET', '/v1/auth/me')).status).toBe(401);
  });

  it('enforces roles in the API: 403 with the missing role', async () => {
    const viewer = await person('vic@shop.test', 'viewer');
    expect((await viewer.call('GET', '/v1/admin/sites/shop/config')).status).toBe(200);
    const pub = await viewer.call('POST', '/v1/admin/sites/shop/config', { config: doc('blue') });
    expect(pub).toMatchObject({ status: 403, body: { error: 'forbidden', role: 'publisher' } });
    const start = await viewer.call('POST', '/v1/admin/sites/shop/experiments/x/start', {});
    expect(start.body).toMatchObject({ error: 'forbidden', role: 'publisher' });
    expect((await viewer.call('GET', '/v1/admin/users')).body).toMatchObject({ role: 'admin' });
    expect((await viewer.call('GET', '/v1/admin/sites/shop/write-keys')).status).toBe(403);

    const editor = await person('eda@shop.test', 'editor');
    expect((await editor.call('POST', '/v1/admin/sites/shop/config/validate', doc('blue'))).status).toBe(200);
    expect((await editor.call('POST', '/v1/admin/sites/shop/config', { config: doc('blue') })).status).toBe(403);
    expect((await editor.call('POST', '/v1/admin/sites', { id: 'other' })).body).toMatchObject({ role: 'admin' });
  });

  it('issues personal API tokens, never above the role of their person, and keeps the admin token working', async () => {
    const ed = await person('tok@shop.test', 'editor');
    const high = await ed.call('POST', '/v1/admin/tokens', { name: 'ci', role: 'admin' });
    expect(high).toMatchObject({ status: 403, body: { role: 'admin' } });
    const t = await ed.call('POST', '/v1/admin/tokens', { name: 'ci', role: 'viewer' });
    expect(t.status).toBe(201);
    const token = t.body.token as string;
    const viaToken = (method: string, path: string, body?: unknown) =>
      fetch(`${s.url}/v1/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await viaToken('GET', '/sites')).status).toBe(200);
    expect((await viaToken('POST', '/sites/shop/config/validate', doc('x'))).status).toBe(403);
    // listed by prefix only; its owner can revoke it
    const list = await ed.call('GET', '/v1/admin/tokens');
    expect(list.body.tokens).toEqual([expect.objectContaining({ name: 'ci', role: 'viewer', prefix: t.body.prefix })]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await ed.call('DELETE', `/v1/admin/tokens/${t.body.prefix}`)).status).toBe(204);
    expect((await viaToken('GET', '/sites')).status).toBe(401);
    // the server's admin token still works, for scripts and existing setups
    expect((await admin.get('/users')).status).toBe(200);
  });

  it('locks sign-in for an email after repeated failures, even with the right password', async () => {
    await person('bf@shop.test', 'viewer');
    const b = browser();
    for (let i = 0; i < 5; i++)
      expect(
        (await b.call('POST', '/v1/auth/login', { email: 'bf@shop.test', password: `guess number ${i}` })).status,
      ).toBe(401);
    const locked = await b.call('POST', '/v1/auth/login', { email: 'bf@shop.test', password: 'correct horse battery' });
    expect(locked).toMatchObject({ status: 429, body: { error: 'locked' } });
  });

  it('resets a password by a link written to the server log, and the answer never says whether an email exists', async () => {
    await person('rs@shop.test', 'viewer');
    const b = browser();
    const unknown = await b.call('POST', '/v1/auth/reset-request', { email: 'nobody@shop.test' });
    const known = await b.call('POST', '/v1/auth/reset-request', { email: 'rs@shop.test' });
    expect(unknown.status).toBe(202);
    expect(known).toEqual({ ...unknown, body: known.body });
    expect(known.body).toEqual(unknown.body);
    const line = logLines.find((l) => l.includes('rs@shop.test'))!;
    expect(logLines.some((l) => l.includes('nobody@shop.test'))).toBe(false);
    const secret = new URL(line.slice(line.indexOf('http'))).searchParams.get('reset')!;
    const weak = await b.call('POST', '/v1/auth/reset', { token: secret, password: 'short' });
    expect(weak).toMatchObject({ status: 400, body: { issues: [{ path: 'password' }] } });
    expect((await b.call('POST', '/v1/auth/reset', { token: secret, password: 'a brand new passphrase' })).status).toBe(
      200,
    );
    // a link works once
    expect((await b.call('POST', '/v1/auth/reset', { token: secret, password: 'another new passphrase' })).status).toBe(
      400,
    );
    expect(
      (await browser().call('POST', '/v1/auth/login', { email: 'rs@shop.test', password: 'a brand new passphrase' }))
        .status,
    ).toBe(200);
  });

  it('ends sessions when an admin lowers a role, and records every change in the audit trail', async () => {
    const p = await person('low@shop.test', 'publisher');
    const users = await admin.get('/users');
    const id = users.body.users.find((u: { email: string }) => u.email === 'low@shop.test').id;
    expect((await admin.patch(`/users/${id}`, { role: 'viewer' })).status).toBe(200);
    expect((await p.call('GET', '/v1/admin/sites')).status).toBe(401);
    const audit = await admin.get('/audit');
    const rows = audit.body.audit as { actor: string; method: string; path: string; status: number }[];
    expect(rows.some((r) => r.method === 'PATCH' && r.path === `/users/${id}` && r.status === 200)).toBe(true);
    expect(rows.some((r) => r.actor === 'vic@shop.test' && r.status === 403)).toBe(true);
    // a change without the CSRF secret (a forged request, say) is refused and recorded
    const ana = rows.filter((r) => r.actor === 'ana@shop.test' && r.status === 403);
    expect(ana.some((r) => r.method === 'POST' && r.path === '/sites/shop/config')).toBe(true);
    expect((await admin.get('/audit?site=shop')).body.audit.every((r: { site: string }) => r.site === 'shop')).toBe(
      true,
    );
  });

  it("keeps an editor's draft until a publisher publishes it, and can ask for a second person", async () => {
    const ed = await person('drafter@shop.test', 'editor');
    const pub = await person('boss@shop.test', 'publisher');
    const bad = await ed.call('POST', '/v1/admin/sites/shop/config/drafts', { config: { ...doc('x'), widgets: 'no' } });
    expect(bad).toMatchObject({ status: 400, body: { issues: [{ path: 'widgets' }] } });
    const saved = await ed.call('POST', '/v1/admin/sites/shop/config/drafts', {
      config: doc('teal'),
      message: 'teal bar',
    });
    expect(saved.status).toBe(201);
    const id = saved.body.draft.id as string;
    // the draft is not live, and the editor cannot publish it
    expect((await liveShop()).widgets[0]!.props.color).not.toBe('teal');
    expect((await ed.call('POST', `/v1/admin/sites/shop/config/drafts/${id}/publish`)).body).toMatchObject({
      error: 'forbidden',
      role: 'publisher',
    });
    const list = await pub.call('GET', '/v1/admin/sites/shop/config/drafts');
    expect(list.body.drafts[0]).toMatchObject({ id, author: 'drafter@shop.test', state: 'open' });
    const done = await pub.call('POST', `/v1/admin/sites/shop/config/drafts/${id}/publish`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      author: 'boss@shop.test',
      action: { type: 'draft', draft: id, by: 'drafter@shop.test', note: 'teal bar' },
    });
    expect((await liveShop()).widgets[0]!.props.color).toBe('teal');
    expect((await pub.call('POST', `/v1/admin/sites/shop/config/drafts/${id}/publish`)).status).toBe(404);

    // the second-person rule: direct publishes refused, a draft's author cannot publish their own
    expect((await pub.call('PUT', '/v1/admin/sites/shop/rules', { requireApproval: true })).status).toBe(403);
    expect((await admin.put('/sites/shop/rules', { requireApproval: true })).status).toBe(200);
    const direct = await pub.call('POST', '/v1/admin/sites/shop/config', { config: doc('navy') });
    expect(direct).toMatchObject({ status: 409, body: { error: 'approval_required' } });
    const own = await pub.call('POST', '/v1/admin/sites/shop/config/drafts', { config: doc('navy') });
    const self = await pub.call('POST', `/v1/admin/sites/shop/config/drafts/${own.body.draft.id}/publish`);
    expect(self).toMatchObject({ status: 403, body: { error: 'second_person' } });
    const other = await person('second@shop.test', 'publisher');
    expect((await other.call('POST', `/v1/admin/sites/shop/config/drafts/${own.body.draft.id}/publish`)).status).toBe(
      200,
    );
    expect((await admin.put('/sites/shop/rules', { requireApproval: false })).status).toBe(200);
  });

  it('refuses bad bodies with the field named', async () => {
    const r = await admin.post('/users', { email: 'not-an-email', role: 'boss' });
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'role']);
  });
});
