// The HTTP surface: public collector and config endpoints, the admin API and the console, as one hono app.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { MAX_INT32, MAX_TIME_MS, nudgeConfigSchema, validateEventProps, widgetPropSchemas } from '@nudge/core/spec';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { toJSONSchema } from 'zod/mini';
import { credentials, matchesHash, newSecret, sha256 } from './auth.js';
import { diff } from './config-diff.js';
import {
  checkConfig,
  ConfigService,
  emptyConfig,
  historyWords,
  type Issue,
  type PublishResult,
} from './config-service.js';
import { applyAction, describeAction, parseAction } from './experiment-actions.js';
import { idMillis, toEventRow, type Envelope } from './ingest/normalize.js';
import { fromSegment, segmentEventId, type SegmentMessage } from './ingest/segment.js';
import { batchIds, checkBatch, propsError, usableId } from './ingest/validate.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { preview } from './preview.js';
import { experimentReport } from './reports/experiment-report.js';
import { normalizeOrigin, SITE_ID, Sites } from './sites.js';
import { SseHub } from './sse-hub.js';
import type { CountReport, EventRow, SiteRecord, Store, TimeRange } from './store/store.js';

export const MAX_BODY_BYTES = 512 * 1024;
/** A site's display name, in characters. */
export const MAX_SITE_NAME = 200;
/** Queued (acknowledged, not yet written) events above which ingest answers 503 rather than grow without bound. */
export const MAX_PENDING_EVENTS = 200_000;

export interface AppOptions {
  store: Store;
  /** SHA-256 of the admin token */
  adminTokenHash: string;
  /** folder of the built console (index.html + assets) */
  consoleDir?: string;
  heartbeatMs?: number;
  /**
   * Token buckets: ingest per site and per client address; `config` the public config GETs and stream connects per
   * address; `admin` the admin API per address (checked before the token, so guessing costs requests too).
   */
  rateLimit?: {
    perSite?: RateLimitOptions;
    perAddress?: RateLimitOptions;
    config?: RateLimitOptions;
    admin?: RateLimitOptions;
  };
  /** Open config streams allowed at once per client address and in all (each holds a socket and its buffers). */
  streams?: { perAddress?: number; total?: number };
}

export interface NudgeApp {
  app: Hono;
  configs: ConfigService;
  sites: Sites;
  hub: SseHub;
  /** ends open SSE streams (graceful shutdown) */
  closeStreams(): void;
}

const DEFAULT_LIMITS = {
  perSite: { rate: 2000, burst: 4000 },
  perAddress: { rate: 50, burst: 200 },
  config: { rate: 20, burst: 100 },
  admin: { rate: 100, burst: 400 },
};
/** Open config streams: per client address (a shop's office behind one NAT still fits) and in all. */
export const DEFAULT_STREAM_CAPS = { perAddress: 50, total: 5000 };
/** What a refused stream is told to wait, in seconds. */
const STREAM_RETRY_S = 30;

type ErrorBody = { error: string; message: string; issues?: Issue[] };
const fail = (
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
  error: string,
  message: string,
  issues?: Issue[],
) => c.json<ErrorBody>({ error, message, ...(issues ? { issues } : {}) }, status);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

async function drain(body: ReadableStream<Uint8Array> | null, max: number): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > max) return void (await reader.cancel());
    }
  } catch {
    /* the client went away */
  }
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `from`/`to` as ms or ISO dates; defaults to everything up to now (plus a day of clock skew). */
function timeRange(c: Context): TimeRange | Issue[] {
  const read = (name: 'from' | 'to', fallback: number): number | Issue => {
    const v = c.req.query(name);
    if (v === undefined || v === '') return fallback;
    const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    // Beyond what a JS Date holds is not a time, and would not fit the BIGINT it is compared with.
    return Number.isFinite(n) && Math.abs(n) <= MAX_TIME_MS
      ? n
      : { path: name, message: 'expected an ISO date or ms since the epoch (at most 8.64e15)' };
  };
  const from = read('from', 0);
  const to = read('to', Date.now() + 86_400_000);
  const issues = [from, to].filter((x): x is Issue => typeof x === 'object');
  if (!issues.length && (from as number) > (to as number))
    issues.push({ path: 'from', message: 'must not be later than to' });
  return issues.length ? issues : { from: from as number, to: to as number };
}

/** Config versions are INTEGER: a whole number from 1 up, else the issue naming `path`. */
function version(v: unknown, path: string): number | Issue {
  const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_INT32
    ? n
    : { path, message: `expected a version number from 1 to ${MAX_INT32}` };
}
const isIssue = (v: unknown): v is Issue => typeof v === 'object' && v !== null;

function validTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Error report: groups listed by default / at most (the total still counts every nudge_error). */
const ERROR_GROUPS = 100;
const ERROR_GROUPS_MAX = 1000;

/**
 * Security headers of the console's pages: scripts only from the console itself (no inline, no eval); styles also
 * inline, because the console's templates use style= attributes and its pages a <style> block; framing refused,
 * except the widget preview, which the console frames itself.
 */
function consoleHeaders(preview: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https: http:",
    // the preview runs the real widgets, and a stock banner polls its feedUrl
    preview ? "connect-src 'self' https: http:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${preview ? "'self'" : "'none'"}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': preview ? 'SAMEORIGIN' : 'DENY',
    'Referrer-Policy': 'no-referrer', // (nosniff: on every response, below)
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export function createApp(opts: AppOptions): NudgeApp {
  const { store } = opts;
  const hub = new SseHub();
  const sites = new Sites(store);
  const configs = new ConfigService(store, hub);
  const perSite = new RateLimiter(opts.rateLimit?.perSite ?? DEFAULT_LIMITS.perSite);
  const perAddress = new RateLimiter(opts.rateLimit?.perAddress ?? DEFAULT_LIMITS.perAddress);
  const configLimit = new RateLimiter(opts.rateLimit?.config ?? DEFAULT_LIMITS.config);
  const adminLimit = new RateLimiter(opts.rateLimit?.admin ?? DEFAULT_LIMITS.admin);
  const streamCaps = { ...DEFAULT_STREAM_CAPS, ...opts.streams };
  /** Open streams per client address. */
  const streamsByAddress = new Map<string, number>();
  let streamsOpen = 0;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const streams = new Set<() => void>();
  const app = new Hono();

  app.onError((err, c) => {
    console.error('[nudge-server]', err);
    return fail(c, 500, 'internal', 'the server failed to handle this request; it is still running');
  });
  app.notFound((c) => fail(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));
  app.use('*', async (c, next) => {
    await next();
    try {
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      /* a response with immutable headers keeps them */
    }
  });

  const tooLarge = (c: Context) =>
    fail(c, 413, 'body_too_large', `request bodies are limited to ${MAX_BODY_BYTES / 1024} KB`);
  const streamingLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  const limit: MiddlewareHandler = async (c, next) => {
    if (Number(c.req.header('content-length')) > MAX_BODY_BYTES) {
      // Read (and discard) a moderately oversized body first, so the client gets the 413 instead of a reset socket.
      await drain(c.req.raw.body, 16 * MAX_BODY_BYTES);
      return tooLarge(c);
    }
    return streamingLimit(c, next);
  };

  const cors = (c: Context, site: string | undefined): boolean => {
    const origin = c.req.header('origin');
    if (!origin) return true; // not a browser cross-origin request (server-side, curl, same-origin GET)
    const ok = site ? sites.allows(site, origin) : sites.anyAllows(origin);
    if (ok) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      // The tracker honours Retry-After on 429/503; cross-origin it can only read it when exposed.
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    return ok;
  };

  /** While the store cannot keep up (or is failing), refuse instead of acknowledging what might not be written. */
  const overloaded = (c: Context): Response | undefined => {
    if (store.pending() < MAX_PENDING_EVENTS) return undefined;
    c.header('Retry-After', '2');
    return fail(c, 503, 'overloaded', 'the collector is writing a backlog; retry shortly');
  };

  const tooMany = (c: Context, wait: number): Response | undefined => {
    if (!wait) return undefined;
    c.header('Retry-After', String(wait));
    return fail(c, 429, 'rate_limited', `too many requests; retry after ${wait} s`);
  };
  /** Per client address: checked before the body is read, so a flood costs no parsing. */
  const addressLimited = (c: Context) => tooMany(c, perAddress.take(`addr:${clientAddress(c)}`));
  const siteLimited = (c: Context, site: string) => tooMany(c, perSite.take(`site:${site}`));

  // ---------- public: collector ----------
  app.options('/v1/events', (c) => {
    if (!cors(c, undefined))
      return fail(c, 403, 'origin_not_allowed', `origin ${c.req.header('origin')} is not allowed`);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'content-type');
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  });

  // Errors must be readable by the page too (else a 400 looks like a network failure and gets retried forever), so
  // any origin some site allows gets CORS headers up front; the batch's own site is checked once it is parsed.
  const corsForErrors: MiddlewareHandler = async (c, next) => {
    cors(c, undefined);
    await next();
  };

  app.post('/v1/events', corsForErrors, limit, async (c) => {
    const receivedAt = Date.now();
    const flood = addressLimited(c);
    if (flood) return flood;
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && type !== 'application/json' && type !== 'text/plain')
      return fail(c, 415, 'unsupported_media_type', 'send the batch as application/json or text/plain (beacon)');
    const parsed = parseJson(await c.req.text());
    if (!parsed.ok) return fail(c, 400, 'invalid_json', `body is not JSON: ${parsed.message}`);
    const batch = checkBatch(parsed.value, receivedAt);
    if (!batch.ok) return fail(c, 400, 'invalid_batch', 'the batch is malformed', batch.issues);
    if (!sites.get(batch.site)) return fail(c, 404, 'unknown_site', `no site "${batch.site}"`);
    if (!cors(c, batch.site))
      return fail(
        c,
        403,
        'origin_not_allowed',
        `origin ${c.req.header('origin')} is not allowed for site "${batch.site}"`,
      );
    const limited = siteLimited(c, batch.site) ?? overloaded(c);
    if (limited) return limited;
    // Event times are already on the server's clock (checkBatch corrects client skew by sentAt and range-checks them).
    store.append(batch.events.map((e) => toEventRow(batch.site, e, receivedAt)));
    // Nothing disappears unnoticed: what clients gave up on and what we refused (not stored) are counted per site (see
    // /stats), once: a tracker whose answer got lost sends the very same batch again. Counted before answering, so a
    // count that fails gets a 500 and the (idempotent) retry counts it. Events kept as nudge_error are stored rows.
    const refused = batch.rejected.filter((r) => !r.storedAs);
    await Promise.all([
      // The tracker only reports drops alongside events (see sendOnce/hide in core's tracker.ts), so the ids it carried
      // identify the report; a report with no events (other senders) has nothing to key on and is counted every time.
      batch.dropped ? store.countOnce(batch.site, 'client_dropped', [{ keys: batchIds(batch), n: batch.dropped }]) : 0,
      // An event without a usable id (a malformed one) cannot be recognised when it is sent again: counted each time.
      refused.length
        ? store.countOnce(
            batch.site,
            'refused',
            refused.map((r) => ({ keys: usableId(r) ? [r.id!] : [], n: 1 })),
          )
        : 0,
    ]);
    // `accepted` counts every stored row, events with bad props included: they are kept as nudge_error rows; copies of
    // one id in the same batch are one row.
    const body = { accepted: new Set(batch.events.map((e) => e.id)).size, rejected: batch.rejected };
    // Nothing usable: a 400 with every path. Some usable: 200, because the good events are stored and a 4xx would
    // make the tracker count the whole batch as dropped; the bad ones are listed (and counted in /stats).
    if (batch.rejected.length && !batch.events.length)
      return c.json(
        {
          error: 'invalid_events',
          message: `all ${batch.rejected.length} event(s) rejected`,
          issues: batch.rejected.flatMap((r) => r.issues),
          ...body,
        },
        400,
      );
    return c.json(body, 200);
  });

  // Segment HTTP Tracking API: server-side libraries authenticate with a write key.
  const segment = async (c: Context, messages: unknown[], writeKeyFromBody: unknown) => {
    const receivedAt = Date.now();
    const key =
      credentials(c.req.header('authorization')).basicUser ??
      (typeof writeKeyFromBody === 'string' ? writeKeyFromBody : undefined);
    if (!key) return fail(c, 401, 'missing_write_key', 'send the write key as Basic auth user name');
    const record = await store.findWriteKey(sha256(key));
    if (!record || !sites.get(record.site)) return fail(c, 401, 'invalid_write_key', 'unknown write key');
    const site = record.site;
    const limited = siteLimited(c, site) ?? overloaded(c);
    if (limited) return limited;
    if (messages.length > 2500)
      return fail(c, 400, 'invalid_batch', 'at most 2500 messages per batch', [
        { path: 'batch', message: 'too many messages' },
      ]);
    const rows: EventRow[] = [];
    const issues: (Issue & { storedAs?: 'nudge_error' })[] = [];
    // Counted once per messageId, so a library's retry adds nothing; a message without one cannot be recognised again.
    const refused: CountReport[] = [];
    const refuse = (m: SegmentMessage) =>
      refused.push({
        keys: typeof m.messageId === 'string' && m.messageId ? [segmentEventId(m.messageId, m)] : [],
        n: 1,
      });
    // Rows whose dedupe time is when their message was first seen (see below).
    const untimed: EventRow[] = [];
    const row = (r: { envelope: Envelope; messageId: string; timed: boolean }, e: Envelope) => {
      const out = toEventRow(site, e, receivedAt, 'segment');
      // Duplicates are looked up by id within the batch's id_ms span, so every copy of a message needs the same id_ms:
      // from a UUIDv7 messageId, else from the message's timestamp; without either, the time it was first received.
      out.idMs = idMillis(r.messageId, r.timed ? out.ts : NaN);
      if (Number.isNaN(out.idMs)) untimed.push(out);
      return out;
    };
    for (const [i, m] of messages.entries()) {
      if (typeof m !== 'object' || m === null) {
        issues.push({ path: `batch.${i}`, message: 'expected a message object' });
        refused.push({ keys: [], n: 1 });
        continue;
      }
      const msg = m as SegmentMessage;
      try {
        const r = fromSegment(msg, receivedAt, {});
        if (!r.ok) {
          issues.push(...r.issues.map((x) => ({ path: `batch.${i}.${x.path}`, message: x.message })));
          refuse(msg);
          continue;
        }
        if (r.envelope.name === 'purchase' && r.envelope.props) {
          r.envelope.props.items ??= [];
          r.envelope.props.currency ??= 'USD'; // Segment's documented default
        }
        const bad = validateEventProps(r.envelope.name, r.envelope.props);
        if (bad) {
          // As on /v1/events: a message whose props fail is kept as a nudge_error under its messageId, never lost.
          issues.push({
            path: `batch.${i}.properties${bad.path ? `.${bad.path}` : ''}`,
            message: bad.message,
            storedAs: 'nudge_error',
          });
          rows.push(row(r, propsError(r.envelope, bad)));
          continue;
        }
        rows.push(row(r, r.envelope));
      } catch (err) {
        // One message the mapping trips over must not take the batch's good messages down with a 500.
        issues.push({ path: `batch.${i}`, message: `could not be checked: ${(err as Error).message}` });
        refuse(msg);
      }
    }
    if (untimed.length) {
      const first = await store.firstSeen(
        site,
        'segment_message',
        untimed.map((r) => r.id),
        receivedAt,
      );
      for (const r of untimed) r.idMs = r.ts = first.get(r.id) ?? receivedAt;
    }
    // A server-side message with only a userId joins the browser visitor that identified as that user.
    const unresolved = rows.filter((r) => r.anonymousId?.startsWith('user:') && r.userId);
    if (unresolved.length) {
      const ids = await store.visitorsForUsers(site, [...new Set(unresolved.map((r) => r.userId!))]);
      // An identify earlier in this same batch links them too.
      for (const r of rows)
        if (r.userId && r.anonymousId && !r.anonymousId.startsWith('user:')) ids.set(r.userId, r.anonymousId);
      for (const r of unresolved) r.anonymousId = ids.get(r.userId!) ?? r.anonymousId;
    }
    store.append(rows);
    if (refused.length) await store.countOnce(site, 'refused', refused);
    if (issues.length && !rows.length)
      return c.json(
        { error: 'invalid_events', message: `all ${messages.length} message(s) rejected`, issues, accepted: 0 },
        400,
      );
    return c.json(
      { success: true, accepted: new Set(rows.map((r) => r.id)).size, ...(issues.length ? { issues } : {}) },
      200,
    );
  };

  app.post('/v1/batch', limit, async (c) => {
    const flood = addressLimited(c);
    if (flood) return flood;
    const parsed = parseJson(await c.req.text());
    if (!parsed.ok) return fail(c, 400, 'invalid_json', `body is not JSON: ${parsed.message}`);
    const body = parsed.value as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.batch))
      return fail(c, 400, 'invalid_batch', 'expected { batch: [...] }', [
        { path: 'batch', message: 'expected an array of messages' },
      ]);
    return segment(c, body.batch, body.writeKey);
  });
  for (const type of ['track', 'identify', 'page'] as const) {
    app.post(`/v1/${type}`, limit, async (c) => {
      const flood = addressLimited(c);
      if (flood) return flood;
      const parsed = parseJson(await c.req.text());
      if (!parsed.ok) return fail(c, 400, 'invalid_json', `body is not JSON: ${parsed.message}`);
      const body = parsed.value as Record<string, unknown> | null;
      if (typeof body !== 'object' || body === null) return fail(c, 400, 'invalid_batch', 'expected a message object');
      return segment(c, [{ ...body, type }], body.writeKey);
    });
  }

  // ---------- public: config ----------
  const configCors = (c: Context, site: string) => {
    if (!cors(c, site))
      return fail(c, 403, 'origin_not_allowed', `origin ${c.req.header('origin')} is not allowed for site "${site}"`);
    return undefined;
  };

  const configLimited = (c: Context) => tooMany(c, configLimit.take(clientAddress(c)));

  app.get('/v1/config/:site', (c) => {
    const flood = configLimited(c);
    if (flood) return flood;
    const site = c.req.param('site');
    const cur = sites.get(site) ? configs.get(site) : undefined;
    if (!cur) return fail(c, 404, 'unknown_site', `no site "${site}"`);
    const denied = configCors(c, site);
    if (denied) return denied;
    c.header('ETag', cur.etag);
    c.header('Cache-Control', 'public, max-age=10, stale-while-revalidate=60');
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === cur.etag)) return c.body(null, 304);
    return c.body(cur.doc, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/v1/config/:site/stream', (c) => {
    const flood = configLimited(c);
    if (flood) return flood;
    const site = c.req.param('site');
    if (!sites.get(site) || !configs.get(site)) return fail(c, 404, 'unknown_site', `no site "${site}"`);
    const denied = configCors(c, site);
    if (denied) return denied;
    const address = clientAddress(c);
    const mine = streamsByAddress.get(address) ?? 0;
    if (mine >= streamCaps.perAddress || streamsOpen >= streamCaps.total) {
      c.header('Retry-After', String(STREAM_RETRY_S));
      return fail(
        c,
        429,
        'too_many_streams',
        mine >= streamCaps.perAddress
          ? `at most ${streamCaps.perAddress} open config streams per client address; retry after ${STREAM_RETRY_S} s`
          : `the server has ${streamCaps.total} open config streams; retry after ${STREAM_RETRY_S} s`,
      );
    }
    // Counted before the stream starts, so parallel connects cannot all slip under the cap.
    streamsByAddress.set(address, mine + 1);
    streamsOpen++;
    const release = () => {
      streamsOpen--;
      const left = (streamsByAddress.get(address) ?? 1) - 1;
      if (left > 0) streamsByAddress.set(address, left);
      else streamsByAddress.delete(address);
    };
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    try {
      return streamSSE(c, async (stream) => {
        let done!: () => void;
        const finished = new Promise<void>((r) => (done = r));
        const send = (doc: string, version: number) =>
          void stream.writeSSE({ event: 'config', data: doc, id: String(version) }).catch(done);
        const unsubscribe = hub.subscribe(site, send);
        const beat = setInterval(
          () => void stream.writeSSE({ event: 'heartbeat', data: String(Date.now()) }).catch(done),
          heartbeatMs,
        );
        streams.add(done);
        stream.onAbort(done);
        try {
          const cur = configs.get(site)!;
          await stream.writeSSE({ event: 'config', data: cur.doc, id: String(cur.version), retry: 2000 });
          await finished;
        } finally {
          clearInterval(beat);
          unsubscribe();
          streams.delete(done);
          release();
        }
      });
    } catch (err) {
      release();
      throw err;
    }
  });

  // ---------- admin ----------
  const admin = new Hono();
  admin.use('*', async (c, next) => {
    const flood = tooMany(c, adminLimit.take(clientAddress(c)));
    if (flood) return flood;
    await next();
  });
  admin.use('*', async (c, next) => {
    const { bearer } = credentials(c.req.header('authorization'));
    if (!bearer) return fail(c, 401, 'missing_token', 'send the admin token as Authorization: Bearer <token>');
    if (!matchesHash(bearer, opts.adminTokenHash)) return fail(c, 401, 'invalid_token', 'the admin token is not valid');
    await next();
  });
  admin.use('*', limit);

  const actor = (c: Context) => (c.req.header('x-nudge-actor') ?? '').slice(0, 100).trim() || 'admin';
  const readBody = async (
    c: Context,
  ): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; res: Response }> => {
    const text = await c.req.text();
    if (!text.trim()) return { ok: true, body: {} };
    const p = parseJson(text);
    if (!p.ok) return { ok: false, res: fail(c, 400, 'invalid_json', `body is not JSON: ${p.message}`) };
    if (typeof p.value !== 'object' || p.value === null || Array.isArray(p.value))
      return { ok: false, res: fail(c, 400, 'invalid_body', 'expected a JSON object') };
    return { ok: true, body: p.value as Record<string, unknown> };
  };
  const siteOr404 = (c: Context) => {
    const site = sites.get(c.req.param('site') ?? '');
    return site ? { site } : { res: fail(c, 404, 'unknown_site', `no site "${c.req.param('site')}"`) };
  };
  const published = (c: Context, r: PublishResult) =>
    r.ok
      ? c.json({
          version: r.record.version,
          author: r.record.author,
          ...historyWords(r.record),
          createdAt: r.record.createdAt,
          config: r.record.doc,
        })
      : fail(c, r.status, r.error, r.issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; '), r.issues);
  const originsFrom = (v: unknown): string[] | Issue[] => {
    if (!Array.isArray(v))
      return [{ path: 'allowedOrigins', message: 'expected an array of origins such as https://shop.example' }];
    const out: string[] = [];
    const issues: Issue[] = [];
    v.forEach((o, i) => {
      const n = typeof o === 'string' ? normalizeOrigin(o) : undefined;
      if (n) out.push(n);
      else
        issues.push({
          path: `allowedOrigins.${i}`,
          message: 'expected an http(s) origin such as https://shop.example, or *',
        });
    });
    return issues.length ? issues : [...new Set(out)];
  };
  const isIssues = (v: unknown): v is Issue[] => Array.isArray(v) && v.some((x) => typeof x === 'object');

  admin.get('/sites', (c) =>
    c.json({ sites: sites.list().map((s) => ({ ...s, version: configs.get(s.id)?.version ?? 0 })) }),
  );

  admin.post('/sites', async (c) => {
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const { id, name, allowedOrigins = [] } = b.body;
    if (typeof id !== 'string' || !SITE_ID.test(id))
      return fail(c, 400, 'invalid_site', 'id: letters, digits, - or _ (max 64)', [
        { path: 'id', message: 'letters, digits, - or _ (max 64)' },
      ]);
    if (sites.get(id)) return fail(c, 409, 'site_exists', `site "${id}" already exists`);
    const origins = originsFrom(allowedOrigins);
    if (isIssues(origins)) return fail(c, 400, 'invalid_origins', 'bad allowed origins', origins);
    if (name !== undefined && !(typeof name === 'string' && name.length <= MAX_SITE_NAME))
      return fail(c, 400, 'invalid_site', `name: expected text of at most ${MAX_SITE_NAME} characters`, [
        { path: 'name', message: `expected text of at most ${MAX_SITE_NAME} characters` },
      ]);
    const site = {
      id,
      name: typeof name === 'string' && name ? name : id,
      allowedOrigins: origins as string[],
      createdAt: Date.now(),
    };
    await sites.create(site);
    const r = await configs.publish(id, emptyConfig(id), { author: actor(c), message: 'site created' });
    if (!r.ok) return published(c, r);
    return c.json({ site, version: r.record.version }, 201);
  });

  admin.get('/sites/:site', (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    return c.json({ site: s.site, version: configs.get(s.site.id)?.version ?? 0, streams: hub.count(s.site.id) });
  });

  admin.patch('/sites/:site', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const patch: { name?: string; allowedOrigins?: string[] } = {};
    if (b.body.name !== undefined) {
      if (typeof b.body.name !== 'string' || !b.body.name || b.body.name.length > MAX_SITE_NAME)
        return fail(c, 400, 'invalid_site', `name: expected text of at most ${MAX_SITE_NAME} characters`, [
          { path: 'name', message: `expected text of at most ${MAX_SITE_NAME} characters` },
        ]);
      patch.name = b.body.name;
    }
    if (b.body.allowedOrigins !== undefined) {
      const origins = originsFrom(b.body.allowedOrigins);
      if (isIssues(origins)) return fail(c, 400, 'invalid_origins', 'bad allowed origins', origins);
      patch.allowedOrigins = origins as string[];
    }
    return c.json({ site: await sites.update(s.site.id, patch) });
  });

  admin.get('/sites/:site/write-keys', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    return c.json({
      writeKeys: (await store.listWriteKeys(s.site.id)).map(({ prefix, createdAt }) => ({ prefix, createdAt })),
    });
  });

  admin.post('/sites/:site/write-keys', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const key = newSecret('wk');
    const prefix = key.slice(0, 10);
    await store.addWriteKey({ site: s.site.id, hash: sha256(key), prefix, createdAt: Date.now() });
    return c.json({ key, prefix, note: 'shown once: store it now; only its hash is kept' }, 201);
  });

  admin.delete('/sites/:site/write-keys/:prefix', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const ok = await store.deleteWriteKey(s.site.id, c.req.param('prefix'));
    return ok ? c.json({ deleted: c.req.param('prefix') }) : fail(c, 404, 'unknown_write_key', 'no such write key');
  });

  admin.get('/schema', (c) =>
    c.json({
      config: toJSONSchema(nudgeConfigSchema, { unrepresentable: 'any' }),
      widgets: Object.fromEntries(
        Object.entries(widgetPropSchemas).map(([t, s]) => [t, toJSONSchema(s, { unrepresentable: 'any' })]),
      ),
    }),
  );

  admin.get('/sites/:site/config', (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const cur = configs.get(s.site.id);
    return cur
      ? c.json({ version: cur.version, config: JSON.parse(cur.doc) })
      : fail(c, 404, 'no_config', 'nothing published yet');
  });

  admin.post('/sites/:site/config/validate', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const r = checkConfig(b.body.config ?? b.body);
    return c.json(r.ok ? { ok: true } : { ok: false, issues: r.issues });
  });

  admin.post('/sites/:site/config', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const { config, message, baseVersion } = b.body;
    if (config === undefined)
      return fail(c, 400, 'invalid_body', 'expected { config, message?, baseVersion? }', [
        { path: 'config', message: 'required' },
      ]);
    return published(
      c,
      await configs.publish(s.site.id, config, {
        author: actor(c),
        message: typeof message === 'string' ? message : '',
        ...(typeof baseVersion === 'number' ? { baseVersion } : {}),
      }),
    );
  });

  admin.get('/sites/:site/config/history', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const history = await store.configHistory(s.site.id);
    return c.json({
      history: history.map((rec) => ({
        version: rec.version,
        author: rec.author,
        ...historyWords(rec),
        createdAt: rec.createdAt,
      })),
    });
  });

  admin.get('/sites/:site/config/versions/:version', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const v = version(c.req.param('version'), 'version');
    if (isIssue(v)) return fail(c, 400, 'invalid_query', `version: ${v.message}`, [v]);
    const rec = await store.getConfig(s.site.id, v);
    if (!rec) return fail(c, 404, 'unknown_version', `no version ${c.req.param('version')}`);
    return c.json({
      version: rec.version,
      author: rec.author,
      message: historyWords(rec).message,
      createdAt: rec.createdAt,
      config: rec.doc,
    });
  });

  admin.get('/sites/:site/config/diff', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const to = version(c.req.query('to') ?? configs.get(s.site.id)?.version, 'to');
    if (isIssue(to)) return fail(c, 400, 'invalid_query', `to: ${to.message}`, [to]);
    // from may be 0 (the empty document before the first version).
    const from =
      c.req.query('from') === '0'
        ? 0
        : c.req.query('from') === undefined
          ? to - 1
          : version(c.req.query('from'), 'from');
    if (isIssue(from)) return fail(c, 400, 'invalid_query', `from: ${from.message}`, [from]);
    const [a, b] = await Promise.all([store.getConfig(s.site.id, from), store.getConfig(s.site.id, to)]);
    if (!b) return fail(c, 404, 'unknown_version', `no version ${to}`, [{ path: 'to', message: 'unknown version' }]);
    return c.json({ from, to, changes: diff(a ? a.doc : {}, b.doc) });
  });

  admin.post('/sites/:site/config/rollback', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const v =
      typeof b.body.version === 'number'
        ? version(b.body.version, 'version')
        : { path: 'version', message: 'expected a version number' };
    if (isIssue(v)) return fail(c, 400, 'invalid_body', `version: ${v.message}`, [v]);
    return published(
      c,
      await configs.rollback(s.site.id, v, {
        author: actor(c),
        message: typeof b.body.message === 'string' ? b.body.message : '',
      }),
    );
  });

  admin.post('/sites/:site/experiments/:key/:action', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const b = await readBody(c);
    if (!b.ok) return b.res;
    const key = c.req.param('key');
    const action = parseAction(c.req.param('action'), b.body);
    if (Array.isArray(action))
      return fail(c, 400, 'invalid_action', action.map((i) => `${i.path}: ${i.message}`).join('; '), action);
    return published(
      c,
      await configs.update(s.site.id, (cfg) => applyAction(cfg, key, action), {
        author: actor(c),
        message: describeAction(key, action),
        ...(typeof b.body.baseVersion === 'number' ? { baseVersion: b.body.baseVersion } : {}),
      }),
    );
  });

  admin.get('/sites/:site/preview', (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const unit = c.req.query('unit');
    if (!unit)
      return fail(c, 400, 'invalid_query', 'expected ?unit=<visitor id>', [{ path: 'unit', message: 'required' }]);
    const cfg = configs.config(s.site.id);
    return cfg ? c.json(preview(cfg, unit, c.req.query('force'))) : fail(c, 404, 'no_config', 'nothing published yet');
  });

  /** Widget id -> type: the config in force first, then older versions newest first (a widget removed since keeps its type). */
  const widgetTypes = async (site: string, ids: Iterable<string | null>): Promise<Map<string, string>> => {
    const types = new Map<string, string>((configs.config(site)?.widgets ?? []).map((w) => [w.id, w.type]));
    const missing = new Set([...ids].filter((id): id is string => id !== null && !types.has(id)));
    if (missing.size)
      for (const rec of await store.configHistory(site)) {
        const doc = rec.doc as { widgets?: { id?: unknown; type?: unknown }[] };
        for (const w of Array.isArray(doc.widgets) ? doc.widgets : [])
          if (typeof w.id === 'string' && typeof w.type === 'string' && missing.delete(w.id)) types.set(w.id, w.type);
        if (!missing.size) break;
      }
    return types;
  };

  /** Site, time range and every queued event written, so a report includes what was just acknowledged. */
  const reportScope = async (
    c: Context,
  ): Promise<{ res: Response } | { res?: undefined; site: SiteRecord; range: TimeRange }> => {
    const s = siteOr404(c);
    if (s.res) return { res: s.res };
    const range = timeRange(c);
    if (Array.isArray(range)) return { res: fail(c, 400, 'invalid_range', 'bad time range', range) };
    await store.flush();
    return { site: s.site, range };
  };

  admin.get('/sites/:site/reports/experiments/:key', async (c) => {
    const s = await reportScope(c);
    if (s.res) return s.res;
    const { range } = s;
    const cfg = configs.config(s.site.id);
    const timeZone = c.req.query('tz') || 'UTC';
    if (!validTimeZone(timeZone))
      return fail(c, 400, 'invalid_query', 'bad time zone', [
        { path: 'tz', message: 'expected an IANA time zone, e.g. Europe/Paris' },
      ]);
    const sim = c.req.query('simulated') ?? 'include';
    if (sim !== 'include' && sim !== 'exclude')
      return fail(c, 400, 'invalid_query', 'bad simulated', [
        { path: 'simulated', message: 'expected include or exclude' },
      ]);
    const report =
      cfg &&
      (await experimentReport(store, cfg, c.req.param('key'), range, {
        timeZone,
        excludeSimulated: sim === 'exclude',
      }));
    return report
      ? c.json(report)
      : fail(c, 404, 'unknown_experiment', `no experiment "${c.req.param('key')}" in the current config`);
  });

  admin.get('/sites/:site/reports/widgets', async (c) => {
    const s = await reportScope(c);
    if (s.res) return s.res;
    const { range } = s;
    const r = await store.widgets(s.site.id, range);
    const types = await widgetTypes(
      s.site.id,
      r.widgets.map((w) => w.widget),
    );
    return c.json({
      range,
      widgets: r.widgets.map((w) => ({ ...w, type: types.get(w.widget) ?? null })),
      stockClaims: r.claims.map((x) => ({
        widget: x.widget,
        shows: x.shows,
        figures: JSON.parse(x.claim) as Record<string, unknown>,
        ...(x.asOf ? { asOf: x.asOf } : {}),
      })),
    });
  });

  admin.get('/sites/:site/reports/referrals', async (c) => {
    const s = await reportScope(c);
    if (s.res) return s.res;
    const { range } = s;
    const card = configs.config(s.site.id)?.widgets.find((w) => w.type === 'referral-card');
    const props = (card?.props ?? {}) as { inviterReward?: string; friendReward?: string };
    const rows = await store.referrals(s.site.id, range);
    return c.json({
      range,
      rewards: { inviter: props.inviterReward ?? null, friend: props.friendReward ?? null },
      codes: rows.map((r) => ({ ...r, rewardsOwed: { inviter: r.firstPurchases, friend: r.firstPurchases } })),
    });
  });

  admin.get('/sites/:site/reports/errors', async (c) => {
    const s = await reportScope(c);
    if (s.res) return s.res;
    const { range } = s;
    const raw = c.req.query('limit');
    const limit = raw === undefined || raw === '' ? ERROR_GROUPS : /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= ERROR_GROUPS_MAX))
      return fail(c, 400, 'invalid_query', 'bad limit', [
        { path: 'limit', message: `expected a whole number from 1 to ${ERROR_GROUPS_MAX}` },
      ]);
    const report = await store.errors(s.site.id, range, limit);
    const types = await widgetTypes(
      s.site.id,
      report.groups.map((g) => g.widget),
    );
    return c.json({
      range,
      ...report,
      groups: report.groups.map((g) => ({ ...g, widgetType: (g.widget && types.get(g.widget)) ?? null })),
    });
  });

  admin.get('/sites/:site/stats', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    await store.flush();
    return c.json({
      // events counts every stored row, invalidProps included; rejected counts what was refused and not stored
      events: await store.countEvents(s.site.id),
      invalidProps: await store.countInvalidProps(s.site.id),
      rejected: await store.counter(s.site.id, 'refused'),
      clientDropped: await store.counter(s.site.id, 'client_dropped'),
      // acknowledged but set aside by the store because it could not write them (see the README's Storage section)
      quarantined: await store.countQuarantined(s.site.id),
      version: configs.get(s.site.id)?.version ?? 0,
      streams: hub.count(s.site.id),
    });
  });

  admin.get('/sites/:site/events/tail', async (c) => {
    const s = siteOr404(c);
    if (s.res) return s.res;
    const n = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const rows = await store.tail(s.site.id, n);
    return c.json({
      events: rows.map((e) => ({
        id: e.id,
        name: e.name,
        ts: e.ts,
        receivedAt: e.receivedAt,
        anonymousId: e.anonymousId,
        userId: e.userId,
        path: e.path,
        source: e.source,
        experiments: e.experiments,
        props: e.props,
      })),
    });
  });

  app.route('/v1/admin', admin);

  // ---------- console ----------
  const consoleDir = opts.consoleDir;
  app.get('/', (c) => c.redirect('/console/'));
  app.get('/console', (c) => c.redirect('/console/'));
  app.get('/console/*', async (c) => {
    for (const [k, v] of Object.entries(consoleHeaders(c.req.path === '/console/preview.html'))) c.header(k, v);
    if (!consoleDir || !existsSync(join(consoleDir, 'index.html')))
      return c.html(
        '<!doctype html><meta charset="utf-8"><title>Nudge console not built</title><h1>The Nudge console is not built</h1>' +
          '<p>Run <code>pnpm build</code> (or <code>pnpm --filter @nudge/server build</code>) and reload. The API under /v1 works without it.</p>',
        503,
      );
    const rel = normalize(c.req.path.slice('/console/'.length)).replace(/^(\.\.(\/|\\|$))+/, '');
    const file = rel && extname(rel) ? join(consoleDir, rel) : join(consoleDir, 'index.html');
    if (!file.startsWith(consoleDir)) return fail(c, 404, 'not_found', 'no such file');
    try {
      const body = await readFile(file);
      const immutable = file.includes(`${join(consoleDir, 'assets')}`);
      return c.body(body, 200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    } catch {
      return fail(c, 404, 'not_found', 'no such file');
    }
  });

  return {
    app,
    configs,
    sites,
    hub,
    closeStreams: () => {
      for (const done of streams) done();
    },
  };
}
