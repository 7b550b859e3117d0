// /v1/admin/users (invite, list, change role, disable), /v1/admin/tokens (personal API tokens) and /v1/admin/audit.
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '../../../accounts/roles.js';
import { principalOf } from '../../caller.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { body, jsonObject, queryFields } from '../../validate.js';
import { consoleLink } from '../auth.js';

const EMAIL = 'expected an email address';
const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });
const invite = z.object({ email: z.string({ error: EMAIL }).trim().max(254, EMAIL).email(EMAIL), role });
const userPatch = z.object({
  role: role.optional(),
  disabled: z.boolean({ error: 'expected true or false' }).optional(),
});
const NAME = 'expected a name of 1 to 100 characters';
const newToken = z.object({ name: z.string({ error: NAME }).trim().min(1, NAME).max(100, NAME), role });

export const userRoutes = (d: Pick<Deps, 'accounts'>) =>
  new Hono()
    .get('/users', async (c) => c.json({ users: await d.accounts.users() }))
    .post('/users', jsonObject, body(invite, 'invalid_body'), async (c) => {
      const { email, role: r } = c.req.valid('json');
      const out = await d.accounts.invite(email, r);
      if ('error' in out) return fail(c, 409, 'email_taken', `${email} already has an account`);
      // shown to the admin who invites: the console copies it, and mail can carry it once mail is set up
      return c.json({ user: out.user, inviteUrl: consoleLink(c, 'invite', out.secret) }, 201);
    })
    .patch('/users/:id', jsonObject, body(userPatch, 'invalid_body'), async (c) => {
      const out = await d.accounts.updateUser(c.req.param('id'), c.req.valid('json'));
      if ('error' in out) return fail(c, 404, 'not_found', 'no such user');
      return c.json({ user: out });
    })
    .get('/tokens', async (c) => c.json({ tokens: await d.accounts.tokens(principalOf(c)!) }))
    .post('/tokens', jsonObject, body(newToken, 'invalid_body'), async (c) => {
      const { name, role: r } = c.req.valid('json');
      const out = await d.accounts.createToken(principalOf(c)!, name, r);
      if ('error' in out)
        return c.json(
          { error: 'forbidden', message: `a token cannot have a higher role than yours: you asked for ${r}`, role: r },
          403,
        );
      return c.json({ token: out.token, ...out.record }, 201);
    })
    .delete('/tokens/:prefix', async (c) => {
      if (!(await d.accounts.dropToken(principalOf(c)!, c.req.param('prefix'))))
        return fail(c, 404, 'not_found', 'no such token');
      return c.body(null, 204);
    })
    .get('/audit', queryFields<{ site?: string; limit?: string }>(), async (c) => {
      const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 200) || 200));
      return c.json({ audit: await d.accounts.audit(limit, c.req.query('site') || undefined) });
    });
