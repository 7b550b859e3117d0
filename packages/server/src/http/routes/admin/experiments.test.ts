// Experiment controls over the admin API: each action is a publish recorded as data.
import { describe, expect, it } from 'vitest';
import { admin, siteWithExperiment, useServer } from '../test-server.js';

useServer();

describe('experiment controls', () => {
  it('pause, traffic, weights, stop with winner and start are each a publish', async () => {
    const v0 = (await admin.get('/sites/demo/config')).body.version as number;
    const steps: [string, unknown, (c: any) => unknown][] = [
      ['pause', {}, (e) => e.status],
      ['traffic', { traffic: 0.5 }, (e) => e.traffic],
      ['weights', { weights: { red: 3, blue: 1 } }, (e) => e.variants.map((v: { weight: number }) => v.weight)],
      ['stop', { winner: 'blue' }, (e) => [e.status, e.winner]],
      ['start', {}, (e) => [e.status, e.winner]],
    ];
    const expected = ['paused', 0.5, [3, 1], ['stopped', 'blue'], ['running', undefined]];
    for (const [i, [action, body, pick]] of steps.entries()) {
      const r = await admin.post(`/sites/demo/experiments/buy-bar-color/${action}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.version).toBe(v0 + i + 1);
      expect(pick(r.body.config.experiments.find((e: { key: string }) => e.key === 'buy-bar-color'))).toEqual(
        expected[i],
      );
    }
    const h = await admin.get('/sites/demo/config/history');
    const exp = { type: 'experiment', experiment: 'buy-bar-color' };
    expect(h.body.history.slice(0, 5).map((x: { action: unknown }) => x.action)).toEqual([
      { ...exp, action: 'start' },
      { ...exp, action: 'stop', args: { winner: 'blue' } },
      { ...exp, action: 'weights', args: { weights: { red: 3, blue: 1 } } },
      { ...exp, action: 'traffic', args: { traffic: 0.5 } },
      { ...exp, action: 'pause' },
    ]);
  });

  it('reports bad actions with paths', async () => {
    expect((await admin.post('/sites/demo/experiments/buy-bar-color/traffic', { traffic: 2 })).body.issues).toEqual([
      { path: 'traffic', message: expect.any(String) },
    ]);
    expect(
      (await admin.post('/sites/demo/experiments/buy-bar-color/stop', { winner: 'green' })).body.issues[0].path,
    ).toMatch(/winner$/);
    expect((await admin.post('/sites/demo/experiments/nope/pause')).status).toBe(400);
    expect((await admin.post('/sites/demo/experiments/buy-bar-color/explode')).body.issues[0].path).toBe('action');
  });

  it('sets, changes and removes a schedule as a publish; a bad one is refused by its path and keeps the last good', async () => {
    const at = '/sites/demo/experiments/buy-bar-color/schedule';
    const schedule = {
      start: '2030-01-01T00:00:00Z',
      end: '2030-02-01T00:00:00Z',
      windows: [{ monthDays: [1], from: '09:00', to: '21:00' }],
    };
    const set = await admin.post(at, { schedule });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const exp = (r: typeof set) => r.body.config.experiments.find((e: { key: string }) => e.key === 'buy-bar-color');
    expect(exp(set).schedule).toEqual(schedule);
    const h = await admin.get('/sites/demo/config/history');
    expect(h.body.history[0].action).toEqual({
      type: 'experiment',
      experiment: 'buy-bar-color',
      action: 'schedule',
      args: { schedule },
    });
    const backwards = await admin.post(at, {
      schedule: { start: '2030-02-01T00:00:00Z', end: '2030-01-01T00:00:00Z' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.issues.map((i: { path: string }) => i.path)).toContainEqual(
      expect.stringMatching(/schedule\.end$/),
    );
    const bad = await admin.post(at, { schedule: { windows: [{ from: '9am', to: '21:00' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('schedule.windows.0.from');
    const now = (await admin.get('/sites/demo/config')).body.config;
    expect(now.experiments.find((e: { key: string }) => e.key === 'buy-bar-color').schedule).toEqual(schedule);
    const cleared = await admin.post(at, { schedule: null });
    expect(cleared.status).toBe(200);
    expect(exp(cleared).schedule).toBeUndefined();
  });

  it('refuses with 409 what makes no sense in the experiment state, and keeps the document as it was', async () => {
    await siteWithExperiment('life');
    const at = (action: string) => `/sites/life/experiments/x/${action}`;
    const act = async (action: string, body: object = {}) => {
      const r = await admin.post(at(action), body);
      return [r.status, r.body.error, r.body.issues?.[0]?.path] as const;
    };
    const refused = [409, 'invalid_state', 'experiments.0.status'];
    // running: starting again is refused
    expect(await act('start')).toEqual(refused);
    expect((await admin.post(at('pause'), {})).status).toBe(200);
    expect(await act('pause')).toEqual(refused);
    // stopped without a winner: no second stop, no pause, no traffic, weights or schedule (they reach nobody)
    expect((await admin.post(at('stop'), {})).status).toBe(200);
    const version = (await admin.get('/sites/life/config')).body.version as number;
    expect(await act('stop')).toEqual(refused);
    expect(await act('pause')).toEqual(refused);
    expect(await act('traffic', { traffic: 0.5 })).toEqual(refused);
    expect(await act('weights', { weights: { b: 3 } })).toEqual(refused);
    expect(await act('schedule', { schedule: null })).toEqual(refused);
    const why = (await admin.post(at('traffic'), { traffic: 0.5 })).body.issues[0].message;
    expect(why).toMatch(/stopped.*start it again/);
    // shipping a winner from there is fine, the same one twice is not
    expect((await admin.post(at('stop'), { winner: 'b' })).status).toBe(200);
    expect(await act('stop', { winner: 'b' })).toEqual(refused);
    expect((await admin.get('/sites/life/config')).body.version).toBe(version + 1);
    // a draft: nothing to pause, stop or ship; it can be set up and started
    const config = (await admin.get('/sites/life/config')).body.config;
    config.experiments[0] = { ...config.experiments[0], status: 'draft', winner: undefined };
    expect((await admin.post('/sites/life/config', { config })).status).toBe(200);
    expect(await act('pause')).toEqual(refused);
    expect(await act('stop')).toEqual(refused);
    expect(await act('stop', { winner: 'control' })).toEqual(refused);
    for (const [action, body] of [
      ['traffic', { traffic: 0.2 }],
      ['weights', { weights: { b: 2 } }],
      ['schedule', { schedule: null }],
      ['start', {}],
    ] as const)
      expect((await admin.post(at(action), body)).status, action).toBe(200);
  });
});
