// One DuckDB file, two connections: writes run one at a time on the writer, reads one at a time on the reader.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

/** Runs tasks one at a time: a DuckDB connection is not meant for overlapping statements. */
export class Serial {
  private last: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.last.then(task, task);
    this.last = next.catch(() => undefined);
    return next;
  }
}

export type Row = Record<string, DuckDBValue>;
export type Values = Record<string, DuckDBValue>;

export const str = (v: DuckDBValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: DuckDBValue | undefined): number =>
  v === null || v === undefined ? 0 : Number(v as number | bigint);
export const numOrNull = (v: DuckDBValue | undefined): number | null =>
  v === null || v === undefined ? null : Number(v as number | bigint);

export class Connection {
  private instance!: DuckDBInstance;
  /** Only inside `writes.run` (or `transaction`): statements on it must not overlap. */
  writer!: DuckDBConnection;
  private reader!: DuckDBConnection;
  readonly writes = new Serial();
  private readonly reads = new Serial();

  /** @param path database file, or ':memory:' */
  constructor(readonly path: string) {}

  async open(): Promise<void> {
    this.instance = await DuckDBInstance.create(this.path);
    this.writer = await this.instance.connect();
    this.reader = await this.instance.connect();
  }

  close(): void {
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }

  /** Runs one statement on the write connection, after any queued write. */
  write(sql: string, values?: Values): Promise<void> {
    return this.writes.run(async () => {
      await this.writer.run(sql, values);
    });
  }

  rows(sql: string, values?: Values | DuckDBValue[]): Promise<Row[]> {
    return this.reads.run(async () => (await this.reader.runAndReadAll(sql, values)).getRowObjects());
  }

  /** Runs `task` in one transaction on the write connection, after any queued write. */
  transaction<T>(task: (db: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writes.run(async () => {
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const out = await task(this.writer);
        await this.writer.run('COMMIT');
        return out;
      } catch (err) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}
