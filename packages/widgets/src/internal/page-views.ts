// Page views in this browser session (sessionStorage), counted once per document by every Nudge widget.

const KEY = 'nudge:pv';
/** This document's count once taken (0 = not yet). */
let counted = 0;

/** Page views in this browser session, counted once per document (the page-view trigger reads it). */
export function sessionPageViews(): number {
  let n = counted;
  try {
    n = Number(sessionStorage.getItem(KEY) ?? 0) + (counted ? 0 : 1);
    if (!counted) sessionStorage.setItem(KEY, String(n));
  } catch {
    n = counted || 1; // storage blocked: count this document only
  }
  counted = n;
  return n;
}

/**
 * A single-page app navigated: the next sessionPageViews() counts a new view and the one-modal-per-page-view slot
 * (frequency.ts) is free again. The slot is a Symbol.for global, cleared here without importing frequency.ts so this
 * eager module stays out of the lazy chunks.
 */
export function newPageView(): void {
  counted = 0;
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('nudge.modal-slot')];
}
