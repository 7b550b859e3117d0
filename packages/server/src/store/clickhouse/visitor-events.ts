// A person's events in ClickHouse: found by anonymous id, user id or a lead's email, exported, and deleted by mutation.
import type { EventRow } from '../records.js';
import {
  identifies,
  widen,
  type VisitorEvents,
  type VisitorEventsExport,
  type VisitorEventsRemoved,
  type VisitorIds,
} from '../visitor-events.js';
import { events, num, type Reads } from './reads.js';
import { fromStored, ROW_COLUMNS } from './rows.js';
import { lit } from './sql.js';

/** A user's other browsers, and the ids a lead's email was captured with, are the same person: followed twice at most. */
const HOPS = 2;
/** How long a delete waits for its mutations before answering that they are still running (they finish regardless). */
const WAIT_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 18.16 refuses `IN ()`: an empty list matches nothing. */
const inList = (col: string, values: string[]) => (values.length ? `${col} IN (${values.map(lit).join(', ')})` : '0');

/** The events identifying them; visitParamExtractString reads the `email` field of a lead event's props text. */
const match = (who: VisitorIds) =>
  `(${inList('anonymous_id', who.anonymousIds)} OR ${inList('user_id', who.userIds)} OR ${inList(
    "lower(visitParamExtractString(props, 'email'))",
    who.emails,
  )})`;

export class ClickHouseVisitorEvents implements VisitorEvents {
  constructor(private readonly r: Reads) {}

  /** The table a mutation runs on: each node's own table under a Distributed one (18.16 cannot alter through it). */
  private get local(): string {
    return this.r.nodes.cluster ? 'events_local' : 'events';
  }

  private async resolve(site: string, who: VisitorIds): Promise<VisitorIds> {
    const all = { anonymousIds: [...who.anonymousIds], userIds: [...who.userIds], emails: [...who.emails] };
    for (let hop = 0; hop < HOPS; hop++) {
      const rows = await this.r.nodes.rows(
        `SELECT DISTINCT anonymous_id, user_id FROM ${events(site)} AND ${match(all)}`,
      );
      if (!widen(all, rows)) break;
    }
    return all;
  }

  /** Delete mutations on the events table not finished yet, over every node. */
  private async unfinished(): Promise<number> {
    let n = 0;
    for (let host = 0; host < this.r.nodes.hosts; host++) {
      const [row] = await this.r.nodes.rows(
        `SELECT count() AS n FROM system.mutations WHERE database = ${lit(this.r.nodes.database)}
           AND table = ${lit(this.local)} AND is_done = 0`,
        {},
        host,
      );
      n += num(row?.n);
    }
    return n;
  }

  async exportVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsExport> {
    await this.r.settle();
    const all = await this.resolve(site, who);
    const unstored = this.r.queued().filter((e) => identifies(e, site, all));
    const stored = (
      await this.r.nodes.rows(`SELECT ${ROW_COLUMNS} FROM ${events(site)} AND ${match(all)} ORDER BY ts, id`)
    ).map(fromStored);
    const ids = new Set(stored.map((e) => e.id));
    const rows: EventRow[] = stored.concat(unstored.filter((e) => !ids.has(e.id)));
    return { events: rows, pendingDeletes: await this.unfinished() };
  }

  async deleteVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsRemoved> {
    // queued events of theirs are stored first, so the mutation reaches them too
    await this.r.settle();
    const all = await this.resolve(site, who);
    const where = `site = ${lit(site)} AND ${match(all)}`;
    const count = async () =>
      num((await this.r.nodes.rows(`SELECT count() AS n FROM ${events(site)} AND ${match(all)}`))[0]?.n);
    const n = await count();
    if (n === 0) return { events: 0, pending: false };
    for (let host = 0; host < this.r.nodes.hosts; host++)
      await this.r.nodes.command(`ALTER TABLE ${this.r.nodes.database}.${this.local} DELETE WHERE ${where}`, host);
    // a mutation rewrites the parts in the background: wait (bounded) until their rows are gone
    for (const end = Date.now() + WAIT_MS; Date.now() < end; await sleep(100))
      if ((await count()) === 0) return { events: n, pending: false };
    return { events: n, pending: true };
  }
}
