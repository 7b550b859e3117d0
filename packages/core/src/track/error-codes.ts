// The `nudge_error` codes the browser sends at most once per browser session, widget and page type (the buy bar's
// missing-button reports): the widget sends them so, the server's errors report counts their sessions, not events.
// Each code is its own string constant too, so a bundler inlines it into the widget's chunk (an object would ship).

/** The buy bar found no add-to-cart button to mirror (set its `target`). */
export const NO_ADD_TO_CART = 'no_add_to_cart';
/** The buy bar's `target` matches no element. */
export const TARGET_NOT_FOUND = 'target_not_found';
/** Every code sent at most once per session: the server counts sessions for these, page views for the rest. */
export const ONCE_PER_SESSION_CODES: readonly string[] = [NO_ADD_TO_CART, TARGET_NOT_FOUND];
