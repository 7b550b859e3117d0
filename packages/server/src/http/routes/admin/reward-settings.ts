// /v1/admin/sites/:site/reward-settings: the code webhook, lead delivery, the referral program and the next-order
// coupon; a refusal names each bad field by its path with a stable code (issue-codes below) for clients to word.
import { Hono } from 'hono';
import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { MESSAGE as URL_MESSAGE, webhookUrlOk } from '../../../webhook-url.js';
import type { Deps } from '../../deps.js';
import { fail, issueLine, type Issue } from '../../errors.js';
import { siteParam } from '../../site.js';
import { jsonBody, jsonObject } from '../../validate.js';
import { int } from './rewards.js';

/** A merchant endpoint (webhook-url.ts): https, or http only to this machine; no link-local address. */
const hookUrl = z
  .string({ error: 'expected an https URL' })
  .max(2000, 'at most 2000 characters')
  .refine(webhookUrlOk, { message: URL_MESSAGE, params: { code: 'bad_url' } });

const money = z.number({ error: 'expected an amount' }).min(0, 'expected an amount of 0 or more').max(1e9);
const referralProgram = z.object({
  url: hookUrl.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')
    .optional(),
  stages: z
    .array(
      z.object({
        stage: z.enum(['friend_signup', 'friend_first_order'], {
          error: 'expected "friend_signup" or "friend_first_order"',
        }),
        friend: money.optional(),
        inviter: money.optional(),
      }),
    )
    .max(2)
    .refine((s) => new Set(s.map((x) => x.stage)).size === s.length, {
      message: 'each stage at most once',
      params: { code: 'duplicate' },
    }),
  minOrder: money.optional(),
  capPerInviterPerMonth: money.optional(),
  onRule: z.enum(['reject', 'hold'], { error: 'expected "reject" or "hold"' }).default('hold'),
  review: z.boolean().optional(),
  pool: z.string().min(1).max(64).optional(),
});

/** A webhook the server calls (leads, codes): its URL, the signing secret, how long it waits. */
const webhookBody = z.object({
  url: hookUrl,
  secret: z.string().min(16, 'at least 16 characters').max(200, 'at most 200 characters').optional(),
  timeoutMs: int(100, 10_000).optional(),
});

const leadDeliveryBody = z.object({
  webhook: webhookBody.nullable().optional(),
  email: z
    .object({
      host: z.string().min(1).max(255),
      // absent: the port that goes with `secure`, as nodemailer and mail clients choose it
      port: int(1, 65_535).optional(),
      secure: z.boolean().default(false),
      user: z.string().max(255).optional(),
      password: z.string().max(500).optional(),
      from: z.string().min(3).max(320),
      subject: z.string().max(200).optional(),
    })
    .nullable()
    .optional(),
  retentionDays: int(1, 3650).nullable().optional(),
  doubleOptIn: z.strictObject({ serverUrl: hookUrl, thanksUrl: hookUrl.optional() }).nullable().optional(),
});

const settingsBody = z.object({
  nextOrder: z
    .object({
      widget: z.string().min(1).max(100),
      pool: z.string().min(1).max(64),
      minOrder: money.optional(),
      // caps on codes bound at purchases the browser reported (next-order.ts); 0 binds none from the browser
      capPerAddressPerDay: int(0, 1000).optional(),
      capPerSitePerHour: int(0, 100_000).optional(),
    })
    .nullable()
    .optional(),
  leads: leadDeliveryBody.optional(),
  referral: referralProgram.nullable().optional(),
  codeWebhook: webhookBody.nullable().optional(),
});

/**
 * Why the next-order coupon cannot be shown as asked: its widget must be a coupon popup of the config in force (the one
 * widget that shows a claimed code), and its pool one of the site's pools.
 */
async function nextOrderIssue(
  d: Pick<Deps, 'rewards' | 'configs'>,
  site: string,
  next: { widget: string; pool: string },
): Promise<Issue | undefined> {
  const w = d.configs.config(site)?.widgets.find((x) => x.id === next.widget);
  const path = 'nextOrder.widget';
  if (!w) return { path, code: 'unknown_widget', message: `no widget "${next.widget}" in the published config` };
  if (w.type !== 'coupon-popup')
    return {
      path,
      code: 'not_coupon_popup',
      message: `"${next.widget}" is a ${w.type}: only a coupon popup shows a code`,
    };
  if (!(await d.rewards.pools(site)).some((p) => p.id === next.pool))
    return { path: 'nextOrder.pool', code: 'unknown_pool', message: `site "${site}" has no pool "${next.pool}"` };
  return undefined;
}

/** The value at a dot-joined path of the body (to tell a missing field from a wrong one). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Zod's issues as the API's: path, English message, and a code from the documented list (server README, "Reward
 * settings errors") with its `min` / `max` / `values`. Zod's own codes and words are not the API: they change with zod.
 */
export function codedIssues(issues: readonly z.core.$ZodIssue[], input: unknown): Issue[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    const base = { path, message: i.message };
    const own = (i as { params?: { code?: unknown } }).params?.code;
    if (i.code === 'custom') return { ...base, code: typeof own === 'string' ? own : 'invalid' };
    if (i.code === 'invalid_type') {
      if (valueAt(input, i.path) === undefined) return { ...base, code: 'required' };
      if (i.expected === 'int') return { ...base, code: 'not_whole' };
      return { ...base, code: i.expected === 'number' ? 'not_number' : 'wrong_type' };
    }
    if (i.code === 'too_small') {
      const min = Number(i.minimum);
      // an empty text is a missing one, whatever its least length
      const empty = min <= 1 || valueAt(input, i.path) === '';
      if (i.origin === 'string') return empty ? { ...base, code: 'required' } : { ...base, code: 'too_short', min };
      return { ...base, code: i.origin === 'number' ? 'too_small' : 'too_few', min };
    }
    if (i.code === 'too_big') {
      const max = Number(i.maximum);
      return {
        ...base,
        code: i.origin === 'string' ? 'too_long' : i.origin === 'number' ? 'too_big' : 'too_many',
        max,
      };
    }
    if (i.code === 'invalid_format')
      return { ...base, code: path.endsWith('currency') ? 'bad_currency' : 'bad_format' };
    if (i.code === 'invalid_value') return { ...base, code: 'not_one_of', values: i.values.map(String) };
    if (i.code === 'unrecognized_keys') return { ...base, code: 'unknown_key' };
    return { ...base, code: 'invalid' };
  });
}

/** The body jsonObject read, checked by `schema`; a bad one is a 400 `invalid_settings` with coded issues. */
const settingsInput = <T extends z.ZodType>(schema: T) =>
  createMiddleware(async (c, next) => {
    const input = jsonBody(c);
    const r = await schema.safeParseAsync(input);
    if (!r.success) {
      const issues = codedIssues(r.error.issues, input);
      return fail(c, 400, 'invalid_settings', issueLine(issues), issues);
    }
    c.req.addValidatedData('json', r.data as object);
    await next();
  }) as MiddlewareHandler<Env, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }>;

export const rewardSettingsRoutes = (d: Pick<Deps, 'sites' | 'rewards' | 'configs'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => c.json(await d.rewards.settings(c.var.site.id)))
    .patch('/', jsonObject, settingsInput(settingsBody), async (c) => {
      const { codeWebhook, referral, leads, nextOrder } = c.req.valid('json');
      const site = c.var.site.id;
      // the confirmation link goes by email: refused before anything is changed when no SMTP server will be set
      const smtp = leads?.email === undefined ? (await d.rewards.settings(site)).leads?.email : leads.email;
      if (leads?.doubleOptIn && !smtp)
        return fail(c, 400, 'invalid_settings', 'double opt-in sends its link by email: set leads.email too', [
          {
            path: 'leads.doubleOptIn',
            code: 'needs_email',
            message: 'needs leads.email (an SMTP server) for the confirmation link',
          },
        ]);
      const badNext = nextOrder ? await nextOrderIssue(d, site, nextOrder) : undefined;
      if (badNext) return fail(c, 400, 'invalid_settings', issueLine([badNext]), [badNext]);
      if (referral !== undefined) await d.rewards.setReferralProgram(site, referral);
      if (nextOrder !== undefined) await d.rewards.setNextOrder(site, nextOrder);
      // a new webhook secret is answered once, whichever part made it
      const made = leads ? (await d.rewards.setLeadDelivery(site, leads)).secret : undefined;
      const answer =
        codeWebhook === undefined ? await d.rewards.settings(site) : await d.rewards.setCodeWebhook(site, codeWebhook);
      return c.json(made ? { ...answer, leadSecret: made } : answer);
    });
