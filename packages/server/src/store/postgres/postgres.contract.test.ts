// The Postgres control store against the contract's control cases, each on a new database (restarts reopen it);
// events and reports, which the kit's Store also needs, come from an in-memory DuckDB store the cases do not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDatabaseName,
  postgresMissing,
  startPostgres,
  type PostgresEngine,
} from '../../../../../test/support/engines/postgres.js';
import { composeStore } from '../compose.js';
import { controlStoreContract } from '../contract/control.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import { PostgresControl, SEEN_KEEP_MS } from './control.js';

const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

// generous: these share two cores with whatever else runs
describe.skipIf(!!missing)('postgres control store', { timeout: 30_000 }, () => {
  let pg: PostgresEngine;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
  }, 60_000);
  afterAll(() => pg?.stop());

  const started = async (url: string) => {
    const s = composeStore(new PostgresControl(url), new DuckDBStore(':memory:'));
    await s.init();
    return s;
  };

  controlStoreContract(async () => {
    const url = await pg.createDatabase(freshDatabaseName());
    return { store: await started(url), reopen: () => started(url) };
  });

  it('keeps a large document whole, key order included, and announces only its id', async () => {
    const url = await pg.createDatabase(freshDatabaseName());
    const control = new PostgresControl(url);
    await control.init();
    try {
      const heard: string[] = [];
      await control.client.listen('nudge_config', (p) => heard.push(p));
      const widgets = Array.from({ length: 200 }, (_, i) => ({
        type: 'coupon-popup',
        id: `w${i}`,
        props: { zeta: 1, code: `CODE${i}`, amount: i, currency: 'USD' },
      }));
      const doc = { schema: 1, site: 's', version: 1, publishedAt: 5, widgets, experiments: [] };
      expect(JSON.stringify(doc).length).toBeGreaterThan(8000);
      const rec = { site: 's', version: 1, doc, author: 'ann', action: { type: 'publish' }, changes: [], createdAt: 5 };
      expect(await control.insertConfig(rec as never)).toBe(true);
      expect(JSON.stringify((await control.latestConfig('s'))!.doc)).toBe(JSON.stringify(doc));
      await expect.poll(() => heard).toEqual(['s:1']);
      // a refused version announces nothing
      expect(await control.insertConfig(rec as never)).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual(['s:1']);
    } finally {
      await control.close();
    }
  });

  it('counts a report once when two servers receive it at once, many times over', async () => {
    const url = await pg.createDatabase(freshDatabaseName());
    const [a, b] = [new PostgresControl(url), new PostgresControl(url)];
    await Promise.all([a.init(), b.init()]);
    try {
      const added = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).countOnce('x', 'dropped', [{ keys: ['e1', 'e2'], n: 4 }])),
      );
      expect(added.reduce((x, y) => x + y, 0)).toBe(4);
      expect(await b.counter('x', 'dropped')).toBe(4);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('forgets retry keys older than 30 days, at start and when pruned', async () => {
    const url = await pg.createDatabase(freshDatabaseName());
    const control = new PostgresControl(url);
    await control.init();
    const now = Date.now();
    await control.firstSeen('x', 'm', ['old'], now - SEEN_KEEP_MS - 1000);
    await control.firstSeen('x', 'm', ['new'], now - 1000);
    await control.pruneSeen(now);
    expect(Object.fromEntries(await control.firstSeen('x', 'm', ['old', 'new'], now))).toEqual({
      old: now,
      new: now - 1000,
    });
    await control.firstSeen('x', 'm', ['old2'], now - SEEN_KEEP_MS - 1000);
    await control.close();
    const again = new PostgresControl(url);
    await again.init();
    expect(Object.fromEntries(await again.firstSeen('x', 'm', ['old2'], now))).toEqual({ old2: now });
    await again.close();
  });
});
