// Segment batches as a pipeline of named steps: shape, mapping, defaults, props, ids, identity; refusals counted once.
import { validateEventProps } from '@nudge/core/spec';
import type { Issue } from '../issue.js';
import type { ControlStore, CountReport, EventRow, EventSink, ReportQueries } from '../store/store.js';
import { idMillis, toEventRow, type Envelope } from './normalize.js';
import { fillWidgetTypes, runSteps, type Step } from './pipeline.js';
import { fromSegment, segmentEventId, type SegmentMessage } from './segment.js';
import { cutErrorMessage, propsError } from './validate.js';

/** Messages per request, as Segment's own API allows. */
export const MAX_SEGMENT_BATCH = 2500;

export type SegmentIssue = Issue & { storedAs?: 'nudge_error' };

/** One message on its way to a row. */
interface Item {
  index: number;
  message: unknown;
  mapped?: { envelope: Envelope; messageId: string; timed: boolean };
  row?: EventRow;
  /** Set when the message is kept as a nudge_error (a dropped one carries its issues as the drop reason). */
  issue?: SegmentIssue;
  /** Dropped as a known crawler's (its context.userAgent): counted as left out, not as refused. */
  crawler?: boolean;
}

interface Ctx {
  site: string;
  receivedAt: number;
  /** retry keys (first seen) and the browser visitor each user id was last seen with */
  control: Pick<ControlStore, 'firstSeen'>;
  reports: Pick<ReportQueries, 'visitorsForUsers'>;
  widgetTypes: ReadonlyMap<string, string>;
  /** Whether a user agent is a known crawler's (the collector's rule, http/bots.ts) */
  isCrawler: (userAgent: string | undefined) => boolean;
}

const at = (i: number, path = '') => `batch.${i}${path ? `.${path}` : ''}`;

const steps: Step<Item, Ctx, Issue[]>[] = [
  {
    name: 'shape',
    each(it, _ctx, drop) {
      if (typeof it.message !== 'object' || it.message === null)
        drop([{ path: at(it.index), message: 'expected a message object' }]);
    },
  },
  {
    // A shop's backend forwards each shopper's browser in context.userAgent: a crawler's is left out, as on /v1/events.
    name: 'crawler',
    each(it, ctx, drop) {
      const ua = (it.message as { context?: { userAgent?: unknown } }).context?.userAgent;
      if (typeof ua !== 'string' || !ctx.isCrawler(ua)) return;
      it.crawler = true;
      drop([{ path: at(it.index, 'context.userAgent'), message: CRAWLER }]);
    },
  },
  {
    name: 'map',
    each(it, ctx, drop) {
      const r = fromSegment(it.message as SegmentMessage, ctx.receivedAt, {});
      if (r.ok) it.mapped = r;
      else drop(r.issues.map((x) => ({ path: at(it.index, x.path), message: x.message })));
    },
  },
  {
    name: 'purchase-defaults',
    each({ mapped }) {
      if (mapped!.envelope.name === 'purchase' && mapped!.envelope.props) {
        mapped!.envelope.props.items ??= [];
        mapped!.envelope.props.currency ??= 'USD'; // Segment's documented default
      }
    },
  },
  {
    name: 'props',
    each(it) {
      const e = (it.mapped!.envelope = cutErrorMessage(it.mapped!.envelope));
      const bad = validateEventProps(e.name, e.props);
      if (!bad) return;
      // As on /v1/events: a message whose props fail is kept as a nudge_error under its messageId, never lost.
      it.issue = {
        path: at(it.index, `properties${bad.path ? `.${bad.path}` : ''}`),
        message: bad.message,
        storedAs: 'nudge_error',
      };
      it.mapped!.envelope = propsError(e, bad);
    },
  },
  {
    name: 'row',
    each(it, ctx) {
      const { envelope, messageId, timed } = it.mapped!;
      const row = toEventRow(ctx.site, envelope, ctx.receivedAt, 'segment');
      // Duplicates are looked up by id within the batch's id_ms span, so every copy of a message needs the same
      // id_ms: from a UUIDv7 messageId, else from the message's timestamp; without either, see 'first-seen'.
      row.idMs = idMillis(messageId, timed ? row.ts : NaN);
      it.row = row;
    },
  },
  {
    name: 'first-seen',
    async run(items, ctx) {
      const untimed = items.map((i) => i.row!).filter((r) => Number.isNaN(r.idMs));
      if (!untimed.length) return;
      const first = await ctx.control.firstSeen(
        ctx.site,
        'segment_message',
        untimed.map((r) => r.id),
        ctx.receivedAt,
      );
      for (const r of untimed) r.idMs = r.ts = first.get(r.id) ?? ctx.receivedAt;
    },
  },
  {
    // A server-side message with only a userId joins the browser visitor that identified as that user.
    name: 'identity',
    async run(items, ctx) {
      const rows = items.map((i) => i.row!);
      const unresolved = rows.filter((r) => r.anonymousId?.startsWith('user:') && r.userId);
      if (!unresolved.length) return;
      const ids = await ctx.reports.visitorsForUsers(ctx.site, [...new Set(unresolved.map((r) => r.userId!))]);
      // An identify earlier in this same batch links them too.
      for (const r of rows)
        if (r.userId && r.anonymousId && !r.anonymousId.startsWith('user:')) ids.set(r.userId, r.anonymousId);
      for (const r of unresolved) r.anonymousId = ids.get(r.userId!) ?? r.anonymousId;
    },
  },
  {
    name: 'widget-type',
    run: (items, ctx) =>
      fillWidgetTypes(
        items.map((i) => i.row!),
        ctx.widgetTypes,
      ),
  },
];

export const CRAWLER = "a known crawler's event: not collected, counted as left out";

export interface SegmentResult {
  rows: number;
  accepted: number;
  /** messages left out as a known crawler's */
  crawlers: number;
  issues: SegmentIssue[];
}

/** Stores the messages that make rows (resolving once they are stored); refused ones are counted once per messageId (a library's retry adds nothing). */
export async function ingestSegment(
  stores: {
    events: EventSink;
    control: Pick<ControlStore, 'firstSeen' | 'countOnce'>;
    reports: Pick<ReportQueries, 'visitorsForUsers'>;
  },
  site: string,
  messages: unknown[],
  receivedAt: number,
  widgetTypes: ReadonlyMap<string, string>,
  isCrawler: (userAgent: string | undefined) => boolean = () => false,
): Promise<SegmentResult> {
  const { kept, dropped } = await runSteps(
    steps,
    messages.map((message, index): Item => ({ index, message })),
    { site, receivedAt, control: stores.control, reports: stores.reports, widgetTypes, isCrawler },
    // One message a step trips over must not take the batch's good messages down with a 500.
    (it, err) => [{ path: at(it.index), message: `could not be checked: ${(err as Error).message}` }],
  );
  const rows = kept.map((i) => i.row!);
  // Group commit: resolves once the flush holding these rows has stored them; a failed one rejects (the route's 503).
  const stored = rows.length ? stores.events.append(rows) : undefined;
  // A message without a messageId cannot be recognised when it comes again.
  const count = (items: Item[]): CountReport[] => items.map(({ message: m }) => ({ keys: segmentKeys(m), n: 1 }));
  const refused = count(dropped.filter((d) => !d.event.crawler).map((d) => d.event));
  const bots = count(dropped.filter((d) => d.event.crawler).map((d) => d.event));
  await Promise.all([
    stored,
    refused.length ? stores.control.countOnce(site, 'refused', refused) : 0,
    bots.length ? stores.control.countOnce(site, 'bots', bots) : 0,
  ]);
  const issues = [...dropped.flatMap((d) => d.reason), ...kept.flatMap((i) => (i.issue ? [i.issue] : []))].sort(
    (a, b) => indexOf(a.path) - indexOf(b.path),
  );
  return { rows: rows.length, accepted: new Set(rows.map((r) => r.id)).size, crawlers: bots.length, issues };
}

/** The key a message is counted under once (its stored id); none without a messageId, which cannot be recognised again. */
export function segmentKeys(m: unknown): string[] {
  const id = typeof m === 'object' && m !== null ? (m as SegmentMessage).messageId : undefined;
  return typeof id === 'string' && id ? [segmentEventId(id, m as SegmentMessage)] : [];
}

/** Issues are listed in message order, as they were found before the steps were split. */
const indexOf = (path: string) => Number(path.split('.')[1]);
