// chdb (ClickHouse 26.x embedded, a dev dependency of @nudge/server) as the ClickHouse backend's Engine, for the tests
// that run its SQL on a current engine.
import { createRequire } from 'node:module';
import type { Engine, Json } from '../../../packages/server/src/store/clickhouse/connection.js';

type ChdbSession = { query(sql: string, format?: string): string; close(): void };
/** The chdb module (resolved from @nudge/server, which depends on it), or undefined when it is not installed. */
export const chdb = (() => {
  try {
    const server = createRequire(new URL('../../../packages/server/package.json', import.meta.url));
    return server('chdb') as { Session: new (path: string) => ChdbSession };
  } catch {
    return undefined;
  }
})();

/** One chdb session (a folder) as the backend's engine: one host, no cluster, the same SQL text. */
export class ChdbEngine implements Engine {
  // the session's current database, so the backend's unqualified table names resolve
  readonly database = 'default';
  readonly cluster = undefined;
  readonly hosts = 1;
  private session: ChdbSession | undefined;

  constructor(private readonly path: string) {}

  private get s(): ChdbSession {
    this.session ??= new chdb!.Session(this.path);
    return this.session;
  }
  createDatabase(): Promise<void> {
    this.s.query('SELECT 1');
    return Promise.resolve();
  }
  rows(sql: string, settings: Parameters<Engine['rows']>[1] = {}): Promise<Json[]> {
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
