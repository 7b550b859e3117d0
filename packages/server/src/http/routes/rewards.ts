// POST /v1/coupons/claim and /v1/referrals/code: a visitor's coupon code, a customer's referral code (CORS per site).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { bodyLimit } from '../body-limit.js';
import { cors, corsForErrors, originRefused, preflight } from '../cors.js';
import type { Deps } from '../deps.js';
import { fail } from '../errors.js';
import { clientAddress, limited, RateLimiter } from '../limits.js';
import { body, jsonObject } from '../validate.js';

const ID = (what: string, max: number) =>
  z
    .string({ error: `expected the ${what}` })
    .min(1, `expected the ${what}`)
    .max(max, `at most ${max} characters`);

const claimBody = z.object({
  site: ID('site id', 64),
  widget: ID('widget id', 100),
  anonymousId: ID('visitor (anonymous) id', 128),
  userId: ID('user id', 256).optional(),
});

/** A visitor claims again when the page reloads; a handful a minute is plenty, a script asking for codes is not. */
const PER_VISITOR = { rate: 0.1, burst: 6 };

const codeBody = z.object({
  site: ID('site id', 64),
  anonymousId: ID('visitor (anonymous) id', 128),
  userId: ID('user id (referral codes are per signed-in customer)', 256),
  email: z.email('expected an email address').max(320).optional(),
});

/** Answers a CORS preflight for the site origins' POSTs. */
const preflightPost = (d: Pick<Deps, 'sites'>) => (c: Context) => preflight(c, d.sites, undefined, 'POST, OPTIONS');

/** POST /v1/referrals/code: the signed-in customer's own referral code and share link, the same on every call. */
export const referralRoutes = (d: Pick<Deps, 'sites' | 'limits' | 'rewards'>) =>
  new Hono().options('/code', preflightPost(d)).post(
    '/code',
    corsForErrors(d.sites),
    bodyLimit,
    async (c, next) => (await limited(c, d.limits.perAddress, clientAddress(c))) ?? next(),
    jsonObject,
    body(codeBody, 'invalid_request'),
    async (c) => {
      const req = c.req.valid('json');
      if (!d.sites.get(req.site)) return fail(c, 404, 'unknown_site', `no site "${req.site}"`);
      if (!cors(c, d.sites, req.site)) return originRefused(c, req.site);
      c.header('Cache-Control', 'no-store');
      // cors() let only an origin the site allows through: the link leads back to the shop the customer is on
      const origin = c.req.header('origin');
      const shop = origin && /^https?:\/\//.test(origin) && d.sites.allows(req.site, origin) ? origin : undefined;
      const got = await d.rewards.referralCode(req.site, req, shop);
      if (!got) return fail(c, 404, 'no_referral_program', `site "${req.site}" runs no referral program`);
      return c.json(got, 200);
    },
  );

export const claimRoutes = (d: Pick<Deps, 'sites' | 'limits' | 'rewards' | 'configs'>) => {
  const perVisitor = new RateLimiter(PER_VISITOR);
  return new Hono().options('/claim', preflightPost(d)).post(
    '/claim',
    corsForErrors(d.sites),
    bodyLimit,
    async (c, next) => (await limited(c, d.limits.perAddress, clientAddress(c))) ?? next(),
    jsonObject,
    body(claimBody, 'invalid_claim'),
    async (c) => {
      const req = c.req.valid('json');
      if (!d.sites.get(req.site)) return fail(c, 404, 'unknown_site', `no site "${req.site}"`);
      if (!cors(c, d.sites, req.site)) return originRefused(c, req.site);
      const slow = await limited(c, perVisitor, `${req.site}\n${req.anonymousId}`);
      if (slow) return slow;
      c.header('Cache-Control', 'no-store');
      // a widget the published config has no coupon popup for is a page or config mistake, not an offer that ran out
      if (!(await d.rewards.claimable(req.site, req.widget))) {
        const message = `site "${req.site}" has no coupon popup "${req.widget}" in its published config`;
        return c.json({ error: 'unknown_widget', message, path: 'widget', issues: [{ path: 'widget', message }] }, 404);
      }
      const got = await d.rewards.claim(req);
      // the thank-you page's widget asks while the purchase is on its way: "none (yet)" is an answer, not an error
      if (!got && d.configs.config(req.site)?.nextOrder?.widget === req.widget) return c.body(null, 204);
      if (!got)
        return c.json(
          { error: 'pool_empty', reason: 'pool_empty' as const, message: 'no code is left for this offer' },
          410,
        );
      return c.json(
        {
          code: got.code,
          expiresAt: got.expiresAt === null ? null : new Date(got.expiresAt).toISOString(),
          source: got.source,
        },
        200,
      );
    },
  );
};
