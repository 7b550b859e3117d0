// The admin API's 400s keep the words they always had; the issues name every bad field by its path.
import { describe, expect, it } from 'vitest';
import { admin, s, siteWithExperiment, useServer } from '../test-server.js';

useServer();

const refusal = (error: string, message: string, path: string) => ({
  error,
  message,
  issues: expect.arrayContaining([{ path, message: expect.any(String) }]),
});

describe('admin refusals', () => {
  it('name a bad report query in the old words', async () => {
    const tz = await admin.get('/sites/shop/reports/experiments/x?tz=Not/AZone');
    expect([tz.status, tz.body]).toEqual([400, refusal('invalid_query', 'bad time zone', 'tz')]);
    const sim = await admin.get('/sites/shop/reports/experiments/x?simulated=maybe');
    expect(sim.body).toEqual(refusal('invalid_query', 'bad simulated', 'simulated'));
    const limit = await admin.get('/sites/shop/reports/errors?limit=0');
    expect([limit.status, limit.body]).toEqual([400, refusal('invalid_query', 'bad limit', 'limit')]);
  });

  it('name bad site fields in the old words and order, a taken id first', async () => {
    const origins = ['javascript:alert(1)'];
    const created = await admin.post('/sites', { id: 'fresh', allowedOrigins: origins });
    expect([created.status, created.body]).toEqual([
      400,
      refusal('invalid_origins', 'bad allowed origins', 'allowedOrigins.0'),
    ]);
    const both = await admin.post('/sites', { id: 'fresh', name: 5, allowedOrigins: origins });
    expect(both.body).toMatchObject({ error: 'invalid_origins', message: 'bad allowed origins' });
    expect((await admin.post('/sites', { id: 'fresh', name: 5 })).body).toMatchObject({
      error: 'invalid_site',
      message: 'name: expected text of at most 200 characters',
    });
    const taken = await admin.post('/sites', { id: 'shop', allowedOrigins: origins });
    expect([taken.status, taken.body.error]).toEqual([409, 'site_exists']);
    const patched = await admin.patch('/sites/shop', { allowedOrigins: origins });
    expect(patched.body).toEqual(refusal('invalid_origins', 'bad allowed origins', 'allowedOrigins.0'));
  });

  it('name a publish without a config in the old words', async () => {
    const r = await admin.post('/sites/shop/config', { message: 'hi' });
    expect([r.status, r.body]).toEqual([
      400,
      {
        error: 'invalid_body',
        message: 'expected { config, message?, baseVersion? }',
        issues: [{ path: 'config', message: 'required' }],
      },
    ]);
  });
});

describe('admin bodies', () => {
  it('are read as JSON whatever their content type, as they always were', async () => {
    const r = await fetch(`${s.url}/v1/admin/sites/shop/config/rollback`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'text/plain' },
      body: JSON.stringify({ version: 'one' }),
    });
    expect([r.status, await r.json()]).toEqual([
      400,
      refusal('invalid_body', 'version: expected a version number', 'version'),
    ]);
    const created = await fetch(`${s.url}/v1/admin/sites`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body: JSON.stringify({ id: 'untyped' }),
    });
    expect(created.status).toBe(201);
  });

  it('carry their fields without a JSON content type: an action with a stale base or a traffic share', async () => {
    await siteWithExperiment('plain');
    const post = (path: string, body: unknown) =>
      fetch(`${s.url}/v1/admin/sites/plain/experiments/x/${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-token', 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      });
    // a base version that is not the current one is a conflict, not ignored
    expect((await post('pause', { baseVersion: 1 - 1 })).status).toBe(409);
    const traffic = await post('traffic', { traffic: 0.3 });
    expect(traffic.status).toBe(200);
    expect((await admin.get('/sites/plain/config')).body.config.experiments[0].traffic).toBe(0.3);
  });
});
