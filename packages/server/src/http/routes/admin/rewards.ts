// /v1/admin/sites/:site/coupon-pools, /coupon-report, /rewards, /leads, /visitors: pools, redemption figures,
// the referral ledger, captured leads and visitors' data requests (reward settings: reward-settings.ts).
import { Hono } from 'hono';
import type { NudgeConfig } from '@nudge/core/spec';
import { z } from 'zod';
import { parseCodesCsv } from '../../../rewards/csv.js';
import type { Deps } from '../../deps.js';
import { fail, issueLine } from '../../errors.js';
import { siteParam } from '../../site.js';
import { actor, body, jsonObject, query, timeRange } from '../../validate.js';

const MAX_GENERATE = 100_000;
const POOL_ID = 'letters, digits, - or _ (max 64)';
export const int = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

const newPool = z
  .object({
    id: z.string({ error: POOL_ID }).regex(/^[A-Za-z0-9_-]{1,64}$/, POOL_ID),
    name: z.string().max(200, 'at most 200 characters').optional(),
    widget: z.string().min(1).max(100, 'at most 100 characters').optional(),
    experiment: z.string().min(1, 'expected an experiment key').max(100, 'at most 100 characters').optional(),
    variant: z.string().min(1, 'expected a variant key').max(100, 'at most 100 characters').optional(),
    kind: z.enum(['generated', 'imported'], { error: 'expected "generated" or "imported"' }),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{0,16}$/, 'at most 16 letters, digits, - or _')
      .optional(),
    length: int(6, 32).optional(),
    count: int(1, MAX_GENERATE).optional(),
    amount: z.number({ error: 'expected an amount' }).positive('expected an amount above 0').max(1e9).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')
      .optional(),
    validDays: int(1, 3650).optional(),
    expiresAt: z.iso.datetime({ offset: true, error: 'expected an ISO date-time' }).optional(),
    lowAt: int(0, MAX_GENERATE).optional(),
  })
  .refine((p) => p.kind === 'generated' || p.count === undefined, {
    path: ['count'],
    message: 'an imported pool gets its codes from a CSV import, not count',
  })
  .refine((p) => p.experiment === undefined || p.variant !== undefined, {
    path: ['variant'],
    message: 'a pool bound to an experiment names the variant whose visitors it serves',
  })
  .refine((p) => p.variant === undefined || p.experiment !== undefined, {
    path: ['experiment'],
    message: 'a pool bound to a variant names its experiment',
  })
  .refine((p) => p.experiment === undefined || p.widget !== undefined, {
    path: ['widget'],
    message: 'a pool bound to a variant names the widget whose popup that variant patches',
  });

/** Why a pool cannot be bound to the variant it names in the config in force (a typo, or a variant not on its popup). */
function variantIssue(config: NudgeConfig | undefined, p: { widget?: string; experiment?: string; variant?: string }) {
  if (p.experiment === undefined) return undefined;
  const exp = config?.experiments.find((e) => e.key === p.experiment);
  if (!exp) return { path: 'experiment', message: `no experiment "${p.experiment}" in the published config` };
  const v = exp.variants.find((x) => x.key === p.variant);
  if (!v) return { path: 'variant', message: `experiment "${p.experiment}" has no variant "${p.variant}"` };
  if (!exp.variants.some((x) => x.patch?.[p.widget!]))
    return { path: 'experiment', message: `experiment "${p.experiment}" does not patch widget "${p.widget}"` };
  return undefined;
}

export const couponPoolRoutes = (d: Pick<Deps, 'sites' | 'rewards' | 'configs'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => c.json({ pools: await d.rewards.pools(c.var.site.id) }))
    .post('/', jsonObject, body(newPool, 'invalid_pool'), async (c) => {
      const p = c.req.valid('json');
      const bad = variantIssue(d.configs.config(c.var.site.id), p);
      if (bad) return fail(c, 400, 'invalid_pool', issueLine([bad]), [bad]);
      const ok = await d.rewards.createPool(c.var.site.id, {
        ...p,
        expiresAt: p.expiresAt === undefined ? undefined : Date.parse(p.expiresAt),
      });
      if (!ok) return fail(c, 409, 'pool_exists', `site "${c.var.site.id}" already has a pool "${p.id}"`);
      const pool = (await d.rewards.pools(c.var.site.id)).find((x) => x.id === p.id)!;
      return c.json({ pool }, 201);
    })
    .post('/:pool/codes', jsonObject, body(z.object({ count: int(1, MAX_GENERATE) }), 'invalid_count'), async (c) => {
      const added = await d.rewards.generate(c.var.site.id, c.req.param('pool'), c.req.valid('json').count);
      if (added === undefined)
        return fail(c, 404, 'unknown_pool', `no generated pool "${c.req.param('pool')}"; import codes into others`);
      return c.json({ added }, 200);
    })
    .post(
      '/:pool/import',
      jsonObject,
      body(z.object({ csv: z.string({ error: 'expected the CSV text: code[,expires_at] per line' }) }), 'invalid_csv'),
      async (c) => {
        const { codes, issues } = parseCodesCsv(c.req.valid('json').csv);
        if (issues.length) return fail(c, 400, 'invalid_csv', issueLine(issues.slice(0, 20)), issues.slice(0, 100));
        if (!codes.length)
          return fail(c, 400, 'invalid_csv', 'csv: no codes in it', [{ path: 'csv', message: 'no codes in it' }]);
        const out = await d.rewards.import(c.var.site.id, c.req.param('pool'), codes);
        if (!out) return fail(c, 404, 'unknown_pool', `no pool "${c.req.param('pool')}"`);
        return c.json(out, 200);
      },
    );

export const couponReportRoutes = (d: Pick<Deps, 'sites' | 'rewards'>) =>
  new Hono().use(siteParam(d.sites)).get('/', query(timeRange), async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json(await d.rewards.report(c.var.site.id, from, to));
  });

const ledgerQuery = z.object({
  status: z.enum(['pending', 'approved', 'issued', 'rejected']).optional(),
  stage: z.enum(['friend_signup', 'friend_first_order']).optional(),
  person: z.string().max(300).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'expected a whole number from 1 to 1000')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1000, 'expected a whole number from 1 to 1000')
    .optional(),
});

/** The referral ledger: filter, approve what is held, reject with a reason. */
export const ledgerRoutes = (d: Pick<Deps, 'sites' | 'rewards'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', query(ledgerQuery), async (c) => {
      const q = c.req.valid('query');
      return c.json({ entries: await d.rewards.ledger(c.var.site.id, { ...q, limit: q.limit ?? 200 }) });
    })
    .post('/:id/approve', async (c) => {
      const out = await d.rewards.approve(c.var.site.id, c.req.param('id'), actor(c));
      if (out === 'unknown') return fail(c, 404, 'unknown_reward', `no reward "${c.req.param('id')}"`);
      if (out === 'conflict') return fail(c, 409, 'not_pending', 'only a pending reward can be approved');
      return c.json({ approved: c.req.param('id') }, 200);
    })
    .post(
      '/:id/reject',
      jsonObject,
      body(
        z.object({ reason: z.string().trim().min(1, 'say why').max(200, 'at most 200 characters') }),
        'invalid_reason',
      ),
      async (c) => {
        const out = await d.rewards.reject(c.var.site.id, c.req.param('id'), actor(c), c.req.valid('json').reason);
        if (out === 'unknown') return fail(c, 404, 'unknown_reward', `no reward "${c.req.param('id')}"`);
        if (out === 'conflict') return fail(c, 409, 'already_final', 'an issued or rejected reward cannot be rejected');
        return c.json({ rejected: c.req.param('id') }, 200);
      },
    );

/** Captured leads with their deliveries; `status=dead` is the dead-letter list, retried one lead at a time. */
export const leadRoutes = (d: Pick<Deps, 'sites' | 'rewards'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get(
      '/',
      query(
        z.object({
          status: z.enum(['pending', 'delivered', 'dead']).optional(),
          limit: ledgerQuery.shape.limit,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        return c.json({ leads: await d.rewards.leads(c.var.site.id, { status: q.status, limit: q.limit ?? 200 }) });
      },
    )
    .post('/:id/retry', async (c) => {
      const ok = await d.rewards.retryLead(c.var.site.id, c.req.param('id'));
      if (!ok) return fail(c, 404, 'no_dead_letter', `lead "${c.req.param('id')}" has no failed delivery to retry`);
      const [lead] = (await d.rewards.leads(c.var.site.id, { limit: 1000 })).filter((l) => l.id === c.req.param('id'));
      return c.json({ lead }, 200);
    });

/** A visitor's data requests over what rewards keep: `:id` is a visitor id, a user id or an email address. */
export const visitorRoutes = (d: Pick<Deps, 'sites' | 'rewards'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/:id', async (c) => c.json(await d.rewards.exportVisitor(c.var.site.id, c.req.param('id'))))
    .delete('/:id', async (c) => c.json({ removed: await d.rewards.forgetVisitor(c.var.site.id, c.req.param('id')) }));
