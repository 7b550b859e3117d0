// One error body for every refusal ({ error, message, issues? }), and the app-wide error, 404 and nosniff handlers.
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import type { Issue } from '../issue.js';

// Re-exported for the routes, which answer with issues.
export type { Issue };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;
/** `role`: on a 403, the role the request needs. */
export type ErrorBody = { error: string; message: string; issues?: Issue[]; role?: string };

export const fail = (c: Context, status: ErrorStatus, error: string, message: string, issues?: Issue[]) =>
  c.json<ErrorBody, typeof status>({ error, message, ...(issues ? { issues } : {}) }, status);

/** Issues as one line, e.g. `name: required; widgets.0.props.price: expected number`. */
export const issueLine = (issues: Issue[]) => issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ');

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Error codes of a store that cannot be reached (network, a closed connection, Postgres shutting down): retryable. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

export const storeUnreachable = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
};

export const onError: ErrorHandler = (err, c) => {
  console.error('[nudge-server]', err);
  if (storeUnreachable(err)) {
    c.header('Retry-After', '5');
    return fail(c, 503, 'store_unavailable', 'a store cannot be reached; retry shortly');
  }
  return fail(c, 500, 'internal', 'the server failed to handle this request; it is still running');
};

export const notFound: NotFoundHandler = (c) => fail(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`);

export const nosniff: MiddlewareHandler = async (c, next) => {
  await next();
  try {
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    /* a response with immutable headers keeps them */
  }
};
