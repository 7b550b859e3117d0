// @nudge/server: start the reference server from code (tests, embedding) or use the `nudge-server` CLI.
export { startServer, DEFAULT_CONSOLE_DIR } from './server.js';
export type { ServerOptions, RunningServer } from './server.js';
export { createApp, MAX_BODY_BYTES } from './app.js';
export type { AppOptions, NudgeApp } from './app.js';
export { DuckDBStore } from './store/duckdb/duckdb-store.js';
export type { Store, EventRow, SiteRecord, ConfigRecord, TimeRange } from './store/store.js';
export { SEGMENT_EVENT_NAMES } from './ingest/segment.js';
export { InProcessBus } from './config/bus.js';
export type { ConfigBus } from './config/bus.js';
export type { ConfigAction, ConfigChange } from './config/history.js';
export { MemoryStreamCaps, RateLimiter } from './http/limits.js';
export type { Limiter, Limits, StreamCaps } from './http/limits.js';
