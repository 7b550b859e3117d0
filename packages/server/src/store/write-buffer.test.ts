// The write buffer against a fake backend: when it writes, how it isolates bad rows, and what it does when all fails.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteBuffer, type Quarantined, type WriteBufferOptions } from './write-buffer.js';

interface R {
  id: number;
  poison?: boolean;
}

/** A backend that refuses any batch holding a poison row, and fails entirely while `down`. */
function backend() {
  const b = {
    written: [] as number[],
    quarantined: [] as Quarantined[],
    writes: 0,
    down: false,
    active: 0,
    overlapped: false,
    write: async (rows: R[]) => {
      b.writes++;
      b.active++;
      if (b.active > 1) b.overlapped = true;
      await new Promise((ok) => setTimeout(ok, 0));
      b.active--;
      if (b.down) throw new Error('disk full');
      if (rows.some((r) => r.poison)) throw new Error('poison');
      b.written.push(...rows.map((r) => r.id));
    },
    quarantine: async (rows: Quarantined[]) => {
      if (b.down) throw new Error('disk full');
      b.quarantined.push(...rows);
    },
  };
  return b;
}

const quiet = { log: () => undefined };
const rows = (...ids: number[]): R[] => ids.map((id) => ({ id }));
function buffer(b: ReturnType<typeof backend>, opts: Partial<WriteBufferOptions<R>> = {}) {
  return new WriteBuffer<R>({ write: b.write, quarantine: b.quarantine, ...quiet, ...opts });
}

afterEach(() => vi.useRealTimers());

describe('WriteBuffer', () => {
  it('writes after the interval, or at once when full, and on close', async () => {
    vi.useFakeTimers();
    const b = backend();
    const w = buffer(b, { flushAt: 3, flushEveryMs: 200 });
    w.append(rows(1));
    await vi.advanceTimersByTimeAsync(150);
    expect([b.written, w.pending()]).toEqual([[], 1]);
    await vi.advanceTimersByTimeAsync(100);
    expect([b.written, w.pending()]).toEqual([[1], 0]);
    w.append(rows(2, 3, 4));
    await vi.advanceTimersByTimeAsync(1);
    expect(b.written).toEqual([1, 2, 3, 4]);
    w.append(rows(5));
    const closing = w.close();
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(b.written).toEqual([1, 2, 3, 4, 5]);
    expect(() => w.append(rows(6))).toThrow('closed');
  });

  it('runs one write at a time, however many flushes are asked for', async () => {
    const b = backend();
    const w = buffer(b);
    w.append(rows(1));
    const first = w.flush();
    w.append(rows(2));
    await Promise.all([first, w.flush(), w.flush()]);
    expect(b.written).toEqual([1, 2]);
    expect(b.overlapped).toBe(false);
  });

  it('sets aside rows the check refuses, and rows the backend refuses by halving the batch, writing the rest', async () => {
    const b = backend();
    const w = buffer(b, { check: (r) => (r.id < 0 ? 'negative id' : undefined) });
    w.append([...rows(1, 2, 3), { id: 4, poison: true }, ...rows(5, 6, -7, 8)]);
    await w.flush();
    expect(b.written.sort()).toEqual([1, 2, 3, 5, 6, 8]);
    expect(b.quarantined.map((q) => [(q.row as R).id, q.reason])).toEqual([
      [-7, 'negative id'],
      [4, 'poison'],
    ]);
    expect(w.pending()).toBe(0);
    // a bisected flush costs at most two writes per row, not one per subset
    expect(b.writes).toBeLessThanOrEqual(1 + 2 * 7);
  });

  it('sets aside a batch of one bad row instead of retrying it for ever', async () => {
    const b = backend();
    const w = buffer(b);
    w.append([{ id: 1, poison: true }]);
    await w.flush();
    expect([w.pending(), b.quarantined.length]).toEqual([0, 1]);
  });

  it('keeps the batch queued, in order, when the backend fails (not even the quarantine takes it), and retries', async () => {
    vi.useFakeTimers();
    const b = backend();
    const w = buffer(b, { retryMs: 1000 });
    b.down = true;
    w.append(rows(1, 2));
    const failed = w.flush();
    const settled = expect(failed).rejects.toThrow('disk full');
    await vi.advanceTimersByTimeAsync(10);
    await settled;
    w.append(rows(3));
    expect(w.pending()).toBe(3);
    expect(w.queuedRows().map((r) => r.id)).toEqual([1, 2, 3]);
    b.down = false;
    await vi.advanceTimersByTimeAsync(1500);
    expect([b.written, w.pending(), b.quarantined]).toEqual([[1, 2, 3], 0, []]);
  });

  it('saves what the last flush cannot write to the spill file and reads it back on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nudge-buffer-'));
    const spill = join(dir, 'events');
    const b = backend();
    b.down = true;
    const a = buffer(b, { spill });
    a.append(rows(1, 2));
    await a.close();
    expect(readdirSync(dir)).toHaveLength(1);
    writeFileSync(join(dir, 'events.unflushed-2.ndjson'), '{"id":3}\n{broken');
    b.down = false;
    const next = buffer(b, { spill });
    await next.recover();
    expect(b.written.sort()).toEqual([1, 2, 3]);
    expect(b.quarantined.map((q) => q.reason)).toEqual([expect.stringMatching(/line 2: not JSON/)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says it is full while the backlog is at its limit, and no longer once written', async () => {
    const b = backend();
    b.down = true;
    const w = buffer(b, { maxPending: 3 });
    w.append(rows(1, 2));
    expect(w.full()).toBe(false);
    w.append(rows(3));
    expect(w.full()).toBe(true);
    await expect(w.flush()).rejects.toThrow('disk full');
    expect(w.full()).toBe(true);
    b.down = false;
    await w.flush();
    expect(w.full()).toBe(false);
  });

  it('resolves an append once the flush holding its rows is stored; appends during a flush share the next one', async () => {
    const b = backend();
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const write = b.write;
    const w = buffer(b, {
      write: async (r) => {
        await gate;
        await write(r);
      },
    });
    const settled: number[] = [];
    const first = w.append(rows(1)).then(() => settled.push(1));
    await new Promise((ok) => setTimeout(ok, 5)); // the first flush has taken row 1 and waits on the gate
    const later = [2, 3, 4].map((id) => w.append(rows(id)).then(() => settled.push(id)));
    await new Promise((ok) => setTimeout(ok, 5));
    expect([settled, b.written]).toEqual([[], []]);
    release();
    await Promise.all([first, ...later]);
    expect(b.written).toEqual([1, 2, 3, 4]);
    expect(settled).toEqual([1, 2, 3, 4]);
    // one flush for row 1, one shared by the three appends that arrived while it ran
    expect(b.writes).toBe(2);
  });

  it('rejects the appends of a failed flush, keeps their rows queued and writes them on the retry', async () => {
    vi.useFakeTimers();
    const b = backend();
    const w = buffer(b, { retryMs: 1000 });
    b.down = true;
    const refused = w.append(rows(1, 2));
    const rejected = expect(refused).rejects.toThrow('disk full');
    await vi.advanceTimersByTimeAsync(10);
    await rejected;
    expect(w.pending()).toBe(2);
    b.down = false;
    // an append after the failure waits for the retry (not sooner: the backend is given its pause), which writes the
    // kept rows with its own
    let done = false;
    const next = w.append(rows(3)).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    await next;
    expect([b.written, w.pending()]).toEqual([[1, 2, 3], 0]);
  });

  it('tells its listeners the rows each write stored: a retry after a refused append, a recovery, never set-aside rows', async () => {
    vi.useFakeTimers();
    const b = backend();
    const w = buffer(b, { retryMs: 1000 });
    const told: number[][] = [];
    const off = w.onStored((stored) => told.push(stored.map((r) => r.id)));
    w.onStored(() => {
      throw new Error('a broken listener changes nothing');
    });
    b.down = true;
    const refused = w.append(rows(1, 2));
    const rejected = expect(refused).rejects.toThrow('disk full');
    await vi.advanceTimersByTimeAsync(10);
    await rejected;
    expect(told).toEqual([]);
    // nobody appends again: the buffer's own retry stores them, and says so
    b.down = false;
    await vi.advanceTimersByTimeAsync(1100);
    expect(told).toEqual([[1, 2]]);
    // a poison row is set aside, the others of its batch stored and told
    w.append([{ id: 3 }, { id: 4, poison: true }, { id: 5 }]);
    await vi.advanceTimersByTimeAsync(10);
    expect(told.at(-1)!.sort()).toEqual([3, 5]);
    off();
    w.append(rows(6));
    await vi.advanceTimersByTimeAsync(10);
    expect(told.flat()).not.toContain(6);
    // rows a close saved come back at the next start, and are told then
    vi.useRealTimers();
    const dir = mkdtempSync(join(tmpdir(), 'nudge-buffer-'));
    writeFileSync(join(dir, 'events.unflushed-1.ndjson'), '{"id":7}\n{"id":8}');
    const next = buffer(b, { spill: join(dir, 'events') });
    const recovered: number[] = [];
    // a store recovers as it opens, before the app subscribes: the first listener is told what recovery stored
    await next.recover();
    next.onStored((stored) => recovered.push(...stored.map((r) => r.id)));
    expect(recovered).toEqual([7, 8]);
    next.append(rows(9));
    await next.flush();
    expect(recovered).toEqual([7, 8, 9]);
  });

  it('refuses appends once closing, so no row waits for a flush that never comes', async () => {
    const b = backend();
    const w = buffer(b);
    const stored = w.append(rows(1));
    const closing = w.close();
    expect(() => w.append(rows(2))).toThrow('closed');
    await Promise.all([stored, closing, w.close()]);
    expect(b.written).toEqual([1]);
  });

  it('without a spill file, a failed last flush is the caller’s error', async () => {
    const b = backend();
    b.down = true;
    const w = buffer(b);
    w.append(rows(1));
    await expect(w.close()).rejects.toThrow('disk full');
  });
});
