// The tracker's queue as text: this tab's queue as it is persisted, and request bodies' worth of events.
import { readJSON } from '../storage/storage.js';
import { BODY_CHARS } from './transport.js';

/** Persisted queue: x lease expiry, d dropped not yet reported, r retry not before (Retry-After), e events. */
export interface Persisted {
  x: number;
  d: number;
  r: number;
  e: { id?: unknown }[];
}
export const decode = (raw: string | null): Persisted | undefined => {
  const p = readJSON(raw);
  return Array.isArray(p?.e) ? p : undefined;
};

/** Splits events into request bodies' worth: at most `size` events and BODY_CHARS characters (or one event) each. */
export function chunk(size: number, events: string[]): string[][] {
  const chunks: string[][] = [];
  let len = BODY_CHARS;
  for (const e of events) {
    const last = chunks[chunks.length - 1];
    if (!last || last.length >= size || (len += e.length) > BODY_CHARS) {
      chunks.push([e]);
      len = e.length;
    } else last.push(e);
  }
  return chunks;
}

/**
 * An event as JSON text, arrays kept arrays: Prototype.js-era pages give Array.prototype a toJSON that returns a
 * string, which JSON.stringify calls before a replacer runs; the replacer hands back the holder's own array (anything
 * with a pop method). A page's wrapped JSON.stringify that returns no text makes this throw (`.slice()` of undefined),
 * so "undefined" is never queued or sent (the tracker then sends no nudge_error about a nudge_error: it would recurse).
 */
export const toJSON = (value: unknown): string =>
  JSON.stringify(value, function (this: Record<string, { pop?: unknown }>, k: string, v: unknown) {
    return this[k]?.pop ? this[k] : v;
  }).slice();
