// Which backend holds what: control data on Postgres (--control) or DuckDB, events and reports on --events or DuckDB.
import type { ConfigService } from '../config/service.js';
import type { Sites } from '../sites.js';
import { composeStore, type ControlPart, type EventPart } from './compose.js';
import { dirname, join } from 'node:path';
import { ClickHouseEvents, clickHouseUrlProblem, isClickHouseUrl } from './clickhouse/index.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';
import type { Store } from './ports.js';
import { PostgresBus } from './postgres/bus.js';
import { PostgresControl } from './postgres/control.js';
import { importControlData } from './postgres/import.js';

export interface StoreLocations {
  /** the embedded DuckDB file (or ':memory:'), for whatever no URL moves elsewhere */
  duckdb: string;
  /** `postgres://USER[:PASSWORD]@HOST:PORT/DB`: sites, keys, configs, counters and retry keys there */
  control?: string | undefined;
  /** where events and reports live (default: the DuckDB file) */
  events?: string | undefined;
  log?: (line: string) => void;
}

export interface OpenedStore {
  store: Store;
  /** set when control data is on Postgres: publishes reach every instance through it */
  bus?: PostgresBus;
  /** one line saying where control data and events are, passwords left out */
  where: string;
  /** Starts the bus (if any) for this app: other instances' site changes and publishes reach its caches and streams. */
  connect(app: { sites: Sites; configs: Pick<ConfigService, 'get'> }): Promise<void>;
}

/** `url` with the password left out, for logs and errors. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/** Why `url` cannot be a control store URL, or undefined when it can. */
export function controlUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `expected postgres://USER@HOST:PORT/DB, got ${JSON.stringify(redact(url))}`;
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    return `expected a postgres:// URL, got ${u.protocol}// (only Postgres can hold control data besides the embedded DuckDB)`;
  if (!u.hostname) return 'the URL names no host';
  if (u.pathname.length <= 1) return 'the URL names no database (postgres://USER@HOST:PORT/DB)';
  return undefined;
}

/** Why `url` cannot be an event store URL, or undefined when it can. */
export function eventsUrlProblem(url: string): string | undefined {
  if (isClickHouseUrl(url)) return clickHouseUrlProblem(url);
  return `no event backend for ${JSON.stringify(redact(url))} in this build; leave it out to keep events in DuckDB`;
}

/** The event store for `url`, or the DuckDB file when there is none. */
function openEvents(loc: StoreLocations, duckdb: () => DuckDBStore): EventPart {
  if (!loc.events) return duckdb();
  if (isClickHouseUrl(loc.events) && !clickHouseUrlProblem(loc.events))
    // its own spill file: DuckDB's start-up reads back files with the DuckDB file's prefix
    return new ClickHouseEvents(loc.events, {
      spill: loc.duckdb === ':memory:' ? undefined : join(dirname(loc.duckdb), 'clickhouse-events'),
    });
  throw new Error(`--events: ${eventsUrlProblem(loc.events)}`);
}

export async function openStore(loc: StoreLocations): Promise<OpenedStore> {
  if (loc.control) {
    const problem = controlUrlProblem(loc.control);
    if (problem) throw new Error(`--control: ${problem}`);
  }
  let file: DuckDBStore | undefined;
  const duckdb = () => (file ??= new DuckDBStore(loc.duckdb));
  const control: ControlPart = loc.control ? new PostgresControl(loc.control) : duckdb();
  const events = openEvents(loc, duckdb);
  const bus = loc.control ? new PostgresBus(loc.control, loc.log ? { log: loc.log } : {}) : undefined;
  const parts = control === (events as unknown) ? (control as unknown as Store) : composeStore(control, events);
  const store: Store = bus
    ? {
        ...parts,
        async close() {
          try {
            await bus.close();
          } finally {
            await parts.close();
          }
        },
      }
    : parts;
  try {
    await store.init();
  } catch (err) {
    await store.close().catch(() => undefined);
    const where = loc.control ? `the control store at ${redact(loc.control)}` : 'the store';
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (loc.control && file) {
    const copied = await importControlData(file.sql, control.sql);
    const n = Object.entries(copied).map(([table, rows]) => `${rows} ${table}`);
    if (n.length)
      loc.log?.(`copied the control data of ${loc.duckdb} into the empty Postgres database (${n.join(', ')} rows)`);
  }
  const place = (url: string | undefined) =>
    url ? redact(url) : `DuckDB ${loc.duckdb === ':memory:' ? '(in memory)' : loc.duckdb}`;
  return {
    store,
    ...(bus ? { bus } : {}),
    where: `control data: ${place(loc.control)}; events: ${place(loc.events)}`,
    async connect(app) {
      if (!bus) return;
      await bus.start({
        onSite: (id) => void app.sites.reload(id).catch(() => undefined),
        catchUp: async () => {
          await app.sites.load();
          for (const s of app.sites.list()) {
            const rec = await control.latestConfig(s.id);
            if (rec && rec.version > (app.configs.get(s.id)?.version ?? 0)) bus.publish(s.id, rec.version);
          }
        },
      });
    },
  };
}
