// /v1/admin: the config JSON schema, and per site its stats, latest events and a visitor's preview.
import { nudgeConfigSchema, widgetPropSchemas } from '@nudge/core/spec';
import { Hono } from 'hono';
import { toJSONSchema } from 'zod/mini';
import { preview } from '../../../preview.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';
import { queryFields } from '../../validate.js';

/** A JSON Schema document, typed as plain JSON (zod's own schema type is too deep for a client's types). */
type JsonSchema = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const asJson = (schema: unknown) => schema as JsonSchema;

export const schemaRoutes = () =>
  new Hono().get('/', (c) =>
    c.json({
      config: asJson(toJSONSchema(nudgeConfigSchema, { unrepresentable: 'any' })),
      widgets: Object.fromEntries(
        Object.entries(widgetPropSchemas).map(([t, s]) => [t, asJson(toJSONSchema(s, { unrepresentable: 'any' }))]),
      ),
    }),
  );

export const siteToolRoutes = (d: Pick<Deps, 'control' | 'events' | 'reports' | 'sites' | 'configs' | 'bus'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/stats', async (c) => {
      const site = c.var.site.id;
      await d.events.flush();
      return c.json({
        // events counts every stored row, invalidProps included; rejected counts what was refused and not stored
        events: await d.reports.countEvents(site),
        invalidProps: await d.reports.countInvalidProps(site),
        rejected: await d.control.counter(site, 'refused'),
        // events from known crawlers, refused and left out of every report
        bots: await d.control.counter(site, 'bots'),
        clientDropped: await d.control.counter(site, 'client_dropped'),
        // acknowledged but set aside by the store because it could not write them (see the README's Storage section)
        quarantined: await d.events.countQuarantined(site),
        version: d.configs.get(site)?.version ?? 0,
        streams: d.bus.count(site),
      });
    })
    .get('/events/tail', queryFields<{ limit?: string }>(), async (c) => {
      const n = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
      const rows = await d.reports.tail(c.var.site.id, n);
      return c.json({
        events: rows.map((e) => ({
          id: e.id,
          name: e.name,
          ts: e.ts,
          receivedAt: e.receivedAt,
          anonymousId: e.anonymousId,
          userId: e.userId,
          path: e.path,
          source: e.source,
          experiments: e.experiments,
          props: e.props,
        })),
      });
    })
    .get('/preview', (c) => {
      const unit = c.req.query('unit');
      if (!unit)
        return fail(c, 400, 'invalid_query', 'expected ?unit=<visitor id>', [{ path: 'unit', message: 'required' }]);
      const cfg = d.configs.config(c.var.site.id);
      return cfg
        ? c.json(preview(cfg, unit, c.req.query('force')))
        : fail(c, 404, 'no_config', 'nothing published yet');
    });
