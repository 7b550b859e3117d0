// What follows from a view over time and for the record: when it next changes, its audit figures, countdown parts.
// Apart from stock-state.ts so the element's eager first-render decision does not carry them.
import type { StockFacts, StockRules, StockView } from './stock-state.js';

// The view is not hidden for bad data here, so its instants have passed parseInstant's checks: Date.parse reads them.
const instant = (s: string | null | undefined): number | undefined => (s ? Date.parse(s) : undefined);

/**
 * The next instant at which `stockView` may change on its own (stock going stale, the sale ending), so the
 * element re-evaluates exactly then instead of polling. Undefined when only new data can change it.
 */
export function nextChangeAt(facts: StockFacts, rules: StockRules, view: StockView, now: number): number | undefined {
  if (view.kind === 'hidden' && view.reason !== 'nothing-to-say') {
    // An as-of slightly in the future becomes valid with time only within the skew, which is already accepted.
    return undefined;
  }
  const times: number[] = [];
  const asOf = instant(facts.asOf);
  if (typeof asOf === 'number') {
    const staleAt = asOf + rules.maxAgeSeconds * 1000 + 1;
    if (staleAt > now) times.push(staleAt);
  }
  const endsAt = instant(facts.endsAt);
  if (typeof endsAt === 'number' && endsAt > now) times.push(endsAt);
  return times.length ? Math.min(...times) : undefined;
}

/** The figures a view shows, flat, for the `view_promotion` event: each claim can be audited later. */
export function auditProps(view: StockView): Record<string, string | number> {
  if (view.kind === 'hidden') return {};
  const c = view.claims;
  const out: Record<string, string | number> = { state: view.kind };
  if (c.remaining !== undefined) out.stock = c.remaining;
  if (c.sold) {
    out.sold = c.sold.count;
    out.window = c.sold.hours;
  }
  if (c.endsAt !== undefined) out.endsAt = new Date(c.endsAt).toISOString();
  if (c.asOf !== undefined) out.asOf = new Date(c.asOf).toISOString();
  if (c.source !== undefined) out.source = c.source;
  return out;
}

/** Whole days, hours and minutes until `endsAt`, rounded up to the minute, so "0 minutes" never shows while it runs. */
export function countdownParts(endsAt: number, now: number): { days: number; hours: number; minutes: number } {
  const m = Math.max(0, Math.ceil((endsAt - now) / 60_000));
  return { days: Math.floor(m / 1440), hours: Math.floor(m / 60) % 24, minutes: m % 60 };
}
