// Config over the admin API: publish, history as data, diff, rollback.
import { describe, expect, it } from 'vitest';
import { admin, s, useServer } from '../test-server.js';

useServer();

describe('config publish, history, diff, rollback', () => {
  const doc = (color: string) => ({
    schema: 1,
    site: 'shop',
    version: 99,
    widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }],
    experiments: [],
  });

  it('publishes with increasing versions, rejects bad configs with field paths and keeps the last good one', async () => {
    const a = await admin.post('/sites/shop/config', { config: doc('red'), message: 'red bar' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ version: 2, author: 'tester', action: { type: 'publish', note: 'red bar' } });
    const bad = await admin.post('/sites/shop/config', {
      config: { ...doc('red'), widgets: [{ id: 'bar', type: 'buy-bar', props: { price: 'cheap' } }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['widgets.0.props.price']);
    const cur = await fetch(`${s.url}/v1/config/shop`).then((r) => r.json());
    expect(cur).toMatchObject({ version: 2, widgets: [{ props: { color: 'red' } }] });
    const b = await admin.post('/sites/shop/config', { config: doc('blue') });
    expect(b.body.version).toBe(3);
    expect(b.body.changes).toEqual([{ path: ['widgets', 'bar', 'props', 'color'], before: 'red', after: 'blue' }]);
    // a console widget edit is recorded as that action, with the author's note
    const off = await admin.post('/sites/shop/config', {
      config: doc('blue'),
      action: { type: 'widget', widget: 'bar', action: 'off' },
      message: 'too loud',
    });
    expect(off.body).toMatchObject({
      version: 4,
      action: { type: 'widget', widget: 'bar', action: 'off', note: 'too loud' },
    });
    const badAction = await admin.post('/sites/shop/config', { config: doc('blue'), action: { type: 'widget' } });
    expect(badAction.status).toBe(400);
    expect(badAction.body.issues.map((i: { path: string }) => i.path)).toEqual(['action.widget', 'action.action']);
    const stale = await admin.post('/sites/shop/config', { config: doc('green'), baseVersion: 2 });
    expect(stale.status).toBe(409);
  });

  it('refuses a config for another site', async () => {
    const r = await admin.post('/sites/shop/config', { config: { ...doc('red'), site: 'demo' } });
    expect(r.status).toBe(400);
    expect(r.body.issues[0].path).toBe('site');
  });

  it('shows history with who/when/what, diffs versions and rolls back as a new version', async () => {
    const h = await admin.get('/sites/shop/config/history');
    expect(h.body.history.map((x: { version: number }) => x.version)).toEqual([4, 3, 2, 1]);
    expect(h.body.history.at(-1).action).toEqual({ type: 'create' });
    expect(h.body.history[0]).toMatchObject({
      author: 'tester',
      createdAt: expect.any(Number),
      changes: expect.any(Array),
    });
    const d = await admin.get('/sites/shop/config/diff?from=2&to=3');
    expect(d.body.changes).toContainEqual({
      path: 'widgets.bar.props.color',
      op: 'change',
      before: 'red',
      after: 'blue',
    });
    const rb = await admin.post('/sites/shop/config/rollback', { version: 2 });
    expect(rb.body).toMatchObject({
      version: 5,
      action: { type: 'rollback', to: 2 },
      config: { widgets: [{ props: { color: 'red' } }] },
    });
    expect((await admin.post('/sites/shop/config/rollback', { version: 42 })).status).toBe(404);
  });

  it('records a non-Latin author name, which the console sends percent-encoded (a header carries no such text)', async () => {
    const r = await fetch(`${s.url}/v1/admin/sites/shop/config`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-token',
        'content-type': 'application/json',
        'x-nudge-actor': encodeURIComponent('王芳'),
      },
      body: JSON.stringify({ config: doc('teal') }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { author: string }).author).toBe('王芳');
  });

  it('refuses __proto__, constructor and prototype keys with their paths, variant patches included', async () => {
    // JSON.parse keeps each as an own key and JSON.stringify sends it, as a hand-written request would.
    const hostile = JSON.parse(
      JSON.stringify({
        schema: 1,
        site: 'shop',
        version: 1,
        widgets: [{ id: 'bar', type: 'buy-bar', props: { color: 'red' } }],
        experiments: [
          {
            key: 'e',
            status: 'running',
            traffic: 1,
            variants: [
              { key: 'a', weight: 1 },
              { key: 'b', weight: 1, patch: { bar: { PROTO: { enabled: false } } } },
            ],
          },
        ],
      }).replace('"PROTO"', '"__proto__"'),
    );
    const before = await fetch(`${s.url}/v1/config/shop`).then((r) => r.json() as Promise<{ version: number }>);
    const v = await admin.post('/sites/shop/config/validate', { config: hostile });
    expect(v.body).toMatchObject({ ok: false, issues: [{ path: 'experiments.0.variants.1.patch.bar.__proto__' }] });
    const p = await admin.post('/sites/shop/config', { config: hostile });
    expect(p.status).toBe(400);
    expect(p.body.issues).toEqual([
      { path: 'experiments.0.variants.1.patch.bar.__proto__', message: expect.stringMatching(/reserved key/) },
    ]);
    const c = await admin.post('/sites/shop/config', {
      config: { ...hostile, experiments: [], widgets: [JSON.parse('{"id":"bar","type":"buy-bar","constructor":{}}')] },
    });
    expect(c.status).toBe(400);
    expect(c.body.issues.map((i: { path: string }) => i.path)).toEqual(['widgets.0.constructor']);
    // the last good document stays in force
    expect(await fetch(`${s.url}/v1/config/shop`).then((r) => r.json())).toMatchObject({ version: before.version });
  });
});
