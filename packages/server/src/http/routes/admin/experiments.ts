// /v1/admin/sites/:site/experiments/:key/<action>: start, pause, stop, traffic, weights, schedule, each one publish.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { actionBodies, actionRecord, applyAction, type ExperimentAction } from '../../../config/experiment-actions.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam, type SiteEnv } from '../../site.js';
import { actor, body, jsonObject } from '../../validate.js';
import { published } from './published.js';

/** Every action body may name the version it was decided on (ignored when not a number, as it always was). */
const base = { baseVersion: z.number().optional().catch(undefined) };

export const experimentRoutes = (d: Pick<Deps, 'sites' | 'configs'>) => {
  const run = async (c: Context<SiteEnv>, action: ExperimentAction, baseVersion: number | undefined) => {
    const key = c.req.param('key')!;
    return published(
      c,
      await d.configs.update(c.var.site.id, (cfg) => applyAction(cfg, key, action), {
        author: actor(c),
        action: actionRecord(key, action),
        ...(baseVersion !== undefined ? { baseVersion } : {}),
      }),
    );
  };
  return new Hono()
    .use(siteParam(d.sites))
    .post('/:key/start', jsonObject, body(actionBodies.start.extend(base), 'invalid_action'), (c) =>
      run(c, { action: 'start' }, c.req.valid('json').baseVersion),
    )
    .post('/:key/pause', jsonObject, body(actionBodies.pause.extend(base), 'invalid_action'), (c) =>
      run(c, { action: 'pause' }, c.req.valid('json').baseVersion),
    )
    .post('/:key/stop', jsonObject, body(actionBodies.stop.extend(base), 'invalid_action'), (c) => {
      const { winner, baseVersion } = c.req.valid('json');
      return run(c, winner === undefined ? { action: 'stop' } : { action: 'stop', winner }, baseVersion);
    })
    .post('/:key/traffic', jsonObject, body(actionBodies.traffic.extend(base), 'invalid_action'), (c) => {
      const { traffic, baseVersion } = c.req.valid('json');
      return run(c, { action: 'traffic', traffic }, baseVersion);
    })
    .post('/:key/weights', jsonObject, body(actionBodies.weights.extend(base), 'invalid_action'), (c) => {
      const { weights, baseVersion } = c.req.valid('json');
      return run(c, { action: 'weights', weights }, baseVersion);
    })
    .post('/:key/schedule', jsonObject, body(actionBodies.schedule.extend(base), 'invalid_action'), (c) => {
      const { schedule, baseVersion } = c.req.valid('json');
      return run(c, { action: 'schedule', schedule }, baseVersion);
    })
    .post('/:key/:action', (c) => {
      const issue = {
        path: 'action',
        message: `unknown action "${c.req.param('action')}"; expected start, pause, stop, traffic, weights or schedule`,
      };
      return fail(c, 400, 'invalid_action', `${issue.path}: ${issue.message}`, [issue]);
    });
};
