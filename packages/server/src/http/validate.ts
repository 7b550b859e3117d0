// Admin request bodies and queries checked by zod, bad fields answered in the API's error body with dot-joined paths.
import { zValidator } from '@hono/zod-validator';
import { MAX_INT32, MAX_TIME_MS } from '@nudge/core/spec';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { actorLabel, principalOf } from './caller.js';
import { z } from 'zod';
import type { TimeRange } from '../store/store.js';
import { fail, issueLine, parseJson, type Issue } from './errors.js';

/** The body jsonObject read, for `body()` after it (kept off the context so route types stay as they are). */
const jsonBodies = new WeakMap<Request, Record<string, unknown>>();

/** The body jsonObject read ({} when it did not run). */
export const jsonBody = (c: Context): Record<string, unknown> => jsonBodies.get(c.req.raw) ?? {};

/**
 * The body as a JSON object, whatever its content type, as the API always read it: an empty body
 * is `{}`, text that is not JSON is `invalid_json`, JSON that is not an object `invalid_body`.
 */
export const jsonObject: MiddlewareHandler = async (c, next) => {
  const text = await c.req.text();
  const p = text.trim() ? parseJson(text) : { ok: true as const, value: {} };
  if (!p.ok) return fail(c, 400, 'invalid_json', `body is not JSON: ${p.message}`);
  if (typeof p.value !== 'object' || p.value === null || Array.isArray(p.value))
    return fail(c, 400, 'invalid_body', 'expected a JSON object');
  jsonBodies.set(c.req.raw, p.value as Record<string, unknown>);
  await next();
};

export const toIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

/** Which error code a failed body gets, from the path of its first bad field. */
type ErrorCode = string | ((path: string) => string);
/** The error's message, from its first bad field: the words the API has always answered (default: every field). */
export type ErrorMessage = string | ((first: Issue, issues: Issue[]) => string);

const messageOf = (message: ErrorMessage | undefined, issues: Issue[]) =>
  typeof message === 'string' ? message : message && issues[0] ? message(issues[0], issues) : issueLine(issues);

/**
 * The body jsonObject read, checked by `schema` (read it with c.req.valid('json')); a bad one is a 400 listing every
 * bad field. Not hono's json validator: that reads the body again and only when it is labelled JSON.
 */
export const body = <T extends z.ZodType>(schema: T, code: ErrorCode, message?: ErrorMessage) =>
  createMiddleware(async (c, next) => {
    const r = await schema.safeParseAsync(jsonBody(c));
    if (!r.success) {
      const issues = toIssues(r.error.issues);
      const error = typeof code === 'string' ? code : code(issues[0]?.path ?? '');
      return fail(c, 400, error, messageOf(message, issues), issues);
    }
    c.req.addValidatedData('json', r.data as object);
    await next();
  }) as MiddlewareHandler<Env, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }>;

/** The validated query (c.req.valid('query')); a bad one is a 400 `code` listing every bad field. */
export const query = <T extends z.ZodType>(schema: T, code = 'invalid_query', message?: ErrorMessage) =>
  zValidator('query', schema, (r, c) => {
    if (r.success) return;
    const issues = toIssues(r.error.issues);
    return fail(c, 400, code, messageOf(message, issues), issues);
  });

const VERSION_MESSAGE = `expected a version number from 1 to ${MAX_INT32}`;
/** Config versions are INTEGER: a whole number from 1 up. */
export const versionNumber = z
  .number({ error: 'expected a version number' })
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT32, VERSION_MESSAGE);

/** A version in a path or query: digits only. */
export const versionText = z
  .string()
  .regex(/^\d{1,10}$/, VERSION_MESSAGE)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_INT32, VERSION_MESSAGE);

/** `from`/`to` as ms or ISO dates. */
const instant = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    // Beyond what a JS Date holds is not a time, and would not fit the BIGINT it is compared with.
    if (Number.isFinite(n) && Math.abs(n) <= MAX_TIME_MS) return n;
    ctx.addIssue({ code: 'custom', message: 'expected an ISO date or ms since the epoch (at most 8.64e15)' });
    return z.NEVER;
  });

/** A report's time range: defaults to everything up to now (plus a day of clock skew). */
export const timeRange = z
  .looseObject({ from: instant, to: instant })
  .transform((q): TimeRange => ({ from: q.from ?? 0, to: q.to ?? Date.now() + 86_400_000 }))
  .refine((r) => r.from <= r.to, { message: 'must not be later than to', path: ['from'] });

/** Query fields a handler reads itself (lenient, with its own errors), declared so the typed client can send them. */
export const queryFields = <Q extends Record<string, string | undefined>>() =>
  createMiddleware<Env, string, { in: { query: Q } }>((_c, next) => next());

/** Who the history names: the signed-in person (their email), else the admin token's X-Nudge-Actor label. */
export const actor = (c: Context) => principalOf(c)?.name ?? actorLabel(c);
