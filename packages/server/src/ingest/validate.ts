// Validates a tracker batch event by event with the core's schemas, so good events are kept and bad ones named.
import { tooDeep } from '../depth.js';
import { batchSchema, envelopeSchema, MAX_INT32, validateEventProps, type Envelope } from '@nudge/core/spec';
import { config as zodConfig, locales } from 'zod';
import type { Issue } from '../issue.js';

// The schemas are zod/mini, which ships no messages; the server can afford English ones ("expected number, received string").
zodConfig(locales.en());

export interface Rejected {
  index: number;
  id?: string;
  issues: Issue[];
  /** Set when the event was kept as a `nudge_error` row (its envelope was fine, only its props were not). */
  storedAs?: 'nudge_error';
}

/**
 * The `nudge_error` an event with bad props is stored as: same id (so retries dedupe), time, visitor, session, page
 * and context, so it sits in the visitor's timeline; props in the tracker's own shape for a client-side rejection
 * (`path` inside props), plus the props as they came, so nothing the sender meant to record is lost.
 */
export function propsError<E extends { name: string; props?: Record<string, unknown> | null }>(
  e: E,
  bad: { path: string; message: string },
): E {
  return {
    ...e,
    name: 'nudge_error',
    // nudge_error's own schema caps message at 500 characters.
    props: {
      message: bad.message.slice(0, 500),
      path: bad.path,
      event: e.name,
      code: 'invalid_props',
      original_props: e.props ?? {},
    },
  };
}

/** Whether a refused event's id can recognise it when it is sent again: only an id the envelope schema accepts. */
export const usableId = (r: Rejected): boolean => r.id !== undefined && envelopeSchema.shape.id.safeParse(r.id).success;

/** The usable ids of every event a batch carried (stored or refused): what identifies the batch when it is resent. */
export function batchIds(batch: { events: { id: string }[]; rejected: Rejected[] }): string[] {
  return [...batch.events.map((e) => e.id), ...batch.rejected.filter(usableId).map((r) => r.id!)];
}

export type BatchCheck =
  | { ok: false; issues: Issue[] }
  | { ok: true; site: string; sentAt: number | undefined; events: Envelope[]; rejected: Rejected[]; dropped?: number };

export const MAX_EVENTS_PER_BATCH = 1000;
/** Earliest event time kept (2000-01-01): older is a broken clock, not an event. */
export const MIN_EVENT_MS = Date.UTC(2000, 0, 1);
/** How far past the server clock (after the skew correction) an event time may be. */
export const MAX_FUTURE_MS = 86_400_000;
/** A batch whose sentAt is this far off the server clock has its event times shifted by the difference. */
export const SKEW_SHIFT_MS = 10_000;

/** How deeply objects and arrays may nest inside an event's props (a GA4 purchase needs 3). */
export const MAX_PROPS_DEPTH = 32;

/** Why an event time (already moved onto the server clock) cannot be stored, or undefined when it can. */
export function eventTimeIssue(ts: number, receivedAt: number): string | undefined {
  if (!Number.isFinite(ts) || ts < MIN_EVENT_MS) return 'expected a time after 2000-01-01';
  if (ts > receivedAt + MAX_FUTURE_MS) return 'expected a time at most a day ahead of the server clock';
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a batch event by event. Event times are moved onto the server clock (`receivedAt`) when the batch's sentAt
 * is more than SKEW_SHIFT_MS off, then must fall between 2000-01-01 and a day after `receivedAt`.
 */
export function checkBatch(body: unknown, receivedAt = Date.now()): BatchCheck {
  if (!isRecord(body))
    return { ok: false, issues: [{ path: '', message: 'expected a JSON object { site, sentAt, events }' }] };
  const issues: Issue[] = [];
  if (typeof body.site !== 'string' || !body.site) issues.push({ path: 'site', message: 'expected the site id' });
  // The bounds are the wire contract's (batchSchema); the words are the collector's, naming the range.
  if (body.sentAt !== undefined && !batchSchema.shape.sentAt.safeParse(body.sentAt).success)
    issues.push({ path: 'sentAt', message: 'expected ms since the epoch (a number from 0 to 8.64e15)' });
  if (!Array.isArray(body.events)) issues.push({ path: 'events', message: 'expected an array of events' });
  else if (body.events.length > MAX_EVENTS_PER_BATCH)
    issues.push({ path: 'events', message: `at most ${MAX_EVENTS_PER_BATCH} events per batch` });
  if (body.dropped !== undefined && !batchSchema.shape.dropped.safeParse(body.dropped).success)
    issues.push({ path: 'dropped', message: `expected a count from 0 to ${MAX_INT32}` });
  if (issues.length) return { ok: false, issues };

  const events: Envelope[] = [];
  const rejected: Rejected[] = [];
  // Client clocks drift; sentAt lets us move event times onto the server's clock when they are clearly off.
  const skew = typeof body.sentAt === 'number' ? receivedAt - body.sentAt : 0;
  const shift = Math.abs(skew) > SKEW_SHIFT_MS ? skew : 0;
  (body.events as unknown[]).forEach((raw, index) => {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const refuse = (issues: Issue[]) => void rejected.push({ index, ...(id ? { id } : {}), issues });
    try {
      const parsed = envelopeSchema.safeParse(raw);
      if (!parsed.success)
        return refuse(
          parsed.error.issues.map((i) => ({
            path: ['events', index, ...i.path].map(String).join('.'),
            message: i.message,
          })),
        );
      const deep = tooDeep(parsed.data.props, MAX_PROPS_DEPTH);
      if (deep !== undefined)
        return refuse([
          {
            path: `events.${index}.props${deep && '.' + deep}`,
            message: `nested more than ${MAX_PROPS_DEPTH} levels deep`,
          },
        ]);
      const e = shift ? { ...parsed.data, ts: parsed.data.ts + shift } : parsed.data;
      const late = eventTimeIssue(e.ts, receivedAt);
      if (late)
        return refuse([
          {
            path: `events.${index}.ts`,
            message: shift ? `${late} (after moving it by ${shift} ms, the batch's clock skew)` : late,
          },
        ]);
      const bad = validateEventProps(e.name, e.props);
      if (bad) {
        // Only the server checks props in production builds of the tracker, so a refusal here would be a silent loss.
        rejected.push({
          index,
          id: e.id,
          issues: [{ path: `events.${index}.props${bad.path ? `.${bad.path}` : ''}`, message: bad.message }],
          storedAs: 'nudge_error',
        });
        events.push(propsError(e, bad));
        return;
      }
      events.push(e);
    } catch (err) {
      // One event the checks trip over must not take the batch's good events down with a 500.
      refuse([{ path: `events.${index}`, message: `could not be checked: ${(err as Error).message}` }]);
    }
  });
  return {
    ok: true,
    site: body.site as string,
    sentAt: body.sentAt as number | undefined,
    events,
    rejected,
    ...(typeof body.dropped === 'number' ? { dropped: body.dropped } : {}),
  };
}
