// A person's events in DuckDB: found by anonymous id, user id or a lead's email, exported, and deleted at once.
import { listValue } from '@duckdb/node-api';
import type { EventRow } from '../records.js';
import {
  identifies,
  widen,
  type VisitorEvents,
  type VisitorEventsExport,
  type VisitorEventsRemoved,
  type VisitorIds,
} from '../visitor-events.js';
import { num, type Values } from './connection.js';
import { toEventRow } from './events.js';
import type { Reads } from './reads.js';

/** Their events; an empty list is left out of the SQL (the client cannot type an empty list's items). */
function match(site: string, who: VisitorIds): { where: string; values: Values } {
  const values: Values = { site };
  const parts: string[] = [];
  const add = (name: string, list: string[], test: string) => {
    if (!list.length) return;
    values[name] = listValue(list);
    parts.push(test);
  };
  add('anon', who.anonymousIds, 'list_contains($anon, anonymous_id)');
  add('users', who.userIds, 'list_contains($users, user_id)');
  add(
    'emails',
    who.emails,
    `(contains(props, '"email"') AND list_contains($emails, lower(json_extract_string(props, '$.email'))))`,
  );
  return { where: `site = $site AND (${parts.join(' OR ') || 'false'})`, values };
}

/** A user's other browsers, and the ids a lead's email was captured with, are the same person: followed twice at most. */
const HOPS = 2;

export class DuckDBVisitorEvents implements VisitorEvents {
  constructor(private readonly r: Reads) {}

  /** `who` with the ids their events link (copied: the caller's lists are left as they were). */
  private async resolve(site: string, who: VisitorIds): Promise<VisitorIds> {
    const all = { anonymousIds: [...who.anonymousIds], userIds: [...who.userIds], emails: [...who.emails] };
    for (let hop = 0; hop < HOPS; hop++) {
      const m = match(site, all);
      const rows = await this.r.db.rows(`SELECT DISTINCT anonymous_id, user_id FROM events WHERE ${m.where}`, m.values);
      if (!widen(all, rows as { anonymous_id?: unknown; user_id?: unknown }[])) break;
    }
    return all;
  }

  async exportVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsExport> {
    await this.r.settle();
    const all = await this.resolve(site, who);
    const unstored = this.r.queued().filter((e) => identifies(e, site, all));
    const m = match(site, all);
    const stored = (await this.r.db.rows(`SELECT * FROM events WHERE ${m.where} ORDER BY ts, id`, m.values)).map(
      toEventRow,
    );
    const ids = new Set(stored.map((e) => e.id));
    const events: EventRow[] = stored.concat(unstored.filter((e) => !ids.has(e.id)));
    return { events, pendingDeletes: 0 };
  }

  async deleteVisitorEvents(site: string, who: VisitorIds): Promise<VisitorEventsRemoved> {
    // queued events of theirs are stored first, so the delete reaches them too
    await this.r.settle();
    const all = await this.resolve(site, who);
    const m = match(site, all);
    const n = await this.r.db.transaction(async (conn) => {
      const [row] = (
        await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM events WHERE ${m.where}`, m.values)
      ).getRowObjects();
      await conn.run(`DELETE FROM events WHERE ${m.where}`, m.values);
      return num(row?.n);
    });
    return { events: n, pending: false };
  }
}
