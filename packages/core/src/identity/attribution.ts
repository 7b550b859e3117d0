// First-touch attribution: UTM parameters and ?ref= from the landing URL, kept for 30 days and attached to every event.
import { readJSON } from '../storage/storage.js';

/** Where first-touch attribution is stored. */
export const ATTR_KEY = 'nudge_attr';
export const ATTRIBUTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface Attribution {
  utm: Record<string, string>;
  referral?: string;
  /** When it was captured (ms). */
  at: number;
}

const UTM = ['source', 'medium', 'campaign', 'term', 'content', 'id'];

/**
 * The attribution in force at `now`: the stored first touch while it is under 30 days old, else whatever the
 * landing URL carries (undefined when it carries nothing).
 */
export function attribute(search: string, stored: Attribution | undefined, now: number): Attribution | undefined {
  if (stored && now - stored.at < ATTRIBUTION_MS && now >= stored.at) return stored;
  const q = new URLSearchParams(search);
  const utm: Record<string, string> = {};
  for (const k of UTM) {
    const v = q.get('utm_' + k);
    if (v) utm[k] = v.slice(0, 200);
  }
  const ref = q.get('ref')?.slice(0, 200);
  if (!ref && !Object.keys(utm).length) return undefined;
  return { utm, referral: ref, at: now };
}

export function readAttribution(raw: string | null): Attribution | undefined {
  const v = readJSON(raw);
  return typeof v?.utm === 'object' ? v : undefined; // a missing `at` reads as expired
}
