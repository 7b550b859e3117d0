// The browser pipeline on its own: each step drops with its reason, refusals listed in event order, a throw is one refusal.
import { expect, it, vi } from 'vitest';
import type { CountReport, EventRow, Store } from '../store/store.js';
import { envelope } from '../testing.js';
import { checkBatch, ingestBrowser, type CheckedBatch } from './browser.js';

// A props check that throws for one event name stands for any bug an event could trip in a step.
vi.mock('@nudge/core/spec', async (original) => {
  const spec = await original<typeof import('@nudge/core/spec')>();
  return {
    ...spec,
    validateEventProps: (name: string, props: unknown) => {
      if (name === 'trips_the_check') throw new Error('boom');
      return spec.validateEventProps(name, props as Record<string, unknown>);
    },
  };
});

function fakeStore() {
  const rows: EventRow[] = [];
  const counted: Record<string, CountReport[]> = {};
  const store = {
    append: (r: EventRow[]) => void rows.push(...r),
    countOnce: async (_site: string, counter: string, reports: CountReport[]) => (
      (counted[counter] ??= []).push(...reports),
      0
    ),
  };
  return { store: store as unknown as Store, rows, counted };
}

const now = Date.parse('2026-11-21T12:00:00Z');

function batch(events: unknown[], over: Partial<CheckedBatch> = {}): CheckedBatch {
  const b = checkBatch({ site: 'shop', sentAt: now, events, ...over });
  if (!b.ok) throw new Error(JSON.stringify(b.issues));
  return b;
}

it('refuses a bad batch whole, naming its fields', () => {
  expect(checkBatch({ site: '', events: {}, dropped: -1 })).toEqual({
    ok: false,
    issues: [
      { path: 'site', message: 'expected the site id' },
      { path: 'events', message: 'expected an array of events' },
      { path: 'dropped', message: 'expected a count from 0 to 2147483647' },
    ],
  });
});

it('each step drops with its reason; refusals come in event order, bad props are kept as nudge_error', async () => {
  const { store, rows, counted } = fakeStore();
  const good = envelope('sign_up', {}, { ts: now - 1000 });
  const tooOld = envelope('sign_up', {}, { ts: Date.UTC(1999, 0, 1) });
  const deep = envelope('sign_up', { a: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, { ts: now });
  const badProps = envelope('purchase', { value: 'lots' }, { ts: now });
  const r = await ingestBrowser(
    { events: store, control: store },
    batch([tooOld, { id: 'no-name' }, good, deep, badProps], { dropped: 2 }),
    now,
    new Map(),
  );
  expect(r.accepted).toBe(2);
  expect(r.rejected.map((x) => [x.index, x.id, x.issues[0]!.path, x.storedAs])).toEqual([
    [0, tooOld.id, 'events.0.ts', undefined],
    [1, 'no-name', 'events.1.id', undefined],
    [3, deep.id, expect.stringMatching(/^events\.3\.props\.a\.0\.0/), undefined],
    [4, badProps.id, expect.stringMatching(/^events\.4\.props/), 'nudge_error'],
  ]);
  expect(r.rejected[0]!.issues[0]!.message).toBe('expected a time after 2000-01-01');
  expect(rows.map((x) => [x.id, x.name])).toEqual([
    [good.id, 'sign_up'],
    [badProps.id, 'nudge_error'],
  ]);
  // 'no-name' is not an id the envelope schema accepts, so it cannot key its refusal.
  expect(counted.refused).toEqual([
    { keys: [tooOld.id], n: 1 },
    { keys: [], n: 1 },
    { keys: [deep.id], n: 1 },
  ]);
  expect(counted.client_dropped).toEqual([{ keys: [good.id, badProps.id, tooOld.id, deep.id, badProps.id], n: 2 }]);
});

it("moves event times by the batch's clock skew before checking them", async () => {
  const { store, rows } = fakeStore();
  const e = envelope('sign_up', {}, { ts: now - 3_600_000 });
  const late = envelope('sign_up', {}, { ts: now + 2 * 86_400_000 - 3_600_000 });
  const r = await ingestBrowser(
    { events: store, control: store },
    batch([e, late], { sentAt: now - 3_600_000 }),
    now,
    new Map(),
  );
  expect(rows.map((x) => x.ts)).toEqual([now]);
  expect(r.rejected[0]!.issues[0]!.message).toBe(
    "expected a time at most a day ahead of the server clock (after moving it by 3600000 ms, the batch's clock skew)",
  );
});

it('a throw in a step refuses that event alone, as "could not be checked"', async () => {
  const { store, rows } = fakeStore();
  const a = envelope('sign_up', {}, { ts: now });
  const b = envelope('trips_the_check', {}, { ts: now });
  const r = await ingestBrowser(
    { events: store, control: store },
    batch([a, b]),
    now,
    new Map([['w', 'coupon-popup']]),
  );
  expect(r).toEqual({
    accepted: 1,
    rejected: [{ index: 1, id: b.id, issues: [{ path: 'events.1', message: 'could not be checked: boom' }] }],
  });
  expect(rows.map((x) => x.id)).toEqual([a.id]);
});

it("hands the batch's origin (the client address the next-order caps key on) to the sink with its rows", async () => {
  const { store } = fakeStore();
  const appended: [string[], unknown][] = [];
  const sink = {
    ...store,
    append: async (r: EventRow[], origin?: unknown) => void appended.push([r.map((x) => x.id), origin]),
  };
  const e = envelope('purchase', { transaction_id: 'T1', value: 5, currency: 'EUR' }, { ts: now });
  await ingestBrowser({ events: sink, control: store }, batch([e]), now, new Map(), { address: '203.0.113.9' });
  expect(appended).toEqual([[[e.id], { address: '203.0.113.9' }]]);
});
