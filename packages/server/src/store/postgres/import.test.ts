// Moving to Postgres: the first start with --control copies the DuckDB file's control data, once, even when two
// instances start together; later starts leave Postgres as it is.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseName,
  postgresMissing,
  sharedPostgres,
  stopSharedPostgres,
} from '../../../../../test/support/engines/postgres.js';
import { config } from '../contract/fixtures.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { openStore } from '../open.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('control data from DuckDB into an empty Postgres', { timeout: 30_000 }, () => {
  beforeAll(() => sharedPostgres(), 60_000);
  afterAll(stopSharedPostgres);

  it('copies sites, keys, versions, meta, counters and retry keys once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nudge-import-')), 'nudge.duckdb');
    const old = new DuckDBStore(file);
    await old.init();
    await old.createSite({ id: 's', name: 'S', allowedOrigins: ['https://s.example'], createdAt: 1 });
    await old.addWriteKey({ site: 's', prefix: 'wk_1', hash: 'h1', createdAt: 2 });
    const versions = [config('s', 1), config('s', 2, { author: 'bob' })];
    for (const v of versions) await old.insertConfig(v);
    await old.setMeta('admin_token_sha256', 'abc');
    await old.countOnce('s', 'dropped', [{ keys: ['e1'], n: 3 }]);
    const seenAt = Date.now() - 1000;
    await old.firstSeen('s', 'segment', ['m1'], seenAt);
    await old.close();

    const url = await (await sharedPostgres()).createDatabase(freshDatabaseName());
    const lines: string[] = [];
    const open = (duckdb = file) => openStore({ duckdb, control: url, log: (l) => lines.push(l) });
    // two instances, each with a copy of the file, starting together
    const copy = join(mkdtempSync(join(tmpdir(), 'nudge-import-')), 'nudge.duckdb');
    copyFileSync(file, copy);
    const [a, b] = await Promise.all([open(), open(copy)]);
    expect(lines.filter((l) => l.startsWith('copied the control data'))).toHaveLength(1);
    expect(lines[0]).toContain('2 configs');
    for (const { store } of [a, b]) {
      expect(await store.listSites()).toEqual([
        { id: 's', name: 'S', allowedOrigins: ['https://s.example'], createdAt: 1 },
      ]);
      expect(await store.configHistory('s')).toEqual([...versions].reverse());
      expect(await store.findWriteKey('h1')).toMatchObject({ site: 's', prefix: 'wk_1' });
      expect(await store.getMeta('admin_token_sha256')).toBe('abc');
      expect(await store.counter('s', 'dropped')).toBe(3);
    }
    expect(await a.store.countOnce('s', 'dropped', [{ keys: ['e1'], n: 3 }])).toBe(0);
    expect(Object.fromEntries(await a.store.firstSeen('s', 'segment', ['m1'], 9999))).toEqual({ m1: seenAt });
    await a.store.createSite({ id: 't', name: 'T', allowedOrigins: [], createdAt: 3 });
    await Promise.all([a.store.close(), b.store.close()]);

    const again = await open();
    expect(lines.filter((l) => l.startsWith('copied the control data'))).toHaveLength(1);
    expect((await again.store.listSites()).map((s) => s.id)).toEqual(['s', 't']);
    await again.store.close();
  }, 30_000);
});
