// The control tables on Postgres as numbered migrations (run on start through the seam's `migrate`, component 'control').
import type { Migration } from '../sql/sql.js';

/**
 * Documents are TEXT, not JSONB: JSONB reorders keys, and every instance must serve a version as the same bytes (its
 * ETag hashes them). Times are epoch ms as BIGINT, as on DuckDB.
 */
export const CONTROL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'the control tables',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL, allowed_origins TEXT NOT NULL,
        created_at BIGINT NOT NULL);
      CREATE TABLE write_keys (hash TEXT PRIMARY KEY, site TEXT NOT NULL, prefix TEXT NOT NULL,
        created_at BIGINT NOT NULL);
      CREATE INDEX write_keys_by_site ON write_keys (site, prefix);
      CREATE TABLE configs (site TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, author TEXT NOT NULL,
        action TEXT NOT NULL, changes TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (site, version));
      CREATE TABLE seen (site TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, n BIGINT NOT NULL,
        seen_at BIGINT NOT NULL, PRIMARY KEY (site, kind, key));
      CREATE INDEX seen_by_time ON seen (seen_at)`,
  },
];

/** Channels of the config bus: `site:version` after a publish commits, the site id after a site is created or changed. */
export const CONFIG_CHANNEL = 'nudge_config';
export const SITE_CHANNEL = 'nudge_site';
