// Experiment controls over the admin API: each action is a publish recorded as data.
import { describe, expect, it } from 'vitest';
import { admin, useServer } from '../test-server.js';

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
});
