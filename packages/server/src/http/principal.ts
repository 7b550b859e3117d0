// Who is calling the admin API (a session cookie, a person's token, or the admin token), what role the route needs,
// the CSRF check for cookie sign-ins, and one audit row per change.
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Accounts } from '../accounts/accounts.js';
import { atLeast, type Principal } from '../accounts/roles.js';
import { credentials } from './credentials.js';
import { fail, type ErrorBody } from './errors.js';
import { isSafeMethod, neededRole } from './roles.js';
import { actorLabel, setPrincipal } from './caller.js';

export const SESSION_COOKIE = 'nudge_session';
export const CSRF_HEADER = 'x-nudge-csrf';

const adminPath = (path: string, prefix: string) => (path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path);
const siteOf = (path: string) => /^\/sites\/([^/]+)/.exec(path)?.[1] ?? null;

/** Resolves the caller of an admin request, refuses what its role may not do, and records every change. */
export const adminAccess = (accounts: Accounts, prefix = '/v1/admin') =>
  createMiddleware(async (c, next) => {
    const { bearer } = credentials(c.req.header('authorization'));
    let p: Principal | undefined;
    if (bearer) {
      p = await accounts.fromBearer(bearer, actorLabel(c));
      if (!p) return fail(c, 401, 'invalid_token', 'the token is not valid');
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (!cookie) return fail(c, 401, 'missing_token', 'sign in, or send a token as Authorization: Bearer <token>');
      p = await accounts.fromSession(cookie);
      if (!p) return fail(c, 401, 'session_ended', 'your session has ended: sign in again');
      // a cookie is sent by the browser on its own; a change must also carry the secret only our console can read
      if (!isSafeMethod(c.req.method) && c.req.header(CSRF_HEADER) !== p.csrf) {
        // refused changes are in the audit trail too: a missing CSRF secret may be a forged request
        await audit(accounts, p, c.req.method, adminPath(c.req.path, prefix), 403);
        return fail(c, 403, 'csrf', `send the session's CSRF token as ${CSRF_HEADER}`);
      }
    }
    const path = adminPath(c.req.path, prefix);
    const needs = neededRole(c.req.method, path);
    setPrincipal(c, p);
    if (!atLeast(p.role, needs)) {
      if (!isSafeMethod(c.req.method)) await audit(accounts, p, c.req.method, path, 403);
      return c.json<ErrorBody, 403>(
        { error: 'forbidden', message: `this needs the ${needs} role (you have ${p.role})`, role: needs },
        403,
      );
    }
    await next();
    if (!isSafeMethod(c.req.method)) await audit(accounts, p, c.req.method, path, c.res.status);
  });

async function audit(accounts: Accounts, p: Principal, method: string, path: string, status: number) {
  try {
    await accounts.record(p, method, path, status, siteOf(path));
  } catch (err) {
    // the change itself is done; a lost audit row is logged, never turned into a failed request
    console.error('[nudge-server] audit row not stored', err);
  }
}
