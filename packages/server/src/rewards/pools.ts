// Coupon pools per site: created generated or for import, filled with unique codes, listed with what they have left.
import type { Sql, SqlValue } from '../store/sql/sql.js';
import { generateCode } from './codes.js';
import type { ImportedCode, PoolInput, PoolSummary } from './types.js';

interface PoolRow {
  id: string;
  name: string;
  widget: string | null;
  experiment: string | null;
  variant: string | null;
  kind: 'generated' | 'imported';
  prefix: string;
  code_length: number;
  amount_cents: number | null;
  currency: string | null;
  valid_days: number | null;
  expires_at: number | null;
  low_at: number;
  created_at: number;
}

/** Rows per INSERT: well under both engines' parameter limits. */
const CHUNK = 500;
/** A generated pool this large is refused: a merchant wanting more adds codes in steps. */
export const MAX_GENERATE = 100_000;

const toCents = (n: number | null | undefined) => (n == null ? null : Math.round(n * 100));

export async function createPool(sql: Sql, site: string, input: PoolInput, now: number): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO reward_pools (site, id, name, widget, kind, prefix, code_length, amount_cents, currency, valid_days,
       expires_at, low_at, created_at, experiment, variant)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (site, id) DO NOTHING RETURNING id`,
    [
      site,
      input.id,
      input.name ?? input.id,
      input.widget ?? null,
      input.kind,
      input.prefix ?? '',
      input.length ?? 8,
      toCents(input.amount),
      input.currency ?? null,
      input.validDays ?? null,
      input.expiresAt ?? null,
      input.lowAt ?? Math.max(1, Math.ceil((input.count ?? 0) / 10)),
      now,
      input.experiment ?? null,
      input.variant ?? null,
    ],
  );
  return rows.length === 1;
}

export async function getPool(sql: Sql, site: string, id: string): Promise<PoolRow | undefined> {
  const [row] = await sql.query<PoolRow & Record<string, unknown>>(
    'SELECT * FROM reward_pools WHERE site = $1 AND id = $2',
    [site, id],
  );
  return row;
}

/** Inserts codes new to the site; returns how many were new (a code the site already has is skipped). */
async function insertCodes(sql: Sql, site: string, pool: string, codes: ImportedCode[], now: number) {
  let added = 0;
  for (let i = 0; i < codes.length; i += CHUNK) {
    const part = codes.slice(i, i + CHUNK);
    const params: SqlValue[] = [];
    const values = part.map((c) => {
      params.push(site, c.code, pool, c.expiresAt, now);
      const n = params.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, NULL, NULL)`;
    });
    const rows = await sql.query(
      `INSERT INTO reward_codes VALUES ${values.join(', ')} ON CONFLICT (site, code) DO NOTHING RETURNING code`,
      params,
    );
    added += rows.length;
  }
  return added;
}

/** Adds `count` new random codes to a generated pool (a collision is drawn again, a bounded number of times). */
export async function generateCodes(sql: Sql, site: string, pool: PoolRow, count: number, now: number) {
  let added = 0;
  for (let round = 0; round < 10 && added < count; round++) {
    const want = count - added;
    const codes = new Set<string>();
    while (codes.size < want) codes.add(generateCode(pool.prefix, pool.code_length));
    added += await insertCodes(
      sql,
      site,
      pool.id,
      [...codes].map((code) => ({ code, expiresAt: null })),
      now,
    );
  }
  return added;
}

/** Imports codes into a pool: `added` new ones, `skipped` the ones the site already had (in this pool or another). */
export async function importCodes(sql: Sql, site: string, pool: string, codes: ImportedCode[], now: number) {
  const unique = [...new Map(codes.map((c) => [c.code, c])).values()];
  const added = await insertCodes(sql, site, pool, unique, now);
  return { added, skipped: codes.length - added };
}

export async function listPools(sql: Sql, site: string, now: number): Promise<PoolSummary[]> {
  const pools = await sql.query<PoolRow & Record<string, unknown>>(
    'SELECT * FROM reward_pools WHERE site = $1 ORDER BY created_at, id',
    [site],
  );
  const counts = await sql.query<{ pool: string; total: number; issued: number; expired: number }>(
    `SELECT pool, count(*) AS total, count(visitor) AS issued,
       sum(CASE WHEN visitor IS NULL AND expires_at IS NOT NULL AND expires_at <= $2 THEN 1 ELSE 0 END) AS expired
     FROM reward_codes WHERE site = $1 GROUP BY pool`,
    [site, now],
  );
  const redeemed = await sql.query<{ pool: string; n: number }>(
    `SELECT pool, count(*) AS n FROM reward_claims WHERE site = $1 AND pool IS NOT NULL AND redeemed_at IS NOT NULL
     GROUP BY pool`,
    [site],
  );
  const byPool = new Map(counts.map((c) => [c.pool, c]));
  const redeemedBy = new Map(redeemed.map((r) => [r.pool, Number(r.n)]));
  return pools.map((p) => {
    const c = byPool.get(p.id);
    const total = Number(c?.total ?? 0);
    const issued = Number(c?.issued ?? 0);
    const expired = Number(c?.expired ?? 0);
    const poolOver = p.expires_at !== null && p.expires_at <= now;
    const remaining = poolOver ? 0 : total - issued - expired;
    return {
      id: p.id,
      name: p.name,
      widget: p.widget,
      experiment: p.experiment ?? null,
      variant: p.variant ?? null,
      kind: p.kind,
      prefix: p.prefix,
      length: p.code_length,
      amount: p.amount_cents === null ? null : p.amount_cents / 100,
      currency: p.currency,
      validDays: p.valid_days,
      expiresAt: p.expires_at,
      createdAt: p.created_at,
      total,
      remaining,
      issued,
      redeemed: redeemedBy.get(p.id) ?? 0,
      expired,
      lowAt: p.low_at,
      low: remaining < p.low_at,
    };
  });
}
