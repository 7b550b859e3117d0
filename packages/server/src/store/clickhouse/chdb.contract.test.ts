// The same ClickHouse SQL on a current engine: chdb embeds ClickHouse 26.x, run here against the sink and report contract.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseSettings } from '@clickhouse/client';
import { describe } from 'vitest';
import { analyticsContract } from '../contract/analytics.js';
import { eventSinkContract } from '../contract/event-sink.js';
import type { StoreFactory } from '../contract/index.js';
import { reportQueriesContract } from '../contract/reports.js';
import { DuckDBStore } from '../duckdb/duckdb-store.js';
import type { Engine, Json } from './connection.js';
import { composeStore } from '../compose.js';
import { openEvents } from './index.js';

type ChdbSession = { query(sql: string, format?: string): string; close(): void };
const chdb = await import('chdb').catch(() => undefined);
if (!chdb) console.warn('[chdb contract] skipped: the chdb package is not installed');

/** One chdb session (a folder) as the backend's engine: one host, no cluster, the same SQL text. */
class ChdbEngine implements Engine {
  // the session's current database, so the backend's unqualified table names resolve
  readonly database = 'default';
  readonly cluster = undefined;
  readonly hosts = 1;
  private session: ChdbSession | undefined;

  constructor(private readonly path: string) {}

  private get s(): ChdbSession {
    this.session ??= new chdb!.Session(this.path) as ChdbSession;
    return this.session;
  }
  createDatabase(): Promise<void> {
    this.s.query('SELECT 1');
    return Promise.resolve();
  }
  rows(sql: string, settings: ClickHouseSettings = {}): Promise<Json[]> {
    const set = Object.entries(settings).map(([k, v]) => `SET ${k} = ${String(v)}`);
    for (const s of set) this.s.query(s);
    const text = this.s.query(sql, 'JSONEachRow');
    return Promise.resolve(
      text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Json),
    );
  }
  command(sql: string): Promise<void> {
    this.s.query(sql);
    return Promise.resolve();
  }
  insert(table: string, values: Json[]): Promise<void> {
    this.s.query(`INSERT INTO default.${table} FORMAT JSONEachRow\n${values.map((v) => JSON.stringify(v)).join('\n')}`);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.session?.close();
    this.session = undefined;
    return Promise.resolve();
  }
}

describe.skipIf(!chdb)('ClickHouse events on chdb (current ClickHouse)', () => {
  const factory: StoreFactory = async () => {
    const path = mkdtempSync(join(tmpdir(), 'nudge-chdb-'));
    const started = async () => {
      const control = new DuckDBStore(':memory:');
      await control.init();
      return composeStore(control, await openEvents(new ChdbEngine(path)));
    };
    return { store: await started(), reopen: started };
  };
  eventSinkContract(factory);
  reportQueriesContract(factory);
  analyticsContract(factory);
});
