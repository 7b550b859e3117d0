// /v1/admin/sites/:site/alerts: rules (list, create, enable), delivery (signed webhook), and fired/resolved events.
import { Hono } from 'hono';
import { z } from 'zod';
import { BUILT_IN_RULES, deliverySchema, ruleSchema } from '../../../alerts/rules.js';
import type { AlertStore } from '../../../alerts/store.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';
import { body, jsonObject, query } from '../../validate.js';

const eventsQuery = z.looseObject({
  rule: z.string().max(48).optional(),
  limit: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 100 : /^\d+$/.test(v) ? Number(v) : NaN))
    .refine((n) => n >= 1 && n <= 1000, 'expected a whole number from 1 to 1000'),
});

export const alertRoutes = (d: Pick<Deps, 'sites'> & { alerts: AlertStore }) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => {
      const site = c.var.site.id;
      const { webhookUrl, secret, emails, locale } = await d.alerts.delivery(site);
      // the secret is write-only: the console says whether one is set
      return c.json({
        rules: await d.alerts.rules(site),
        delivery: { webhookUrl, secretSet: secret !== null, emails, ...(locale ? { locale } : {}) },
      });
    })
    .post('/', jsonObject, body(ruleSchema, 'invalid_rule'), async (c) => {
      const rule = c.req.valid('json');
      if (BUILT_IN_RULES.some((r) => r.id === rule.id && r.metric !== rule.metric))
        return fail(
          c,
          400,
          'invalid_rule',
          `"${rule.id}" is a built-in rule watching ${BUILT_IN_RULES.find((r) => r.id === rule.id)!.metric}`,
          [{ path: 'id', message: 'built in; choose another id or keep its metric' }],
        );
      await d.alerts.putRule(c.var.site.id, rule);
      return c.json({ rule }, 201);
    })
    .patch('/:id', jsonObject, body(z.strictObject({ enabled: z.boolean() }), 'invalid_rule'), async (c) => {
      const site = c.var.site.id;
      const rule = (await d.alerts.rules(site)).find((r) => r.id === c.req.param('id'));
      if (!rule) return fail(c, 404, 'unknown_rule', `no alert rule "${c.req.param('id')}"`);
      const { builtIn: _builtIn, ...doc } = rule;
      await d.alerts.putRule(site, { ...doc, enabled: c.req.valid('json').enabled });
      return c.json({ rule: { ...doc, enabled: c.req.valid('json').enabled } });
    })
    .put('/delivery', jsonObject, body(deliverySchema, 'invalid_delivery'), async (c) => {
      await d.alerts.setDelivery(c.var.site.id, c.req.valid('json'));
      const { webhookUrl, secret, emails, locale } = await d.alerts.delivery(c.var.site.id);
      return c.json({ webhookUrl, secretSet: secret !== null, emails, ...(locale ? { locale } : {}) });
    })
    .get('/events', query(eventsQuery, 'invalid_query', 'bad events query'), async (c) => {
      const { rule, limit } = c.req.valid('query');
      return c.json({ events: await d.alerts.events(c.var.site.id, { ...(rule ? { rule } : {}), limit }) });
    })
    .get('/:id', async (c) => {
      const site = c.var.site.id;
      const rule = (await d.alerts.rules(site)).find((r) => r.id === c.req.param('id'));
      if (!rule) return fail(c, 404, 'unknown_rule', `no alert rule "${c.req.param('id')}"`);
      return c.json({
        rule,
        state: await d.alerts.state(site, rule.id),
        events: await d.alerts.events(site, { rule: rule.id }),
      });
    });
