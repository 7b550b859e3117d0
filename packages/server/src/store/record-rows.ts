// Rows of the control tables mapped to records: one set for every SQL backend (the column names are the same).
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigRecord, SiteRecord, WriteKeyRecord } from './records.js';

type Row = Readonly<Record<string, unknown>>;

/** A number from a column that may come back as a bigint, a numeric string (Postgres int8) or null. */
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export const siteFromRow = (r: Row): SiteRecord => ({
  id: String(r.id),
  name: String(r.name),
  allowedOrigins: JSON.parse(String(r.allowed_origins)) as string[],
  createdAt: num(r.created_at),
});

export const writeKeyFromRow = (r: Row): WriteKeyRecord => ({
  hash: String(r.hash),
  site: String(r.site),
  prefix: String(r.prefix),
  createdAt: num(r.created_at),
});

export const configFromRow = (r: Row): ConfigRecord => ({
  site: String(r.site),
  version: num(r.version),
  doc: JSON.parse(String(r.doc)) as NudgeConfig,
  author: String(r.author),
  action: JSON.parse(String(r.action)) as ConfigRecord['action'],
  changes: JSON.parse(String(r.changes)) as ConfigRecord['changes'],
  createdAt: num(r.created_at),
});
