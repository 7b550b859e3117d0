// Where the DuckDB backend used to live: kept so existing imports keep working.
export { DuckDBStore } from './duckdb/duckdb-store.js';
export { rowProblem } from './duckdb/events.js';
export { SEEN_KEEP_MS } from './duckdb/control.js';
