// A composed store (control data in one DuckDB file, events in another) passes the whole contract, each part refusing
// the methods of the other's ports: every port method reaches the part that holds its data; restarts reopen both.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeStore } from './compose.js';
import { runStoreContract } from './contract/index.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';

const CONTROL = new Set(
  'getMeta setMeta countOnce counter firstSeen createSite getSite listSites updateSite addWriteKey listWriteKeys findWriteKey deleteWriteKey insertConfig getConfig latestConfig configHistory sql'.split(
    ' ',
  ),
);
const EVENTS = new Set(
  'append flush pending full countQuarantined ping countEvents countInvalidProps visitorsForUsers tail funnel conversionOverTime exposurePeriods vitals widgets referrals errors'.split(
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
