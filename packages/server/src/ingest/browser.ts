// The browser tracker's batches: checked, turned into rows, typed by the live config, stored; refusals counted once.
import type { Store } from '../store/store.js';
import { toEventRow, type Envelope } from './normalize.js';
import { runSteps, type Step } from './pipeline.js';
import { batchIds, usableId, type BatchCheck } from './validate.js';

export type CheckedBatch = Extract<BatchCheck, { ok: true }>;

interface Ctx {
  site: string;
  receivedAt: number;
}

/** Envelopes that passed the batch check (checkBatch: shape, ids, times, props) on their way to rows. */
const steps: Step<Envelope, Ctx, never>[] = [];

export interface BrowserResult {
  accepted: number;
  rejected: CheckedBatch['rejected'];
}

/** Stores a checked batch's events and counts what the client dropped and what was refused. */
export async function ingestBrowser(store: Store, batch: CheckedBatch, receivedAt: number): Promise<BrowserResult> {
  const ctx = { site: batch.site, receivedAt };
  const { kept } = await runSteps(steps, batch.events, ctx);
  // Event times are already on the server's clock (checkBatch corrects client skew by sentAt and range-checks them).
  store.append(kept.map((e) => toEventRow(batch.site, e, receivedAt)));
  // Nothing disappears unnoticed: what clients gave up on and what we refused (not stored) are counted per site (see
  // /stats), once: a tracker whose answer got lost sends the very same batch again. Counted before answering, so a
  // count that fails gets a 500 and the (idempotent) retry counts it. Events kept as nudge_error are stored rows.
  const refused = batch.rejected.filter((r) => !r.storedAs);
  await Promise.all([
    // The tracker only reports drops alongside events (see sendOnce/hide in core's tracker.ts), so the ids it carried
    // identify the report; a report with no events (other senders) has nothing to key on and is counted every time.
    batch.dropped ? store.countOnce(batch.site, 'client_dropped', [{ keys: batchIds(batch), n: batch.dropped }]) : 0,
    // An event without a usable id (a malformed one) cannot be recognised when it is sent again: counted each time.
    refused.length
      ? store.countOnce(
          batch.site,
          'refused',
          refused.map((r) => ({ keys: usableId(r) ? [r.id!] : [], n: 1 })),
        )
      : 0,
  ]);
  // Copies of one id in the same batch are one row.
  return { accepted: new Set(kept.map((e) => e.id)).size, rejected: batch.rejected };
}
