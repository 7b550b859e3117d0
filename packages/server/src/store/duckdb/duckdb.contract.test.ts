// The DuckDB backend against the store contract, each case on a new file in a temp folder (restarts reopen it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../contract/index.js';
import { DuckDBStore } from './duckdb-store.js';

async function started(path: string): Promise<DuckDBStore> {
  const s = new DuckDBStore(path);
  await s.init();
  return s;
}

runStoreContract(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'nudge-contract-')), 'nudge.duckdb');
  return { store: await started(path), reopen: () => started(path) };
});
