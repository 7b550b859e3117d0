// The write path under rows the columns cannot hold: they are set aside, never block the queue or startup.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBStore } from './duckdb-store.js';
import { rowProblem } from './events.js';
import { row } from '../contract/fixtures.js';
import type { EventRow } from '../store.js';

let t = Date.UTC(2025, 0, 1);
/** A page view a millisecond after the last (the contract kit's row). */
const ev = (site: string, extra: Partial<EventRow> = {}) => row(site, 'page_view', ++t, 'a', extra);

/** The event writer's two calls the write buffer makes, replaced below to play a failing disk. */
interface Backend {
  write: (rows: EventRow[]) => Promise<void>;
  quarantine: (rows: unknown[]) => Promise<void>;
}

async function opened(path = ':memory:'): Promise<DuckDBStore> {
  const s = new DuckDBStore(path);
  await s.init();
  return s;
}

describe('rows the events table cannot hold', () => {
  it.each<[string, Partial<EventRow>]>([
    ['ts 1e19', { ts: 1e19 }],
    ['ts -1e300', { ts: -1e300 }],
    ['idMs NaN', { idMs: NaN }],
    ['seq 3e9', { seq: 3_000_000_000 }],
    ['a function for a name', { name: (() => 'x') as unknown as string }],
    ['value Infinity', { value: Infinity }],
  ])('sets aside a row with %s and writes the rest, now and later', async (_, bad) => {
    const s = await opened();
    s.append([ev('q'), ev('q', bad), ev('q')]);
    await s.flush();
    expect(s.pending()).toBe(0);
    expect(await s.countEvents('q')).toBe(2);
    expect(await s.countQuarantined('q')).toBe(1);
    s.append([ev('q')]);
    await s.flush();
    expect(await s.countEvents('q')).toBe(3);
    await s.close();
  });

  it('names what is wrong with a row', () => {
    expect(rowProblem(ev('q', { ts: 1e19 }))).toMatch(/^ts: .*BIGINT/);
    expect(rowProblem(ev('q', { seq: 3e9 }))).toMatch(/^seq: .*INTEGER/);
    expect(rowProblem(ev('q'))).toBeUndefined();
  });

  /**
   * A store whose appender refuses the value 'poison' (a value the row check does not know about), for `use`; the
   * appender is restored and the store closed afterwards.
   */
  async function withPoison(use: (s: DuckDBStore) => Promise<void>): Promise<void> {
    const s = await opened();
    const appender = (s as unknown as { events: { appender: { appendVarchar(v: string): void } } }).events.appender;
    const original = Object.getPrototypeOf(appender).appendVarchar as (v: string) => void;
    Object.getPrototypeOf(appender).appendVarchar = function (this: unknown, v: string) {
      if (v === 'poison') throw new TypeError('A string was expected');
      return original.call(this, v);
    };
    try {
      await use(s);
    } finally {
      Object.getPrototypeOf(appender).appendVarchar = original;
      await s.close();
    }
  }

  it('isolates a row the appender refuses even when the check above lets it through', () =>
    withPoison(async (s) => {
      s.append([ev('p'), ev('p'), ev('p', { name: 'poison' }), ev('p'), ev('p')]);
      await s.flush();
      expect(s.pending()).toBe(0);
      expect(await s.countEvents('p')).toBe(4);
      expect(await s.countQuarantined('p')).toBe(1);
    }));

  it('sets aside a flush that holds only a row the appender refuses, instead of retrying it for ever', () =>
    withPoison(async (s) => {
      s.append([ev('q', { name: 'poison' })]);
      await s.flush();
      expect(s.pending()).toBe(0);
      expect(await s.countQuarantined('q')).toBe(1);
      // The reports do not wait on it either.
      expect(await s.countEvents('q')).toBe(0);
    }));

  it('keeps the batch queued when the store itself fails (nothing can be written, not even the quarantine)', async () => {
    const s = await opened();
    const self = (s as unknown as { events: Backend }).events;
    const write = self.write;
    const quarantine = self.quarantine;
    self.write = async () => {
      throw new Error('disk full');
    };
    self.quarantine = async () => {
      throw new Error('disk full');
    };
    s.append([ev('d'), ev('d')]);
    await expect(s.flush()).rejects.toThrow('disk full');
    expect(s.pending()).toBe(2);
    expect(await s.countQuarantined('d')).toBe(0);
    self.write = write;
    self.quarantine = quarantine;
    await s.flush();
    expect(await s.countEvents('d')).toBe(2);
    await s.close();
  });
});

describe('group commit', () => {
  it('a refused append is stored once: the buffer retries its rows and the client sends the same rows again', async () => {
    const s = await opened();
    const self = (s as unknown as { events: Backend }).events;
    const write = self.write;
    const quarantine = self.quarantine;
    self.write = self.quarantine = async () => {
      throw new Error('disk full');
    };
    const batch = [ev('g'), ev('g')];
    await expect(s.append(batch)).rejects.toThrow('disk full'); // the collector answers 503
    self.write = write;
    self.quarantine = quarantine;
    await s.append(batch.map((r) => ({ ...r }))); // the client's retry, sharing a flush with the kept rows
    expect(s.pending()).toBe(0);
    expect(await s.countEvents('g')).toBe(2);
    await s.close();
  });
});

describe('spill recovery', () => {
  it('starts with a spill file holding unreadable lines and unwritable rows, keeps the good rows, sets the rest aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nudge-spill-bad-'));
    const path = join(dir, 'nudge.duckdb');
    await (await opened(path)).close();
    const good = ev('r');
    writeFileSync(
      join(dir, 'nudge.duckdb.unflushed-1.ndjson'),
      [
        JSON.stringify(good),
        '{not json',
        JSON.stringify(ev('r', { ts: 1e300 })),
        JSON.stringify(ev('r', { seq: 3e9 })),
      ].join('\n'),
    );
    const s = await opened(path);
    expect(await s.countEvents('r')).toBe(1);
    expect(await s.countQuarantined('r')).toBe(2);
    expect(await s.countQuarantined('')).toBe(1); // the line that is not JSON has no site
    expect(readdirSync(dir).filter((f) => f.includes('unflushed'))).toEqual([]);
    await s.close();
  });

  it('reads back a spill file an older server wrote (JSON text columns, no widget type)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nudge-spill-old-'));
    const path = join(dir, 'nudge.duckdb');
    await (await opened(path)).close();
    const { widgetType: _, ...old } = ev('o', { widget: 'pop' });
    const line = {
      ...old,
      experiments: '{"bar":"red"}',
      forced: '["bar"]',
      props: '{"promotion_id":"pop"}',
      context: '{"locale":"en"}',
    };
    writeFileSync(join(dir, 'nudge.duckdb.unflushed-1.ndjson'), JSON.stringify(line));
    const s = await opened(path);
    expect(await s.countQuarantined('o')).toBe(0);
    expect(await s.tail('o', 1)).toEqual([
      {
        ...old,
        experiments: { bar: 'red' },
        forced: ['bar'],
        props: { promotion_id: 'pop' },
        context: { locale: 'en' },
        widgetType: null,
      },
    ]);
    await s.close();
  });

  it('starts even when the spilled events cannot be written yet: the file is kept and its events stay queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nudge-spill-stuck-'));
    const path = join(dir, 'nudge.duckdb');
    await (await opened(path)).close();
    writeFileSync(join(dir, 'nudge.duckdb.unflushed-1.ndjson'), JSON.stringify(ev('k')));
    const s = new DuckDBStore(path);
    const self = (s as unknown as { events: Backend }).events;
    const write = self.write;
    const quarantine = self.quarantine;
    self.write = self.quarantine = async () => {
      throw new Error('disk full');
    };
    await s.init();
    expect(s.pending()).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes('unflushed'))).toHaveLength(1);
    self.write = write;
    self.quarantine = quarantine;
    expect(await s.countEvents('k')).toBe(1);
    await s.close();
  });
});
