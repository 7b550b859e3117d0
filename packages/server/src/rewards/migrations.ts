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
  {
    version: 3,
    why: 'the referral ledger: one code per customer, the friends each brought, every reward with its status',
    sql: `
      CREATE TABLE referral_codes (
        site TEXT NOT NULL, customer TEXT NOT NULL, code TEXT NOT NULL, anonymous_id TEXT NOT NULL, user_id TEXT,
        email_hash TEXT, created_at BIGINT NOT NULL,
        PRIMARY KEY (site, customer), UNIQUE (site, code));
      CREATE TABLE referral_friends (
        site TEXT NOT NULL, friend TEXT NOT NULL, anonymous_id TEXT NOT NULL, user_id TEXT, email_hash TEXT,
        inviter TEXT NOT NULL, code TEXT NOT NULL, joined_at BIGINT NOT NULL,
        PRIMARY KEY (site, friend));
      CREATE TABLE reward_buyers (
        site TEXT NOT NULL, buyer TEXT NOT NULL, first_order_at BIGINT NOT NULL, first_order TEXT,
        PRIMARY KEY (site, buyer));
      CREATE TABLE reward_ledger (
        site TEXT NOT NULL, id TEXT NOT NULL, stage TEXT NOT NULL, friend TEXT NOT NULL, inviter TEXT NOT NULL,
        recipient TEXT NOT NULL, role TEXT NOT NULL, amount_cents BIGINT NOT NULL, currency TEXT,
        status TEXT NOT NULL, reason TEXT, code TEXT, order_id TEXT, created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL, decided_by TEXT,
        PRIMARY KEY (site, id))`,
  },
  {
    version: 4,
    why: 'captured leads and their deliveries (signed webhook, email), with retries and dead letters',
    sql: `
      CREATE TABLE leads (
        site TEXT NOT NULL, id TEXT NOT NULL, anonymous_id TEXT, user_id TEXT, email TEXT NOT NULL, widget TEXT,
        code TEXT, created_at BIGINT NOT NULL,
        PRIMARY KEY (site, id));
      CREATE TABLE lead_deliveries (
        site TEXT NOT NULL, lead TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_at BIGINT NOT NULL, last_error TEXT, delivered_at BIGINT,
        PRIMARY KEY (site, lead, channel))`,
  },
  {
    version: 5,
    why: 'double opt-in: a lead waits for its confirmation link (token) before it is delivered',
    sql: 'ALTER TABLE leads ADD COLUMN confirm_token TEXT; ALTER TABLE leads ADD COLUMN confirmed_at BIGINT',
  },
  {
    version: 6,
    why: "a pool bound to an experiment's variant, so its codes are worth what that variant's popup says",
    sql: 'ALTER TABLE reward_pools ADD COLUMN experiment TEXT; ALTER TABLE reward_pools ADD COLUMN variant TEXT',
  },
  {
    version: 7,
    why: 'next-order codes told apart from the popup claims of their widget (when shown, the hashed address each was bound for), and the bindings their caps refused',
    sql: `
      ALTER TABLE reward_claims ADD COLUMN offer TEXT; ALTER TABLE reward_claims ADD COLUMN shown_at BIGINT;
      ALTER TABLE reward_claims ADD COLUMN address TEXT;
      CREATE TABLE next_order_refusals (
        site TEXT NOT NULL, widget TEXT NOT NULL, reason TEXT NOT NULL, address TEXT, refused_at BIGINT NOT NULL)`,
  },
  {
    version: 8,
    why: "the language of a lead's emails (its widget's, else the site's, else the browser's), taken when it is captured",
    sql: 'ALTER TABLE leads ADD COLUMN locale TEXT',
  },
];
