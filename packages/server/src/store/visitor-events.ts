// The port visitor data requests add beside ReportQueries: a person's events found, exported and erased.
import type { EventRow } from './records.js';

/** Who a request is about, as the control data resolved it (any list may be empty). */
export interface VisitorIds {
  anonymousIds: string[];
  userIds: string[];
  /** lower-case addresses, matched against the `email` a lead event (generate_lead) carries in its props */
  emails: string[];
}

export interface VisitorEventsExport {
  /** every stored (or still queued) event carrying one of their identifiers, oldest first */
  events: EventRow[];
  /** erasures the event store has accepted but not finished (ClickHouse mutations); 0 when everything is done */
  pendingDeletes: number;
}

export interface VisitorEventsRemoved {
  events: number;
  /** true when the store finishes the erasure in the background (ClickHouse); the export then says how many wait */
  pending: boolean;
}

/**
 * Implemented per backend beside ReportQueries (store/duckdb/visitor-events.ts, store/clickhouse/visitor-events.ts).
 * Both also follow the ids the events link: a user id's browsers and an email's lead events belong to the person.
 */
export interface VisitorEvents {
  exportVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsExport>;
  deleteVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsRemoved>;
}

/** The store's visitor event queries, or undefined for an event store without them (the export then says so). */
export function visitorEventsOf(store: object): VisitorEvents | undefined {
  return 'exportVisitorEvents' in store && typeof store.exportVisitorEvents === 'function'
    ? (store as VisitorEvents)
    : undefined;
}

/** Whether a queued row identifies them (the same rule as the backends' SQL), for reads that merge the queue. */
export function identifies(e: EventRow, site: string, who: VisitorIds): boolean {
  if (e.site !== site) return false;
  if (e.anonymousId !== null && who.anonymousIds.includes(e.anonymousId)) return true;
  if (e.userId !== null && who.userIds.includes(e.userId)) return true;
  const email = e.props.email;
  return typeof email === 'string' && who.emails.includes(email.toLowerCase());
}

/** Adds the anonymous and user ids that `rows` (events identifying them) carry; true when it found new ones. */
export function widen(who: VisitorIds, rows: { anonymous_id?: unknown; user_id?: unknown }[]): boolean {
  let grew = false;
  for (const r of rows) {
    if (typeof r.anonymous_id === 'string' && !who.anonymousIds.includes(r.anonymous_id)) {
      who.anonymousIds.push(r.anonymous_id);
      grew = true;
    }
    if (typeof r.user_id === 'string' && !who.userIds.includes(r.user_id)) {
      who.userIds.push(r.user_id);
      grew = true;
    }
  }
  return grew;
}
