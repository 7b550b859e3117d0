// /v1/admin/sites/:site/metrics: define and list metrics, the site margin, each experiment's metric roles, the planner.
import { Hono } from 'hono';
import { z } from 'zod';
import { BUILT_IN_KEYS, experimentMetricsSchema, metricSchema, settingsSchema } from '../../../metrics/definition.js';
import { plan } from '../../../stats/planner.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';
import { body, jsonObject, query } from '../../validate.js';

const number = (what: string, ok: (n: number) => boolean) =>
  z
    .string({ error: `expected ${what}` })
    .transform((v) => (v.trim() === '' ? NaN : Number(v)))
    .refine((n) => Number.isFinite(n) && ok(n), `expected ${what}`);

const plannerQuery = z.looseObject({
  baseline: number('a rate between 0 and 1, e.g. 0.03', (n) => n > 0 && n < 1),
  minLift: number('a relative lift above 0, e.g. 0.1 for +10%', (n) => n > 0 && n <= 10),
  dailyVisitors: number('visitors per day above 0', (n) => n > 0 && n <= 1e9),
  variants: number('a whole number of variants from 2 to 20', (n) => Number.isInteger(n) && n >= 2 && n <= 20)
    .optional()
    .default(2),
  power: number('a power between 0.5 and 0.99', (n) => n >= 0.5 && n <= 0.99)
    .optional()
    .default(0.8),
  method: z.enum(['sequential', 'fixed'], { error: 'expected sequential or fixed' }).default('sequential'),
});

export const metricRoutes = (d: Pick<Deps, 'sites' | 'metricStore'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => c.json({ metrics: await d.metricStore.list(c.var.site.id) }))
    .post('/', jsonObject, body(metricSchema, 'invalid_metric'), async (c) => {
      const metric = c.req.valid('json');
      if (BUILT_IN_KEYS.has(metric.key))
        return fail(c, 400, 'invalid_metric', `"${metric.key}" is a built-in metric; choose another key`, [
          { path: 'key', message: 'built in; choose another key' },
        ]);
      const created = await d.metricStore.put(c.var.site.id, metric);
      return c.json({ metric: { ...metric, builtIn: false } }, created ? 201 : 200);
    })
    .delete('/:key', async (c) => {
      const key = c.req.param('key');
      if (BUILT_IN_KEYS.has(key)) return fail(c, 409, 'built_in', `"${key}" is built in and cannot be deleted`);
      return (await d.metricStore.remove(c.var.site.id, key))
        ? c.json({ deleted: key })
        : fail(c, 404, 'unknown_metric', `no metric "${key}"`);
    })
    .get('/settings', async (c) => c.json(await d.metricStore.settings(c.var.site.id)))
    .put('/settings', jsonObject, body(settingsSchema, 'invalid_settings'), async (c) => {
      await d.metricStore.setSettings(c.var.site.id, c.req.valid('json'));
      return c.json(await d.metricStore.settings(c.var.site.id));
    })
    .get('/experiments/:key', async (c) =>
      c.json(await d.metricStore.experimentMetrics(c.var.site.id, c.req.param('key'))),
    )
    .put('/experiments/:key', jsonObject, body(experimentMetricsSchema, 'invalid_roles'), async (c) => {
      const roles = c.req.valid('json');
      const known = new Set((await d.metricStore.list(c.var.site.id)).map((m) => m.key));
      const issues = [
        ...(known.has(roles.goal) ? [] : [{ path: 'goal', message: `no metric "${roles.goal}"` }]),
        ...(['secondary', 'guardrails'] as const).flatMap((role) =>
          roles[role].flatMap((k, i) => (known.has(k) ? [] : [{ path: `${role}.${i}`, message: `no metric "${k}"` }])),
        ),
      ];
      if (issues.length) return fail(c, 400, 'invalid_roles', 'unknown metrics', issues);
      await d.metricStore.setExperimentMetrics(c.var.site.id, c.req.param('key'), roles);
      return c.json(await d.metricStore.experimentMetrics(c.var.site.id, c.req.param('key')));
    })
    .get('/planner', query(plannerQuery, 'invalid_query'), (c) => c.json(plan(c.req.valid('query'))));
