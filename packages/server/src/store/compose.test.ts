// A composed store (control data in one DuckDB file, events in another) passes the whole contract, each part refusing
// the methods of the other's ports: every port method reaches the part that holds its data; restarts reopen both.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { composeStore, type ControlPart, type EventPart } from './compose.js';
import { runStoreContract } from './contract/index.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';
import { dashboardQueriesOf } from './dashboard-queries.js';
import { metricQueriesOf } from './metric-queries.js';

const CONTROL = new Set(
  'getMeta setMeta countOnce counter firstSeen createSite getSite listSites updateSite addWriteKey listWriteKeys findWriteKey deleteWriteKey insertConfig getConfig latestConfig configHistory sql'.split(
    ' ',
  ),
);
const EVENTS = new Set(
  'append flush pending full countQuarantined ping countEvents countInvalidProps visitorsForUsers tail funnel conversionOverTime exposurePeriods vitals widgets referrals errors metricSums dashboardDays dashboardTotals dashboardBreakdown dashboardProducts dashboardWidgets'.split(
    ' ',
  ),
);

/** `store` answering only its own part's methods (and the lifecycle). */
function only(store: DuckDBStore, allowed: Set<string>, forbidden: Set<string>): DuckDBStore {
  return new Proxy(store, {
    get(target, key) {
      if (typeof key === 'string' && forbidden.has(key) && !allowed.has(key))
        throw new Error(`${key} was asked of the wrong part`);
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

async function started(dir: string) {
  const s = composeStore(
    only(new DuckDBStore(join(dir, 'control.duckdb')), CONTROL, EVENTS),
    only(new DuckDBStore(join(dir, 'events.duckdb')), EVENTS, CONTROL),
  );
  await s.init();
  return s;
}

runStoreContract(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-compose-'));
  return { store: await started(dir), reopen: () => started(dir) };
});

// Postgres control data with events in DuckDB is such a composition: the metrics and dashboard reports stay (not 501).
test('the events part answers the metric and dashboard queries through the composition', async () => {
  const s = await started(mkdtempSync(join(tmpdir(), 'nudge-compose-')));
  afterAll(() => s.close());
  const range = { from: 0, to: Date.now() };
  expect(dashboardQueriesOf(s)).toBeDefined();
  expect((await dashboardQueriesOf(s)!.dashboardTotals('nosite', range)).orders).toBe(0);
  const request = { measures: [], pairs: [], margin: null, preExposureMs: 0 };
  await expect(metricQueriesOf(s).metricSums('nosite', 'exp', range, {}, request)).resolves.toEqual([]);
});

// The rewards' watcher (Rewards.watch) may wrap either side of a composition: the batch's origin is not lost on the way.
test("hands a batch's origin (the browser's client address) on to the events part", async () => {
  const seen: unknown[] = [];
  const events = { append: async (_rows: unknown, origin?: unknown) => void seen.push(origin) };
  const s = composeStore({} as ControlPart, events as unknown as EventPart);
  await s.append([], { address: '203.0.113.9' });
  expect(seen).toEqual([{ address: '203.0.113.9' }]);
});
