// The caller of a request as the routes see it: the principal the access check resolved, and the admin token's label.
import type { Context } from 'hono';
import type { Principal } from '../accounts/roles.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** set by the admin access check (http/principal.ts) */
    principal: Principal;
  }
}

export const setPrincipal = (c: Context, p: Principal) => c.set('principal', p);

/** The caller of this request, once the admin access check has let it through. */
export const principalOf = (c: Context): Principal | undefined => c.get('principal');

/**
 * The name sent in X-Nudge-Actor (percent-encoded, since a header carries no non-Latin text): how a script using the
 * shared admin token names itself in the history. People signed in are named by their account instead.
 */
export const actorLabel = (c: Context) => {
  const raw = c.req.header('x-nudge-actor') ?? '';
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // not encoded (an older client, or curl): taken as written
  }
  // a decoded name may hold what no header could: control characters (a newline) never reach the history
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.slice(0, 100).trim() || 'admin';
};
