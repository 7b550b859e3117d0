// The rules both ingest pipelines share: event time bounds, props depth, and the nudge_error a bad-props event becomes.
import { config as zodConfig, locales } from 'zod';

// The schemas are zod/mini, which ships no messages; the server can afford English ones ("expected number, received string").
zodConfig(locales.en());

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

/** The longest string a known event's field may be (core's event-props table), nudge_error's message included. */
const MAX_ERROR_MESSAGE = 500;

/**
 * A nudge_error whose message is longer than its field allows, with the message cut there (`message_length` keeps the
 * length it came with): a long report (a config with many bad widgets, any sender's stack trace) is still that report,
 * with its own code, rather than an invalid_props error about its length.
 */
export function cutErrorMessage<E extends { name: string; props?: Record<string, unknown> | null }>(e: E): E {
  const m = e.props?.message;
  if (e.name !== 'nudge_error' || typeof m !== 'string' || m.length <= MAX_ERROR_MESSAGE) return e;
  // never half a surrogate pair at the cut
  const end = /[\uD800-\uDBFF]/.test(m[MAX_ERROR_MESSAGE - 1]!) ? MAX_ERROR_MESSAGE - 1 : MAX_ERROR_MESSAGE;
  return { ...e, props: { ...e.props, message: m.slice(0, end), message_length: m.length } };
}

/** Earliest event time kept (2000-01-01): older is a broken clock, not an event. */
const MIN_EVENT_MS = Date.UTC(2000, 0, 1);
/** How far past the server clock (after the skew correction) an event time may be. */
const MAX_FUTURE_MS = 86_400_000;

/** How deeply objects and arrays may nest inside an event's props (a GA4 purchase needs 3). */
export const MAX_PROPS_DEPTH = 32;

/** Why an event time (already moved onto the server clock) cannot be stored, or undefined when it can. */
export function eventTimeIssue(ts: number, receivedAt: number): string | undefined {
  if (!Number.isFinite(ts) || ts < MIN_EVENT_MS) return 'expected a time after 2000-01-01';
  if (ts > receivedAt + MAX_FUTURE_MS) return 'expected a time at most a day ahead of the server clock';
  return undefined;
}
