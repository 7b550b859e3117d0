// The Segment pipeline on its own: a message a step trips over is refused alone, the rest of the batch is stored.
import { expect, it, vi } from 'vitest';
import type { CountReport, EventRow, Store } from '../store/store.js';
import { ingestSegment } from './segment-batch.js';

// A props check that throws for one event name stands for any bug a message could trip in a step after the mapping.
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
  const refused: CountReport[] = [];
  const store = {
    append: (r: EventRow[]) => void rows.push(...r),
    countOnce: async (_site: string, _counter: string, reports: CountReport[]) => (refused.push(...reports), 0),
    firstSeen: async () => new Map<string, number>(),
    visitorsForUsers: async () => new Map<string, string>(),
  };
  return { store: store as unknown as Store, rows, refused };
}

const now = Date.parse('2026-11-21T12:00:00Z');
const track = (messageId: string, event: string) => ({
  type: 'track',
  messageId,
  event,
  userId: 'u1',
  timestamp: '2026-11-21T11:00:00Z',
  properties: {},
});

it('a throw in a step after the mapping refuses that message alone, as "could not be checked"', async () => {
  const { store, rows, refused } = fakeStore();
  const r = await ingestSegment(
    { events: store, control: store, reports: store },
    'shop',
    [track('m1', 'signed_up'), track('m2', 'trips_the_check'), track('m3', 'signed_up')],
    now,
    new Map(),
  );
  expect(r).toMatchObject({ rows: 2, accepted: 2 });
  expect(r.issues).toEqual([{ path: 'batch.1', message: 'could not be checked: boom' }]);
  expect(rows.map((x) => x.name)).toEqual(['signed_up', 'signed_up']);
  expect(refused).toHaveLength(1);
  expect(refused[0]!.n).toBe(1);
});
