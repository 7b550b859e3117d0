// Admin auth and sites over HTTP: the token, site creation and edits, allowed origins.
import { describe, expect, it } from 'vitest';
import { admin, s, useServer } from '../test-server.js';

useServer();

describe('admin auth', () => {
  it('rejects a missing or wrong token with a JSON 401', async () => {
    const none = await fetch(`${s.url}/v1/admin/sites`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'missing_token' });
    const bad = await fetch(`${s.url}/v1/admin/sites`, { headers: { authorization: 'Bearer nope' } });
    expect(await bad.json()).toMatchObject({ error: 'invalid_token' });
  });
});

describe('sites', () => {
  it('lists, updates origins and refuses bad ones with paths', async () => {
    const list = await admin.get('/sites');
    expect(list.body.sites.map((x: { id: string }) => x.id)).toEqual(['demo', 'shop']);
    const bad = await admin.patch('/sites/shop', { allowedOrigins: ['javascript:alert(1)'] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'allowedOrigins.0', message: expect.any(String) }]);
    expect((await admin.post('/sites', { id: 'shop' })).status).toBe(409);
    expect((await admin.post('/sites', { id: 'bad id!' })).body.issues[0].path).toBe('id');
  });

  it('issues write keys shown once and stores only a prefix', async () => {
    const k = await admin.post('/sites/shop/write-keys');
    expect(k.status).toBe(201);
    expect(k.body.key).toMatch(/^wk_/);
    const list = await admin.get('/sites/shop/write-keys');
    expect(list.body.writeKeys).toEqual([{ prefix: k.body.key.slice(0, 10), createdAt: expect.any(Number) }]);
    expect(JSON.stringify(list.body)).not.toContain(k.body.key);
  });
});
