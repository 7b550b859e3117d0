// /v1/admin/sites/:site/dashboard: the shop's home view over a period, and the products behind a channel.
import { Hono } from 'hono';
import { z } from 'zod';
import { dashboardReport } from '../../../reports/dashboard.js';
import { DASHBOARD_BREAKDOWNS, type DashboardQueries } from '../../../store/dashboard-queries.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';
import { query, timeRange, toIssues } from '../../validate.js';
import { validTimeZone } from './reports.js';

/** Without `from`: the 28 days up to `to`. */
const DEFAULT_DAYS = 28;
const PRODUCTS_MAX = 200;

const dashboardQuery = z.looseObject({
  tz: z
    .string()
    .optional()
    .transform((v) => v || 'UTC')
    .refine(validTimeZone, 'expected an IANA time zone, e.g. Europe/Paris'),
  breakdown: z.enum(DASHBOARD_BREAKDOWNS, { error: `expected ${DASHBOARD_BREAKDOWNS.join(', ')}` }).optional(),
});
const productsQuery = z.looseObject({
  channel: z.string().max(300, 'at most 300 characters').optional(),
  limit: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 50 : /^\d+$/.test(v) ? Number(v) : NaN))
    .refine((n) => n >= 1 && n <= PRODUCTS_MAX, `expected a whole number from 1 to ${PRODUCTS_MAX}`),
});

export const dashboardRoutes = (d: Pick<Deps, 'sites' | 'configs'> & { dashboard: DashboardQueries | undefined }) => {
  const period = (q: Record<string, string>) => {
    const r = timeRange.safeParse(q);
    if (!r.success) return { issues: toIssues(r.error.issues) };
    const to = q.to ? r.data.to : Date.now();
    return { range: { from: q.from ? r.data.from : to - DEFAULT_DAYS * 86_400_000, to } };
  };
  return new Hono()
    .use(siteParam(d.sites))
    .get('/', query(dashboardQuery, 'invalid_query', 'bad dashboard query'), async (c) => {
      const p = period(c.req.query());
      if ('issues' in p) return fail(c, 400, 'invalid_range', 'bad time range', p.issues);
      if (!d.dashboard) return fail(c, 500, 'unsupported', 'this event store does not answer dashboard queries yet');
      const { tz, breakdown } = c.req.valid('query');
      const site = c.var.site.id;
      return c.json(
        await dashboardReport(d.dashboard, d.configs.config(site), site, p.range, {
          timeZone: tz,
          ...(breakdown ? { breakdown } : {}),
        }),
      );
    })
    .get('/products', query(productsQuery, 'invalid_query', 'bad products query'), async (c) => {
      const p = period(c.req.query());
      if ('issues' in p) return fail(c, 400, 'invalid_range', 'bad time range', p.issues);
      if (!d.dashboard) return fail(c, 500, 'unsupported', 'this event store does not answer dashboard queries yet');
      const { channel, limit } = c.req.valid('query');
      const products = await d.dashboard.dashboardProducts(c.var.site.id, p.range, channel ?? null, limit);
      return c.json({ range: p.range, channel: channel ?? null, products });
    });
};
