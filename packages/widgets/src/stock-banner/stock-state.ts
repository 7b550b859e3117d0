// The honest-urgency state machine: which claims the stock banner may make, given its data and the current instant.

/** Raw facts as they arrive from attributes, `$product` or the stock feed (times as ISO strings). */
export interface StockFacts {
  remaining?: number | null | undefined;
  sold?: number | null | undefined;
  soldWindowHours?: number | null | undefined;
  /** When the stock figures were known to be true (ISO instant). Required for any stock claim. */
  asOf?: string | null | undefined;
  /** Where the figures come from (e.g. `attribute`, `feed`, `json-ld`), carried into the audit event. */
  source?: string | undefined;
  /** The sale's end, one absolute instant for every visitor (ISO). */
  endsAt?: string | null | undefined;
  /** From `$product`: contradicts a positive `remaining` when it says out of stock. */
  availability?: string | undefined;
}

export interface StockRules {
  /** "only N left" shows when remaining is at or under this. */
  lowStockThreshold: number;
  /** Stock figures older than this (relative to asOf) are not shown. */
  maxAgeSeconds: number;
}

export type HiddenReason = 'missing' | 'stale' | 'inconsistent' | 'nothing-to-say';

/** What the banner shows. Every figure in here is shown and goes into the audit event. */
export interface StockClaims {
  /** Low stock: "only N left". */
  remaining?: number;
  /** "N sold in the last H hours". */
  sold?: { count: number; hours: number };
  /** Countdown target (epoch ms). */
  endsAt?: number;
  /** The stock figures' instant (epoch ms) and source; present when a stock claim is made. */
  asOf?: number;
  source?: string;
}

export type StockView =
  /**
   * `detail` says what was wrong with inconsistent data (the text that is reported); the other reasons name their
   * cause themselves (`missing`: no figures or no as-of, `stale`: older than max-age, `nothing-to-say`: nothing to
   * claim) and carry an empty detail, so the eager bundle does not ship prose nobody is shown.
   */
  | { kind: 'hidden'; reason: HiddenReason; detail: string }
  | { kind: 'sold-out'; claims: StockClaims & { remaining: 0 } }
  | { kind: 'shown'; claims: StockClaims };

export const DEFAULT_RULES: StockRules = { lowStockThreshold: 5, maxAgeSeconds: 900 };

/** Clocks disagree a little; an as-of this far in the future still counts as "now", further is inconsistent. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const isCount = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
// Lit's Number converter yields null for a removed attribute and NaN for garbage: null is missing, NaN is bad data.
export const present = (n: number | null | undefined): n is number => n !== undefined && n !== null;

export function parseInstant(s: string | null | undefined): number | undefined | null {
  if (s === undefined || s === null || s === '') return undefined;
  // Date-only or zone-less strings are read in the visitor's zone, which would give each visitor a different
  // instant; an honest claim needs one absolute instant, so require an explicit offset or Z.
  if (!/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s.trim())) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

export const hidden = (reason: HiddenReason, detail = ''): StockView => ({ kind: 'hidden', reason, detail });

/**
 * Decides what may be claimed at `now`. Pure: the same input always gives the same view, nothing is invented.
 * Stock claims need an as-of within max-age; the countdown needs only its absolute end. Any inconsistent datum
 * (negative or fractional counts, unreadable instants, an as-of in the future, "in stock" figures for an item
 * marked out of stock) hides the whole banner, since the source can then not be trusted for any claim.
 */
export function stockView(facts: StockFacts, rules: StockRules, now: number): StockView {
  const { remaining, sold, soldWindowHours } = facts;
  for (const [name, v] of [
    ['stock', remaining],
    ['sold', sold],
  ] as const) {
    if (present(v) && !isCount(v)) return hidden('inconsistent', `${name} must be a whole number >= 0, got ${v}`);
  }
  if (present(soldWindowHours) && !(soldWindowHours > 0 && Number.isFinite(soldWindowHours)))
    return hidden('inconsistent', `sold-window-hours must be > 0, got ${soldWindowHours}`);
  const asOf = parseInstant(facts.asOf);
  if (asOf === null) return hidden('inconsistent', `as-of must be an ISO instant with a zone, got "${facts.asOf}"`);
  const endsAt = parseInstant(facts.endsAt);
  if (endsAt === null)
    return hidden('inconsistent', `ends-at must be an ISO instant with a zone, got "${facts.endsAt}"`);
  if (asOf !== undefined && asOf - now > CLOCK_SKEW_MS) return hidden('inconsistent', 'as-of is in the future');
  const outOfStock = facts.availability === 'out_of_stock' || facts.availability === 'discontinued';
  if (outOfStock && isCount(remaining) && remaining > 0)
    return hidden('inconsistent', `stock ${remaining} contradicts availability ${facts.availability}`);

  const hasStockFigures = isCount(remaining) || isCount(sold);
  const claims: StockClaims = {};
  // Stock figures without an as-of have no known age; with one older than max-age they are stale.
  const tooOld = hasStockFigures && (asOf === undefined || now - asOf > rules.maxAgeSeconds * 1000);
  const stockUsable = hasStockFigures && !tooOld;
  if (stockUsable) {
    if (remaining === 0) {
      return { kind: 'sold-out', claims: { remaining: 0, asOf: asOf!, source: facts.source ?? 'unknown' } };
    }
    if (isCount(remaining) && remaining <= rules.lowStockThreshold) claims.remaining = remaining;
    // A sold count is only honest with its window stated; without one it is not shown.
    if (isCount(sold) && sold > 0 && present(soldWindowHours)) claims.sold = { count: sold, hours: soldWindowHours };
    if (claims.remaining !== undefined || claims.sold) {
      claims.asOf = asOf!;
      claims.source = facts.source ?? 'unknown';
    }
  }
  if (endsAt !== undefined && endsAt > now) claims.endsAt = endsAt;

  if (claims.remaining !== undefined || claims.sold || claims.endsAt !== undefined) return { kind: 'shown', claims };
  if (tooOld) return hidden(asOf === undefined ? 'missing' : 'stale');
  return hidden(!hasStockFigures && endsAt === undefined ? 'missing' : 'nothing-to-say');
}
