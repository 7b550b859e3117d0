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
});
