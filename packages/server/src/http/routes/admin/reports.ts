// /v1/admin/sites/:site/reports/*: experiment, widget, referral and error reports over a time range.
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { experimentOverview } from '../../../reports/experiment-overview.js';
import { experimentReport } from '../../../reports/experiment-report.js';
import { metricReport, UnknownMetrics } from '../../../reports/metric-report.js';
import { METHODS } from '../../../stats/verdicts.js';
import { BREAKDOWNS, MetricsUnsupported } from '../../../store/metric-queries.js';
import { errorReport, referralReport, widgetReport } from '../../../reports/site-reports.js';
import type { TimeRange } from '../../../store/store.js';
import type { Deps } from '../../deps.js';
import { fail, type Issue } from '../../errors.js';
import { siteParam } from '../../site.js';
import { query, timeRange, toIssues } from '../../validate.js';

/** Error report: groups listed by default / at most (the total still counts every nudge_error). */
const ERROR_GROUPS = 100;
const ERROR_GROUPS_MAX = 1000;

export function validTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const experimentQuery = z.looseObject({
  tz: z
    .string()
    .optional()
    .transform((v) => v || 'UTC')
    .refine(validTimeZone, 'expected an IANA time zone, e.g. Europe/Paris'),
  simulated: z.enum(['include', 'exclude'], { error: 'expected include or exclude' }).default('include'),
  method: z.enum(METHODS, { error: `expected ${METHODS.join(', ')}` }).default('sequential'),
  cuped: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
  breakdown: z.enum(BREAKDOWNS, { error: `expected ${BREAKDOWNS.join(', ')}` }).optional(),
  /** metric keys, comma-separated; default: the experiment's goal, secondary metrics and guardrails */
  metrics: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : undefined,
    )
    .refine(
      (v) => !v || (v.length <= 30 && v.every((k) => /^[a-z][a-z0-9_]{0,47}$/.test(k))),
      'expected metric keys separated by commas',
    ),
});
/** The words this error has always had (the issues name the field). */
const experimentMessage = (first: Issue) =>
  first.path === 'tz' ? 'bad time zone' : first.path === 'simulated' ? 'bad simulated' : `bad ${first.path}`;
const LIMIT = `expected a whole number from 1 to ${ERROR_GROUPS_MAX}`;
const errorsQuery = z.looseObject({
  limit: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? ERROR_GROUPS : /^\d+$/.test(v) ? Number(v) : NaN))
    .refine((n) => n >= 1 && n <= ERROR_GROUPS_MAX, LIMIT),
});

type RangeEnv = { Variables: { range: TimeRange } };
/** What the range middleware reads: ms or ISO instants. */
type RangeInput = { in: { query: { from?: string; to?: string } } };

/** The metric deps are optional: a composition without them still answers the funnel report. */
export const reportRoutes = (
  d: Pick<Deps, 'reports' | 'sites' | 'configs'> &
    Partial<Pick<Deps, 'metricQueries' | 'metricStore' | 'control' | 'refused'>>,
) => {
  /** The time range (c.var.range); the report queries include what was just acknowledged (read-your-writes). */
  const range = createMiddleware<RangeEnv, string, RangeInput>(async (c, next) => {
    const r = timeRange.safeParse(c.req.query());
    if (!r.success) return fail(c, 400, 'invalid_range', 'bad time range', toIssues(r.error.issues));
    c.set('range', r.data);
    await next();
  });
  return (
    new Hono()
      .use(siteParam(d.sites))
      // the Experiments list: status, start, days running, visitors so far and the verdict on purchases
      .get('/experiments', async (c) => {
        const site = c.var.site.id;
        const cfg = d.configs.config(site);
        if (!cfg) return c.json({ experiments: [] });
        return c.json({ experiments: await experimentOverview(d.reports, await d.configs.history(site), cfg) });
      })
      .get('/experiments/:key', range, query(experimentQuery, 'invalid_query', experimentMessage), async (c) => {
        const { tz, simulated, method, cuped, breakdown, metrics } = c.req.valid('query');
        const site = c.var.site.id;
        const cfg = d.configs.config(site);
        const key = c.req.param('key');
        const history = await d.configs.history(site);
        const options = { timeZone: tz, excludeSimulated: simulated === 'exclude', method };
        const report = cfg && (await experimentReport(d.reports, history, cfg, key, c.var.range, options));
        if (!report) return fail(c, 404, 'unknown_experiment', `no experiment "${key}" in the current config`);
        // crawlers' events were refused at the collector (http/bots.ts): none is in any figure; this says how many
        const leftOut = { crawlerEvents: (await d.control?.counter(site, 'bots')) ?? 0 };
        const scope = {
          excludeSimulated: options.excludeSimulated,
          timeZone: tz,
          ...(report.stoppedAt !== null ? { until: report.stoppedAt } : {}),
        };
        try {
          if (!d.metricQueries || !d.metricStore) throw new MetricsUnsupported();
          const m = await metricReport(d.metricQueries, d.metricStore, cfg, key, c.var.range, scope, {
            method,
            cuped: cuped === 'true',
            ...(breakdown ? { breakdown } : {}),
            ...(metrics ? { metrics } : {}),
          });
          return c.json({ ...report, leftOut, ...m });
        } catch (err) {
          if (err instanceof UnknownMetrics)
            return fail(c, 400, 'invalid_query', 'bad metrics', [
              { path: 'metrics', message: `no metric ${err.keys.map((k) => `"${k}"`).join(', ')}` },
            ]);
          // a backend without metric queries still answers the funnel report
          if (err instanceof MetricsUnsupported)
            return c.json({ ...report, leftOut, metrics: [], metricsUnsupported: true });
          throw err;
        }
      })
      .get('/widgets', range, async (c) => c.json(await widgetReport(d.reports, c.var.site.id, c.var.range)))
      .get('/referrals', range, async (c) =>
        c.json(await referralReport(d.reports, d.configs.config(c.var.site.id), c.var.site.id, c.var.range)),
      )
      .get('/errors', range, query(errorsQuery, 'invalid_query', 'bad limit'), async (c) => {
        const { from, to } = c.var.range;
        const site = c.var.site.id;
        // An origin allowed since it was refused is no longer a fault to fix: its row goes at once, not when it ages out.
        const refusedOrigins = ((await d.refused?.list(site)) ?? []).filter(
          (r) => r.lastSeen >= from && r.lastSeen <= to && !d.sites.allows(site, r.origin),
        );
        return c.json({
          ...(await errorReport(d.reports, site, c.var.range, c.req.valid('query').limit)),
          refusedOrigins,
        });
      })
  );
};
