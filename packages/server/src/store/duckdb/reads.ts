// What DuckDB report queries share: the connection, read-your-writes, and SQL fragments for JSON props.
import type { EventRow } from '../records.js';
import type { Connection } from './connection.js';

export interface Reads {
  db: Connection;
  /** Writes acknowledged events before a read, so the answer includes them. */
  settle(): Promise<void>;
  /** Events still queued (merged into reads that must work while writes fail). */
  queued(): readonly EventRow[];
}

/** JSON path for one key of an object column, quoted so any experiment key is safe. */
export const keyPath = (key: string) => `$.${JSON.stringify(key)}`;

/** Events sent by `pnpm demo:traffic` and other simulators say `props.simulated: true` (parsed only when the text says so: cheap). */
export const simulated = (props = 'props') =>
  `CASE WHEN contains(${props}, '"simulated"') THEN coalesce(TRY_CAST(json_extract_string(${props}, '$.simulated') AS BOOLEAN), false) ELSE false END`;
