// GET|POST /v1/leads/confirm: the double opt-in link a shopper opens; the lead counts once they press the button.
import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { bodyLimit } from '../body-limit.js';
import type { Deps } from '../deps.js';
import { fail } from '../errors.js';
import { clientAddress, limited } from '../limits.js';
import { query } from '../validate.js';

const link = z.object({
  site: z.string().min(1, 'expected the site id').max(64, 'at most 64 characters'),
  token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected the token of a confirmation link'),
});

/** Nothing runs or loads on these pages: no script, no style, the form posts back here only. */
const CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const page = (c: Context, status: 200 | 404, title: string, body: string) => {
  c.header('Content-Security-Policy', CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`,
    status,
  );
};

const FORM_ERROR = 'the confirmation form needs the site and token of its link';

export const leadConfirmRoutes = (d: Pick<Deps, 'sites' | 'limits' | 'rewards'>) =>
  new Hono()
    // a GET only shows the button: mail scanners open links, and that must not confirm anyone
    .get('/confirm', query(link), (c) => {
      const { site, token } = c.req.valid('query');
      return page(
        c,
        200,
        'Confirm your email address',
        `<form method="post" action="confirm"><input type="hidden" name="site" value="${esc(site)}">` +
          `<input type="hidden" name="token" value="${esc(token)}">` +
          `<p>Press the button to confirm that you signed up with this address.</p>` +
          `<button type="submit">Confirm my email address</button></form>`,
      );
    })
    .post(
      '/confirm',
      bodyLimit,
      async (c, next) => (await limited(c, d.limits.perAddress, clientAddress(c))) ?? next(),
      zValidator('form', link, (r, c) => {
        if (!r.success) return fail(c, 400, 'invalid_confirmation', FORM_ERROR);
      }),
      async (c) => {
        const { site, token } = c.req.valid('form');
        if (!d.sites.get(site)) return page(c, 404, 'This link is not valid', '<p>No such shop.</p>');
        const done = await d.rewards.confirmLead(site, token);
        if (done === 'unknown')
          return page(c, 404, 'This link is not valid', '<p>It may have expired. Sign up again on the shop.</p>');
        const thanks = (await d.rewards.settings(site)).leads?.doubleOptIn?.thanksUrl;
        if (thanks) return c.redirect(thanks, 303);
        return page(c, 200, 'Thank you', '<p>Your email address is confirmed.</p>');
      },
    );
