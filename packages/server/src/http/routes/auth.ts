// /v1/auth: sign in (email and password, or the admin token) into an httpOnly SameSite cookie, who am I, sign out,
// invitations and password resets by link.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AccountError, NewSession } from '../../accounts/accounts.js';
import type { Deps } from '../deps.js';
import { bodyLimit } from '../body-limit.js';
import { fail } from '../errors.js';
import { viaHttps } from '../https.js';
import { clientAddress, limited } from '../limits.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../principal.js';
import { body, jsonObject } from '../validate.js';

const EMAIL = 'expected an email address';
const email = z.string({ error: EMAIL }).trim().max(254, EMAIL).email(EMAIL);
const password = z.string({ error: 'expected a password' }).max(200, 'must be at most 200 characters');
const loginBody = z.union(
  [
    z.object({ email, password }),
    z.object({
      token: z.string({ error: 'expected the admin token' }).min(1).max(200),
      name: z.string().max(100).optional(),
    }),
  ],
  { error: 'send {email, password}, or {token, name?} with the admin token' },
);
const linkBody = z.object({ token: z.string({ error: 'expected the link token' }).min(1).max(200), password });

/** The session in an httpOnly, SameSite=Strict cookie for the API's paths; the CSRF secret in the body. */
function signedIn(c: Context, s: NewSession) {
  setCookie(c, SESSION_COOKIE, s.secret, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/v1',
    secure: viaHttps(c),
    expires: new Date(s.expiresAt),
  });
  const p = s.principal;
  return c.json({ name: p.name, role: p.role, userId: p.userId ?? null, csrf: p.csrf! });
}

function refused(c: Context, e: AccountError) {
  switch (e.error) {
    case 'locked':
      c.header('Retry-After', String(e.retryAfterS));
      return fail(c, 429, 'locked', 'too many failed sign-ins for this email: try again later');
    case 'weak_password':
      return fail(c, 400, 'weak_password', `password: ${e.message}`, [{ path: 'password', message: e.message }]);
    case 'invalid_link':
      return fail(c, 400, 'invalid_link', 'this link is not valid any more (used, expired, or mistyped)');
    default:
      return fail(c, 401, 'invalid_credentials', 'the email and password (or token) do not match');
  }
}

const isError = (r: NewSession | AccountError): r is AccountError => 'error' in r;

export const authRoutes = (d: Pick<Deps, 'accounts' | 'limits'>, log: (line: string) => void) =>
  new Hono()
    // guessing passwords costs requests per address, on top of the lock per email
    .use(async (c, next) => (await limited(c, d.limits.admin, clientAddress(c))) ?? next())
    .use(bodyLimit)
    .post('/login', jsonObject, body(loginBody, 'invalid_body'), async (c) => {
      const b = c.req.valid('json');
      const r =
        'email' in b
          ? await d.accounts.login(b.email, b.password)
          : await d.accounts.loginWithAdminToken(b.token, b.name ?? '');
      if (isError(r)) return refused(c, r);
      await d.accounts.record(r.principal, 'POST', '/auth/login', 200, null).catch(() => undefined);
      return signedIn(c, r);
    })
    .get('/me', async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      const p = cookie ? await d.accounts.fromSession(cookie) : undefined;
      if (!p) return fail(c, 401, 'session_ended', 'not signed in');
      return c.json({ name: p.name, role: p.role, userId: p.userId ?? null, csrf: p.csrf! });
    })
    // The console's question on opening: nobody signed in is an answer, not an error (a 401 would be logged in the
    // browser's console on every visit to the sign-in page).
    .get('/session', async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      const p = cookie ? await d.accounts.fromSession(cookie) : undefined;
      return c.json({ me: p ? { name: p.name, role: p.role, userId: p.userId ?? null, csrf: p.csrf! } : null });
    })
    .post('/logout', async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      const p = cookie ? await d.accounts.fromSession(cookie) : undefined;
      if (p) {
        if (c.req.header(CSRF_HEADER) !== p.csrf)
          return fail(c, 403, 'csrf', `send the session's CSRF token as ${CSRF_HEADER}`);
        await d.accounts.logout(p);
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/v1' });
      return c.body(null, 204);
    })
    .post('/accept', jsonObject, body(linkBody, 'invalid_body'), async (c) => {
      const { token, password: pw } = c.req.valid('json');
      const r = await d.accounts.usePasswordLink('invite', token, pw);
      return isError(r) ? refused(c, r) : signedIn(c, r);
    })
    .post('/reset', jsonObject, body(linkBody, 'invalid_body'), async (c) => {
      const { token, password: pw } = c.req.valid('json');
      const r = await d.accounts.usePasswordLink('reset', token, pw);
      return isError(r) ? refused(c, r) : signedIn(c, r);
    })
    .post('/reset-request', jsonObject, body(z.object({ email }), 'invalid_body'), async (c) => {
      const secret = await d.accounts.resetLink(c.req.valid('json').email);
      // No mail is set up: the link goes to the server's log, where whoever runs the server can pass it on. The
      // answer is the same whether the email exists, so it cannot be used to find accounts.
      if (secret) log(`password reset link for ${c.req.valid('json').email}: ${consoleLink(c, 'reset', secret)}`);
      return c.json({ sent: true }, 202);
    });

/** Where the console opens an invitation or reset link. */
export const consoleLink = (c: Context, kind: 'invite' | 'reset', secret: string) =>
  `${new URL(c.req.url).origin}/console/?${kind}=${encodeURIComponent(secret)}`;
