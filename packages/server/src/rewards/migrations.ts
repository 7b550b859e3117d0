// The rewards component's tables on the control database's SQL seam (portable: DuckDB and Postgres alike).
import type { Migration } from '../store/sql/sql.js';

// Money is kept in cents (BIGINT) so sums are exact; times are epoch ms. Only primary keys are indexed: DuckDB turns
// an UPDATE of an indexed column into a delete and an insert, which its unique checks refuse inside one transaction.
export const REWARDS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'coupon pools, their codes, and each visitor claim with its redemption',
    sql: `
      CREATE TABLE reward_pools (
        site TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, widget TEXT, kind TEXT NOT NULL,
        prefix TEXT NOT NULL, code_length INTEGER NOT NULL, amount_cents BIGINT, currency TEXT,
        valid_days INTEGER, expires_at BIGINT, low_at INTEGER NOT NULL, created_at BIGINT NOT NULL,
        PRIMARY KEY (site, id));
      CREATE TABLE reward_codes (
        site TEXT NOT NULL, code TEXT NOT NULL, pool TEXT NOT NULL, expires_at BIGINT, created_at BIGINT NOT NULL,
        visitor TEXT, claimed_at BIGINT,
        PRIMARY KEY (site, code));
      CREATE TABLE reward_claims (
        site TEXT NOT NULL, widget TEXT NOT NULL, visitor TEXT NOT NULL, user_id TEXT, code TEXT NOT NULL,
        source TEXT NOT NULL, pool TEXT, expires_at BIGINT, claimed_at BIGINT NOT NULL, amount_cents BIGINT,
        currency TEXT, experiments TEXT NOT NULL, redeemed_at BIGINT, transaction_id TEXT, value_cents BIGINT,
        discount_cents BIGINT, order_currency TEXT,
        PRIMARY KEY (site, widget, visitor))`,
  },
  {
    version: 2,
    why: "each site's reward settings (code webhook, its secret): server-side only, never in the public config",
    sql: 'CREATE TABLE reward_settings (site TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL, updated_at BIGINT NOT NULL)',
  },
];
