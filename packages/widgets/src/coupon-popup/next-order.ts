// The thank-you page's coupon: asks (a bounded number of times) for the code the server binds to a buyer at purchase.
import type { ClaimedCode, NudgeRuntime } from '@nudge/core';

/**
 * Waits before each ask (ms). The purchase tracked on this page reaches the server in the tracker's next batch, and
 * the server binds the code as it stores it, so the first asks may come too early; five asks in 15 s stay within the
 * claim route's per-visitor limit (a burst of 6).
 */
export const WAITS = [0, 1000, 2000, 4000, 8000];
const CODE = /^[\w-]{1,64}$/;

/**
 * The visitor's next-order coupon, or undefined when they have none: no qualifying purchase (yet), no consent (the
 * SDK sends nothing), or a refusal. `alive()` false stops the asking (the element left the page).
 */
export async function nextOrderCode(
  rt: NudgeRuntime | null,
  widget: string,
  alive: () => boolean,
): Promise<ClaimedCode | undefined> {
  for (const ms of WAITS) {
    if (ms) await new Promise((done) => setTimeout(done, ms));
    if (!alive()) return undefined;
    try {
      const r = await rt?.post?.('/v1/coupons/claim', { widget });
      if (!r) return undefined;
      if (r.status == 200) {
        const c = (await r.json()) as ClaimedCode;
        return typeof c?.code == 'string' && CODE.test(c.code) ? c : undefined;
      }
      // 204 (410 from an older server): none bound yet, the purchase may still be on its way; anything else will not
      // change by asking again
      if (r.status != 204 && r.status != 410) return undefined;
    } catch {
      /* the server could not be reached: ask again after the next wait */
    }
  }
  return undefined;
}
