// A visitor's claim of a widget's coupon: their earlier code, else a free pool code bound to them, else the fallbacks.
import type { Sql, SqlValue } from '../store/sql/sql.js';

export type CodeSource = 'pool' | 'webhook' | 'static';

export interface Claimed {
  code: string;
  /** ms, or null when the code does not expire */
  expiresAt: number | null;
  source: CodeSource;
}

/** A code from outside the pools: the merchant's webhook, or the widget's own static code. */
export interface OutsideCode {
  code: string;
  expiresAt: number | null;
  amount?: number | undefined;
  currency?: string | undefined;
}

export interface ClaimRequest {
  site: string;
  widget: string;
  anonymousId: string;
  userId?: string | undefined;
  /** experiment key -> variant the visitor is in for experiments that patch this widget (for the reports) */
  experiments: Record<string, string>;
  /**
   * Whether one of those variants patches the widget (moves the visitor off its control): such a visitor draws only
   * from pools bound to their variant, and a pool bound to no variant serves only the others.
   */
  offControl?: boolean | undefined;
  now: number;
  /** Asked when no pool code is left: the merchant's webhook (undefined when none is set or it failed). */
  webhook?: (() => Promise<OutsideCode | undefined>) | undefined;
  /** Only the visitor's live claim, never a new code (a next-order coupon's widget). */
  onlyExisting?: boolean | undefined;
  /** Draw from this pool only (a referral reward), instead of the pools serving the widget. */
  pool?: string | undefined;
  /** Pools another offer names (the next-order coupon's, the referral program's): never drawn for the widget's own claim. */
  reserved?: readonly string[] | undefined;
  /** The widget's static code, used when neither a pool nor the webhook gives one. */
  staticCode?: OutsideCode | undefined;
  /** 'next-order' for a code bound at a purchase (reported apart from the popup's own claims); else undefined. */
  offer?: string | undefined;
  /** The hashed client address a next-order code was bound for (its per-address cap counts these). */
  address?: string | undefined;
}

interface ClaimRow {
  code: string;
  source: CodeSource;
  expires_at: number | null;
}

interface Candidate {
  code: string;
  pool: string;
  code_expires: number | null;
  pool_expires: number | null;
  valid_days: number | null;
  amount_cents: number | null;
  currency: string | null;
}

/** Free codes looked at per attempt; a claim takes one of them at random so concurrent claims rarely pick the same. */
const CANDIDATES = 128;
/** Attempts before a claim gives up on the pools: each lost one means another claim took a code, so this is ample. */
const ATTEMPTS = 200;
const DAY = 86_400_000;

/** Thrown inside the claim transaction to roll the code back when the visitor's claim row was taken meanwhile. */
class AlreadyClaimed extends Error {}

export const existing = async (sql: Sql, r: ClaimRequest) =>
  (
    await sql.query<ClaimRow & Record<string, unknown>>(
      'SELECT code, source, expires_at FROM reward_claims WHERE site = $1 AND widget = $2 AND visitor = $3',
      [r.site, r.widget, r.anonymousId],
    )
  )[0];

export const live = (row: ClaimRow | undefined, now: number) =>
  row && row.source !== 'static' && (row.expires_at === null || row.expires_at > now) ? row : undefined;

const asClaimed = (row: ClaimRow): Claimed => ({ code: row.code, expiresAt: row.expires_at, source: row.source });

/**
 * Writes the visitor's claim row: a new one, or in place of one that may be replaced (a static code, since a pool may
 * have been filled since; an expired code). Returns false when a live claim of theirs is there (a concurrent claim won).
 */
async function record(
  sql: Sql,
  r: ClaimRequest,
  c: Claimed & { pool: string | null; amountCents: number | null; currency: string | null },
): Promise<boolean> {
  const params: SqlValue[] = [
    r.site,
    r.widget,
    r.anonymousId,
    r.userId ?? null,
    c.code,
    c.source,
    c.pool,
    c.expiresAt,
    r.now,
    c.amountCents,
    c.currency,
    JSON.stringify(r.experiments),
    r.offer ?? null,
    r.address ?? null,
  ];
  const rows = await sql.query(
    `INSERT INTO reward_claims (site, widget, visitor, user_id, code, source, pool, expires_at, claimed_at,
       amount_cents, currency, experiments, offer, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (site, widget, visitor) DO UPDATE SET user_id = excluded.user_id, code = excluded.code,
       source = excluded.source, pool = excluded.pool, expires_at = excluded.expires_at,
       claimed_at = excluded.claimed_at, amount_cents = excluded.amount_cents, currency = excluded.currency,
       experiments = excluded.experiments, offer = excluded.offer, address = excluded.address, shown_at = NULL
     WHERE reward_claims.redeemed_at IS NULL AND (reward_claims.source = 'static'
       OR (reward_claims.expires_at IS NOT NULL AND reward_claims.expires_at <= $9))
     RETURNING code`,
    params,
  );
  return rows.length === 1;
}

/** One attempt at binding a free pool code to the visitor: the code, 'lost' to another claim, or undefined (none). */
async function fromPool(sql: Sql, r: ClaimRequest): Promise<Claimed | 'lost' | 'mine' | undefined> {
  const params: SqlValue[] = [r.site, r.pool ?? r.widget, r.now];
  // a named pool (a referral reward, a next-order coupon) is drawn from whatever the variants
  const mine = Object.entries(r.pool ? {} : r.experiments).map(([e, v]) => {
    params.push(e, v);
    return `(p.experiment = $${params.length - 1} AND p.variant = $${params.length})`;
  });
  if (!r.offControl) mine.push('p.experiment IS NULL');
  const others = r.pool ? [] : (r.reserved ?? []).map((id) => (params.push(id), `$${params.length}`));
  const notReserved = others.length ? ` AND p.id NOT IN (${others.join(', ')})` : '';
  const serving = r.pool
    ? 'p.id = $2'
    : `(p.widget = $2 OR p.widget IS NULL) AND (${mine.join(' OR ') || 'FALSE'})${notReserved}`;
  const free = await sql.query<Candidate & Record<string, unknown>>(
    `SELECT c.code, c.pool, c.expires_at AS code_expires, p.expires_at AS pool_expires, p.valid_days,
       p.amount_cents, p.currency
     FROM reward_codes c JOIN reward_pools p ON p.site = c.site AND p.id = c.pool
     WHERE c.site = $1 AND ${serving} AND c.visitor IS NULL
       AND (c.expires_at IS NULL OR c.expires_at > $3) AND (p.expires_at IS NULL OR p.expires_at > $3)
     ORDER BY CASE WHEN p.experiment IS NULL THEN 1 ELSE 0 END, p.created_at, c.code LIMIT ${CANDIDATES}`,
    params,
  );
  if (!free.length) return undefined;
  const pick = free[Math.floor(Math.random() * free.length)]!;
  const ends = [pick.code_expires, pick.pool_expires, pick.valid_days ? r.now + pick.valid_days * DAY : null];
  const set = ends.filter((e): e is number => e !== null);
  const claimed: Claimed = { code: pick.code, expiresAt: set.length ? Math.min(...set) : null, source: 'pool' };
  try {
    return await sql.transaction(async (tx) => {
      const won = await tx.query(
        'UPDATE reward_codes SET visitor = $1, claimed_at = $2 WHERE site = $3 AND code = $4 AND visitor IS NULL RETURNING code',
        [r.anonymousId, r.now, r.site, pick.code],
      );
      if (!won.length) return 'lost' as const;
      const ok = await record(tx, r, {
        ...claimed,
        pool: pick.pool,
        amountCents: pick.amount_cents,
        currency: pick.currency,
      });
      if (!ok) throw new AlreadyClaimed();
      return claimed;
    });
  } catch (err) {
    if (err instanceof AlreadyClaimed) return 'mine';
    throw err;
  }
}

/**
 * The visitor's code for the widget, or undefined when nothing can be issued (the pools are empty, there is no webhook
 * or it gave nothing, and the widget has no static code). The same visitor gets the same code until it expires; two
 * claims at once never get one pool code, and one visitor's concurrent claims end with one code.
 */
export async function claim(sql: Sql, r: ClaimRequest): Promise<Claimed | undefined> {
  const had = live(await existing(sql, r), r.now);
  if (had) return asClaimed(had);
  if (r.onlyExisting) return undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const got = await fromPool(sql, r);
    if (got === undefined) break;
    if (got === 'mine') {
      const now = live(await existing(sql, r), r.now);
      if (now) return asClaimed(now);
      continue;
    }
    if (got !== 'lost') return got;
  }
  const outside = (await r.webhook?.()) ?? undefined;
  const source: CodeSource = outside ? 'webhook' : 'static';
  const code = outside ?? r.staticCode;
  if (!code) return undefined;
  const claimed: Claimed = { code: code.code, expiresAt: code.expiresAt, source };
  const ok = await record(sql, r, {
    ...claimed,
    pool: null,
    amountCents: code.amount == null ? null : Math.round(code.amount * 100),
    currency: code.currency ?? null,
  });
  if (ok) return claimed;
  // A concurrent claim of this visitor recorded a code first: theirs is the one.
  const won = await existing(sql, r);
  return won ? asClaimed(won) : claimed;
}
