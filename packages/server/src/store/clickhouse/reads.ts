// What ClickHouse report queries share: the nodes, read-your-writes, and the deduplicated events they read.
import type { ClickHouseSettings } from '@clickhouse/client';
import type { EventRow } from '../records.js';
import type { Engine } from './connection.js';
import { lit } from './sql.js';

export interface Reads {
  nodes: Engine;
  /** Writes acknowledged events before a read, so the answer includes them. */
  settle(): Promise<void>;
  /** Events still queued (merged into reads that must work while writes fail). */
  queued(): readonly EventRow[];
}

/**
 * Every read says `FROM events FINAL WHERE site = ...` on the Distributed table itself (never a subquery around it,
 * which would ship the rows to the initiator): the table is a ReplacingMergeTree on (site, id_ms, id), and FINAL folds
 * the copies a retried batch left that background merges have not reached yet. A copy lands on the shard its first
 * did (same visitor, same hash), so each shard dedupes its own rows.
 */
export const events = (site: string) => `events FINAL WHERE site = ${lit(site)}`;

/**
 * Per-visitor queries group by anonymous id over the Distributed table; a visitor's events all sit on one shard, so
 * each shard's groups are final and the initiator only adds them up (no per-visitor state crosses the network).
 */
export const PER_SHARD_VISITORS: ClickHouseSettings = { distributed_group_by_no_merge: '1' };

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
