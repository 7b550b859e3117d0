// The browser tracker's batches: checked, turned into rows, typed by the live config, stored; refusals counted once.
import type { EventRow, Store } from '../store/store.js';
import { toEventRow } from './normalize.js';
import { fillWidgetTypes, runSteps, type Step } from './pipeline.js';
import { batchIds, usableId, type BatchCheck } from './validate.js';

export type CheckedBatch = Extract<BatchCheck, { ok: true }>;

interface Ctx {
  /** widget id -> type in the site's live config */
  widgetTypes: ReadonlyMap<string, string>;
}

/** The rows of the events that passed the batch check (checkBatch: shape, ids, times, props, skew). */
const steps: Step<EventRow, Ctx, never>[] = [
  { name: 'widget-type', run: (rows, ctx) => fillWidgetTypes(rows, ctx.widgetTypes) },
];

export interface BrowserResult {
  accepted: number;
  rejected: CheckedBatch['rejected'];
}

/** Stores a checked batch's events and counts what the client dropped and what was refused. */
export async function ingestBrowser(
  store: Store,
  batch: CheckedBatch,
  receivedAt: number,
  widgetTypes: ReadonlyMap<string, string>,
): Promise<BrowserResult> {
  // Event times are already on the server's clock (checkBatch corrects client skew by sentAt and range-checks them).
  const rows = batch.events.map((e) => toEventRow(batch.site, e, receivedAt));
  const { kept } = await runSteps(steps, rows, { widgetTypes }, (_row, err) => {
    throw err;
  });
  store.append(kept);
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
