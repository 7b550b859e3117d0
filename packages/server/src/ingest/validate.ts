// Validates a tracker batch event by event with the core's schemas, so good events are kept and bad ones named.
import { envelopeSchema, validateEventProps, type Envelope } from '@nudge/core/spec';
import { config as zodConfig, locales } from 'zod';
import type { Issue } from '../config-service.js';

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
export function propsError<E extends { name: string; props?: Record<string, unknown> | null }>(e: E, bad: { path: string; message: string }): E {
  return {
    ...e,
    name: 'nudge_error',
    // nudge_error's own schema caps message at 500 characters.
    props: { message: bad.message.slice(0, 500), path: bad.path, event: e.name, code: 'invalid_props', original_props: e.props ?? {} },
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkBatch(body: unknown): BatchCheck {
  if (!isRecord(body)) return { ok: false, issues: [{ path: '', message: 'expected a JSON object { site, sentAt, events }' }] };
  const issues: Issue[] = [];
  if (typeof body.site !== 'string' || !body.site) issues.push({ path: 'site', message: 'expected the site id' });
  if (body.sentAt !== undefined && (typeof body.sentAt !== 'number' || !Number.isFinite(body.sentAt))) issues.push({ path: 'sentAt', message: 'expected ms since the epoch' });
  if (!Array.isArray(body.events)) issues.push({ path: 'events', message: 'expected an array of events' });
  else if (body.events.length > MAX_EVENTS_PER_BATCH) issues.push({ path: 'events', message: `at most ${MAX_EVENTS_PER_BATCH} events per batch` });
  if (body.dropped !== undefined && !(Number.isInteger(body.dropped) && (body.dropped as number) >= 0)) issues.push({ path: 'dropped', message: 'expected a count' });
  if (issues.length) return { ok: false, issues };

  const events: Envelope[] = [];
  const rejected: Rejected[] = [];
  (body.events as unknown[]).forEach((raw, index) => {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const parsed = envelopeSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, ...(id ? { id } : {}), issues: parsed.error.issues.map((i) => ({ path: ['events', index, ...i.path].map(String).join('.'), message: i.message })) });
      return;
    }
    const bad = validateEventProps(parsed.data.name, parsed.data.props);
    if (bad) {
      // Only the server checks props in production builds of the tracker, so a refusal here would be a silent loss.
      rejected.push({ index, id: parsed.data.id, issues: [{ path: `events.${index}.props${bad.path ? `.${bad.path}` : ''}`, message: bad.message }], storedAs: 'nudge_error' });
      events.push(propsError(parsed.data, bad));
      return;
    }
    events.push(parsed.data);
  });
  return {
    ok: true, site: body.site as string, sentAt: body.sentAt as number | undefined, events, rejected,
    ...(typeof body.dropped === 'number' ? { dropped: body.dropped } : {}),
  };
}
