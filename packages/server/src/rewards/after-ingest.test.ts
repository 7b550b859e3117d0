// The rewards' work follows what the event store's writes store: a purchase in a refused append that the store's own
// retry stores is redeemed though the client never sends it again; each row keeps its append's client address.
import { describe, expect, it } from 'vitest';
import { Connection } from '../store/duckdb/connection.js';
import { duckdbSql } from '../store/duckdb/sql.js';
import type { EventRow, EventSink } from '../store/store.js';
import { WriteBuffer } from '../store/write-buffer.js';
import { popupConfig, purchase } from './rewards.contract.js';
import { Rewards } from './rewards.js';

const T0 = Date.UTC(2026, 11, 1);

/** An event sink on a real write buffer whose backend is down while `down` is set (it retries every 20 ms). */
function sink() {
  const b = { down: false, written: 0 };
  const buffer = new WriteBuffer<EventRow>({
    write: async (rows) => {
      if (b.down) throw new Error('connection refused');
      b.written += rows.length;
    },
    quarantine: async () => {
      if (b.down) throw new Error('connection refused');
    },
    retryMs: 20,
    log: () => undefined,
  });
  const s = {
    append: (rows: EventRow[]) => buffer.append(rows),
    onStored: (l: (rows: readonly EventRow[]) => void) => buffer.onStored(l),
    flush: () => buffer.flush(),
    pending: () => buffer.pending(),
  } as unknown as EventSink;
  return { b, s, buffer };
}

async function rewards() {
  const db = new Connection(':memory:');
  await db.open();
  const r = new Rewards(duckdbSql(db), { config: () => popupConfig('WELCOME20'), now: () => T0 + 5000 });
  return { r, close: () => db.close() };
}

describe('rewards after ingest', () => {
  it("redeems a code whose purchase was refused (503) and stored by the store's retry, with no resend", async () => {
    const { r, close } = await rewards();
    try {
      await r.createPool('s', { id: 'p', kind: 'generated', count: 3, amount: 10 });
      const code = (await r.claim({ site: 's', widget: 'welcome', anonymousId: 'v1' }))!.code;
      const { b, s, buffer } = sink();
      const watched = r.watch(s);
      b.down = true;
      const buy = purchase('s', { props: { transaction_id: 'T-1', value: 80, coupon: code } });
      await expect(watched.append([buy])).rejects.toThrow('connection refused');
      b.down = false;
      // the client was told "not stored" and gives up; the buffer's retry stores the row
      for (let i = 0; i < 100 && buffer.pending(); i++) await new Promise((ok) => setTimeout(ok, 10));
      expect(b.written).toBe(1);
      await r.settled();
      expect((await r.report('s', 0, T0 + 86_400_000)).widgets[0]).toMatchObject({ claimed: 1, redeemed: 1 });
    } finally {
      await close();
    }
  });

  it("binds next-order codes under the caps with each row's own client address, batches merged in one write", async () => {
    const { r, close } = await rewards();
    try {
      await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 10 });
      await r.setNextOrder('s', { widget: 'welcome', pool: 'next', capPerAddressPerDay: 1 });
      const { s } = sink();
      const watched = r.watch(s);
      const buy = (v: string) => purchase('s', { anonymousId: v, props: { transaction_id: v, value: 50 } });
      // three appends in one tick share one write: two from one address, one from another
      await Promise.all([
        watched.append([buy('a1')], { address: '203.0.113.9' }),
        watched.append([buy('a2')], { address: '203.0.113.9' }),
        watched.append([buy('b1')], { address: '198.51.100.7' }),
      ]);
      await r.settled();
      const [next] = (await r.report('s', 0, T0 + 86_400_000)).nextOrder;
      expect(next).toMatchObject({ bound: 2, refused: { address: 1 } });
    } finally {
      await close();
    }
  });

  it('keeps the client address of rows a sink stores (and tells) before its append returns', async () => {
    const { r, close } = await rewards();
    try {
      await r.createPool('s', { id: 'next', kind: 'generated', prefix: 'NEXT-', count: 10 });
      await r.setNextOrder('s', { widget: 'welcome', pool: 'next', capPerAddressPerDay: 1 });
      const listeners = new Set<(rows: readonly EventRow[]) => void>();
      const s = {
        append: (rows: EventRow[]) => {
          for (const l of listeners) l(rows);
          return Promise.resolve();
        },
        onStored: (l: (rows: readonly EventRow[]) => void) => (listeners.add(l), () => listeners.delete(l)),
      } as unknown as EventSink;
      const watched = r.watch(s);
      const buy = (v: string) => purchase('s', { anonymousId: v, props: { transaction_id: v, value: 50 } });
      await watched.append([buy('a1')], { address: '203.0.113.9' });
      await watched.append([buy('a2')], { address: '203.0.113.9' });
      await r.settled();
      const [next] = (await r.report('s', 0, T0 + 86_400_000)).nextOrder;
      expect(next).toMatchObject({ bound: 1, refused: { address: 1 } });
    } finally {
      await close();
    }
  });
});
