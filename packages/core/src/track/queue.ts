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
