// Auto-tracked clicks that leave with their page: nudge.js keeps them (on pagehide) for the next page's auto-tracking.

import { closestMatch } from './closest.js';
import { EARLY_CLICKS, LEFT_CALLS, type LeftCall, type NudgeStub } from './stub.js';

/**
 * A recorded click whose page went before auto-tracking took it: which selector it matched (0 add_to_cart,
 * 1 begin_checkout), its Date.now() and the page's path.
 */
export type LeftClick = [event: 0 | 1, at: number, path: string];
/** sessionStorage key prefix (+ site) that carries such clicks to the next page of the same tab. */
export const LEFT_CLICKS = 'nudge_left:';

/**
 * nudge.js on pagehide: the page is going (a checkout link, an add-to-cart form that posts) while its recorder still
 * holds clicks, so neither the runtime nor its auto-tracking chunk judged them. They are matched here against the
 * selectors known without the runtime (the cached config's `tracking`, else the tag's data-track-*, as the runtime
 * picks them) and the matches are kept in sessionStorage (this tab only) for the next page's auto-tracking. Nothing
 * identifying: event, time, path. Under data-consent="required" nothing is stored: the clicks stay in memory (and are
 * replayed if the page comes back from the back/forward cache). The buy bar's own click on the main button is not
 * told apart here: the bar exists only once the runtime has mounted it, and the auto-tracking chunk (requested no
 * later than the mounter, one file against its two) takes the recorder before that in practice.
 */
export function leaveClicks(stub: NudgeStub, tag: HTMLElement): void {
  const d = tag.dataset;
  const key = LEFT_CLICKS + d.site;
  if (d.consent != 'required')
    try {
      // Queued events first (their own try: a call that cannot be stored must not cost the clicks). Once stored they leave the queue (in place: the snippet pushes to this very array), so a
      // page restored from the back/forward cache does not send them twice; a call that cannot be stored stays queued.
      const k = LEFT_CALLS + d.site;
      const calls = stub.q.filter((c) => /^(track|identify)$/.test(c[0]));
      if (calls.length) {
        // Props that cannot be stored (a cycle) make stringify throw: then nothing is taken, as without storage.
        const left: LeftCall[] = [
          ...JSON.parse(localStorage[k] || '[]'),
          ...calls.map(([m, a]) => [m, a, Date.now(), location.pathname]),
        ];
        localStorage[k] = JSON.stringify(left.slice(-EARLY_CLICKS * 5));
        stub.q.splice(0, 1e9, ...stub.q.filter((c) => !calls.includes(c)));
      }
    } catch {
      /* no storage, or props JSON cannot hold: the calls stay queued */
    }
  if (d.consent != 'required')
    try {
      let t: { addToCart?: string; beginCheckout?: string } | undefined;
      // Any trouble with the cache (none, not JSON, another shape) means no selectors from it.
      try {
        t = JSON.parse(localStorage['nudge_config:' + d.site]).config.tracking;
      } catch {}
      const selectors = t ? [t.addToCart, t.beginCheckout] : [d.trackAddToCart, d.trackCheckout];
      const left: LeftClick[] = JSON.parse(sessionStorage[key] || '[]');
      // Taken, so a page restored from the back/forward cache does not judge them again.
      for (const [el, at] of stub.c!.splice(0)) {
        const i = selectors.findIndex((s) => closestMatch(el, s));
        if (~i) left.push([i as 0 | 1, at, location.pathname]);
      }
      // A page that also goes before its runtime came adds to what the one before it left. (Nothing to keep: no write.)
      if (left.length) sessionStorage[key] = JSON.stringify(left.slice(-EARLY_CLICKS));
    } catch {
      /* no storage: the click is lost with the page, as before */
    }
}
