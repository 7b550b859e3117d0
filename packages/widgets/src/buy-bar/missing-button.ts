// The buy bar's report of a page with no button to mirror: a lazy file (the embed build keeps it out of the page
// file by name), since only such pages need it.
import { NO_ADD_TO_CART, TARGET_NOT_FOUND } from '@nudge/core';
import type { NudgeElement } from '../internal/nudge-element.js';

/** What the report reads of the bar (not the controller's host type: the controller imports this file). */
type Bar = Pick<NudgeElement, 'product' | 'promotion' | 'localName' | 'track'> & { name: string };

/**
 * `selector`: the bar's `target`, or '' when it looked for the page's add-to-cart button itself. A page without one
 * repeats on every view, so its `nudge_error` (with a stable code) goes once per browser session (sessionStorage, as
 * the widgets' frequency caps), widget and page type: a product page missing its button (set `target`) and a page
 * with no product (the bar placed where it cannot work) need different fixes. The console warning, what a merchant
 * checking the page sees (with `data-debug` or not), comes on every view. Blocked storage: once per element.
 */
export function reportMissing(h: Bar, selector: string): void {
  const message = selector
    ? `target "${selector}" matches no element; the bar stays hidden`
    : 'found no add-to-cart button on the page (set target); the bar stays hidden';
  const code = selector ? TARGET_NOT_FOUND : NO_ADD_TO_CART;
  const page_type = h.name || h.product ? 'product' : 'other';
  const key = `nudge:err:${h.promotion.promotion_id}:${code}:${page_type}`;
  let seen;
  try {
    seen = sessionStorage.getItem(key);
    sessionStorage.setItem(key, '1');
  } catch {
    /* storage blocked: the element's own once is all there is */
  }
  console.warn(`<${h.localName}> ${message}`);
  if (!seen) h.track('nudge_error', { ...h.promotion, source: 'widget', code, page_type, message });
}
