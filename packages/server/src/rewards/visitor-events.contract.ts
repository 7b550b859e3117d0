// A visitor data request over the event store too: their events found by any of their ids, exported, then erased.
import { expect, it } from 'vitest';
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import type { EventSink, ReportQueries } from '../store/ports.js';
import type { EventRow } from '../store/records.js';
import type { VisitorEvents } from '../store/visitor-events.js';
import { purchase } from './rewards.contract.js';
import { Rewards } from './rewards.js';

export type VisitorEventsFactory = () => Promise<{
  events: EventSink & ReportQueries & VisitorEvents;
  close(): Promise<void>;
}>;

const T0 = Date.UTC(2026, 11, 1);
let n = 0;
const ev = (name: string, anonymousId: string, userId: string | null, props: Record<string, unknown> = {}): EventRow =>
  purchase('s', { id: `ve-${++n}`, name, anonymousId, userId, ts: T0 + n, value: null, transactionId: null, props });

export function visitorEventsContract(name: string, open: VisitorEventsFactory): void {
  it(`${name}: exports a person's events by email, user id or visitor id, and after delete none identifies them`, async () => {
    const store = await open();
    const control = new Connection(':memory:');
    await control.open();
    const r = new Rewards(duckdbSql(control), { config: () => undefined, now: () => T0, events: store.events });
    try {
      const watched = r.watch(store.events);
      // ann: a lead on her phone (signed out), a purchase on her laptop (signed in), one more phone event queued
      await watched.append([
        ev('generate_lead', 'phone', null, { email: 'Ann@Example.test', promotion_id: 'welcome' }),
        ev('page_view', 'phone', null),
        ev('purchase', 'laptop', 'ann', { transaction_id: 'T-1', value: 40 }),
        ev('page_view', 'laptop', null),
        ev('page_view', 'bob-phone', 'bob'),
        ev('generate_lead', 'bob-phone', 'bob', { email: 'bob@example.test' }),
      ]);
      await r.settled();
      await store.events.append([ev('page_view', 'phone', 'ann')]);
      const byEmail = await r.exportVisitor('s', 'ann@example.test');
      expect(byEmail.events?.map((e) => e.anonymousId).sort()).toEqual(['laptop', 'laptop', 'phone', 'phone', 'phone']);
      expect(byEmail.eventsPendingDeletes).toBe(0);
      expect(byEmail.leads).toHaveLength(1);
      // a user id alone finds the browsers it signed in on, and what those browsers sent signed out
      expect((await r.exportVisitor('s', 'ann')).events).toHaveLength(5);
      expect((await r.exportVisitor('s', 'bob')).events).toHaveLength(2);

      const removed = await r.forgetVisitor('s', 'laptop');
      expect(removed).toMatchObject({ events: 5, eventsPending: false });
      expect((await r.exportVisitor('s', 'ann@example.test')).events).toEqual([]);
      const left = JSON.stringify(await store.events.tail('s', 100));
      for (const gone of ['"phone"', '"laptop"', '"ann"', 'Ann@Example.test', 'T-1']) expect(left).not.toContain(gone);
      expect(await store.events.countEvents('s')).toBe(2); // bob's stay
      expect((await r.exportVisitor('s', 'bob@example.test')).events).toHaveLength(2);
    } finally {
      await r.stop();
      control.close();
      await store.close();
    }
  }, 90_000);
}
