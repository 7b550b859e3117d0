// chdb (ClickHouse 26.x embedded, a dev dependency) as the backend's Engine, for the tests that run the SQL on a current engine.
import type { ClickHouseSettings } from '@clickhouse/client';
import type { Engine, Json } from './connection.js';

type ChdbSession = { query(sql: string, format?: string): string; close(): void };
/** The chdb module, or undefined when it is not installed. */
export const chdb = await import('chdb').catch(() => undefined);

/** One chdb session (a folder) as the backend's engine: one host, no cluster, the same SQL text. */
export class ChdbEngine implements Engine {
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
