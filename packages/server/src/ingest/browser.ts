// The browser tracker's batches: the batch checked whole, then each event through named steps; refusals counted once.
import { batchSchema, envelopeSchema, MAX_INT32, validateEventProps, type Envelope } from '@nudge/core/spec';
import { tooDeep } from '../depth.js';
import type { Issue } from '../issue.js';
import type { BatchOrigin, ControlStore, EventRow, EventSink } from '../store/store.js';
import { toEventRow } from './normalize.js';
import { fillWidgetTypes, runSteps, type Step } from './pipeline.js';
import { cutErrorMessage, eventTimeIssue, MAX_PROPS_DEPTH, propsError } from './validate.js';

const MAX_EVENTS_PER_BATCH = 1000;
/** A batch whose sentAt is this far off the server clock has its event times shifted by the difference. */
const SKEW_SHIFT_MS = 10_000;

export interface Rejected {
  index: number;
  id?: string;
  issues: Issue[];
  /** Set when the event was kept as a `nudge_error` row (its envelope was fine, only its props were not). */
  storedAs?: 'nudge_error';
}

/** A batch whose own fields are fine; its events are checked one by one by the steps. */
export interface CheckedBatch {
  ok: true;
  site: string;
  sentAt: number | undefined;
  events: unknown[];
  dropped?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the batch's own fields (site, sentAt, events, dropped); a bad one refuses the whole batch. */
export function checkBatch(body: unknown): CheckedBatch | { ok: false; issues: Issue[] } {
  if (!isRecord(body))
    return { ok: false, issues: [{ path: '', message: 'expected a JSON object { site, sentAt, events }' }] };
  const issues: Issue[] = [];
  if (typeof body.site !== 'string' || !body.site) issues.push({ path: 'site', message: 'expected the site id' });
  // The bounds are the wire contract's (batchSchema); the words are the collector's, naming the range.
  if (body.sentAt !== undefined && !batchSchema.shape.sentAt.safeParse(body.sentAt).success)
    issues.push({ path: 'sentAt', message: 'expected ms since the epoch (a number from 0 to 8.64e15)' });
  if (!Array.isArray(body.events)) issues.push({ path: 'events', message: 'expected an array of events' });
  else if (body.events.length > MAX_EVENTS_PER_BATCH)
    issues.push({ path: 'events', message: `at most ${MAX_EVENTS_PER_BATCH} events per batch` });
  if (body.dropped !== undefined && !batchSchema.shape.dropped.safeParse(body.dropped).success)
    issues.push({ path: 'dropped', message: `expected a count from 0 to ${MAX_INT32}` });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    site: body.site as string,
    sentAt: body.sentAt as number | undefined,
    events: body.events as unknown[],
    ...(typeof body.dropped === 'number' ? { dropped: body.dropped } : {}),
  };
}

/** One event on its way to a row. */
interface Item {
  index: number;
  raw: unknown;
  /** The id it came with, checked or not: all a refused event can be recognised by when it is sent again. */
  id?: string;
  envelope?: Envelope;
  /** Set when the event is kept as a nudge_error (a dropped one carries its issues as the drop reason). */
  kept?: Rejected;
  row?: EventRow;
}

interface Ctx {
  site: string;
  receivedAt: number;
  /** Added to every event time: the batch's clock skew when it is over SKEW_SHIFT_MS, else 0. */
  shift: number;
  /** widget id -> type in the site's live config */
  widgetTypes: ReadonlyMap<string, string>;
}

const steps: Step<Item, Ctx, Issue[]>[] = [
  {
    name: 'envelope',
    each(it, _ctx, drop) {
      const parsed = envelopeSchema.safeParse(it.raw);
      if (parsed.success) it.envelope = parsed.data;
      else
        drop(
          parsed.error.issues.map((i) => ({
            path: ['events', it.index, ...i.path].map(String).join('.'),
            message: i.message,
          })),
        );
    },
  },
  {
    name: 'props-depth',
    each(it, _ctx, drop) {
      const deep = tooDeep(it.envelope!.props, MAX_PROPS_DEPTH);
      if (deep !== undefined)
        drop([
          {
            path: `events.${it.index}.props${deep && '.' + deep}`,
            message: `nested more than ${MAX_PROPS_DEPTH} levels deep`,
          },
        ]);
    },
  },
  {
    // Client clocks drift; sentAt lets us move event times onto the server's clock when they are clearly off.
    name: 'time',
    each(it, { shift, receivedAt }, drop) {
      if (shift) it.envelope = { ...it.envelope!, ts: it.envelope!.ts + shift };
      const late = eventTimeIssue(it.envelope!.ts, receivedAt);
      if (late)
        drop([
          {
            path: `events.${it.index}.ts`,
            message: shift ? `${late} (after moving it by ${shift} ms, the batch's clock skew)` : late,
          },
        ]);
    },
  },
  {
    name: 'props',
    each(it) {
      const e = (it.envelope = cutErrorMessage(it.envelope!));
      const bad = validateEventProps(e.name, e.props);
      if (!bad) return;
      // Only the server checks props in production builds of the tracker, so a refusal here would be a silent loss.
      it.kept = {
        index: it.index,
        id: e.id,
        issues: [{ path: `events.${it.index}.props${bad.path ? `.${bad.path}` : ''}`, message: bad.message }],
        storedAs: 'nudge_error',
      };
      it.envelope = propsError(e, bad);
    },
  },
  { name: 'row', each: (it, ctx) => void (it.row = toEventRow(ctx.site, it.envelope!, ctx.receivedAt)) },
  {
    name: 'widget-type',
    run: (items, ctx) =>
      fillWidgetTypes(
        items.map((i) => i.row!),
        ctx.widgetTypes,
      ),
  },
];

/** Whether a refused event's id can recognise it when it is sent again: only an id the envelope schema accepts. */
const usableId = (r: Rejected): boolean => r.id !== undefined && envelopeSchema.shape.id.safeParse(r.id).success;

export interface BrowserResult {
  accepted: number;
  rejected: Rejected[];
}

/**
 * Stores a checked batch's good events (resolving once they are stored; rejecting when they may not be) and counts what the client dropped and what was refused. Event times are moved
 * onto the server clock (`receivedAt`) when the batch's sentAt is more than SKEW_SHIFT_MS off, then must fall between
 * 2000-01-01 and a day after `receivedAt`.
 */
export async function ingestBrowser(
  { events, control }: { events: EventSink; control: Pick<ControlStore, 'countOnce'> },
  batch: CheckedBatch,
  receivedAt: number,
  widgetTypes: ReadonlyMap<string, string>,
  origin: BatchOrigin = {},
): Promise<BrowserResult> {
  const skew = batch.sentAt !== undefined ? receivedAt - batch.sentAt : 0;
  const ctx: Ctx = { site: batch.site, receivedAt, shift: Math.abs(skew) > SKEW_SHIFT_MS ? skew : 0, widgetTypes };
  const items = batch.events.map((raw, index): Item => {
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    return { index, raw, ...(id ? { id } : {}) };
  });
  const { kept, dropped } = await runSteps(
    steps,
    items,
    ctx,
    // One event a step trips over must not take the batch's good events down with a 500.
    (it, err) => [{ path: `events.${it.index}`, message: `could not be checked: ${(err as Error).message}` }],
  );
  const rejected: Rejected[] = [
    ...dropped.map(({ event: it, reason }) => ({ index: it.index, ...(it.id ? { id: it.id } : {}), issues: reason })),
    ...kept.flatMap((it) => (it.kept ? [it.kept] : [])),
  ].sort((a, b) => a.index - b.index);
  const rows = kept.map((it) => it.row!);
  // Group commit: the answer waits for the flush that stores these rows; a failed one rejects and the route says 503.
  // the origin (the client address) travels with the rows to the sink's watcher: the next-order caps key on it
  const stored = rows.length ? events.append(rows, origin) : undefined;
  // Nothing disappears unnoticed: what clients gave up on and what we refused (not stored) are counted per site (see
  // /stats), once: a tracker whose answer got lost sends the very same batch again. Counted before answering, so a
  // count that fails gets a 500 and the (idempotent) retry counts it. Events kept as nudge_error are stored rows.
  const refused = rejected.filter((r) => !r.storedAs);
  // The usable ids of every event the batch carried (stored or refused) identify it when it is resent.
  const batchIds = () => [...kept.map((it) => it.envelope!.id), ...rejected.filter(usableId).map((r) => r.id!)];
  await Promise.all([
    stored,
    // The tracker only reports drops alongside events (see sendOnce/hide in core's tracker.ts), so the ids it carried
    // identify the report; a report with no events (other senders) has nothing to key on and is counted every time.
    batch.dropped ? control.countOnce(batch.site, 'client_dropped', [{ keys: batchIds(), n: batch.dropped }]) : 0,
    // An event without a usable id (a malformed one) cannot be recognised when it is sent again: counted each time.
    refused.length
      ? control.countOnce(
          batch.site,
          'refused',
          refused.map((r) => ({ keys: usableId(r) ? [r.id!] : [], n: 1 })),
        )
      : 0,
  ]);
  // Copies of one id in the same batch are one row.
  return { accepted: new Set(rows.map((e) => e.id)).size, rejected };
}
