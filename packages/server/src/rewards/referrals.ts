// The referral ledger: one code per customer, friends joined through it, staged rewards granted once, fraud rules.
import { createHash } from 'node:crypto';
import type { EventRow } from '../store/store.js';
import type { Sql } from '../store/sql/sql.js';
import { claim } from './claims.js';
import { generateCode } from './codes.js';
import type { LedgerEntry, LedgerStatus, ReferralProgram, Stage, StageName } from './types.js';

interface Person {
  anonymous_id: string;
  user_id: string | null;
  email_hash: string | null;
}
interface Inviter extends Person {
  customer: string;
}
interface Friend extends Person {
  friend: string;
  inviter: string;
  code: string;
  joined_at: number;
}

/** Email hashes are of the trimmed, lower-cased address, so the same person matches however they typed it. */
export const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

const hashOf = (props: Record<string, unknown>): string | null =>
  typeof props.email_hash === 'string' && /^[0-9a-f]{64}$/.test(props.email_hash)
    ? props.email_hash
    : typeof props.email === 'string' && props.email.includes('@')
      ? emailHash(props.email)
      : null;

const personKey = (anonymousId: string | null, userId: string | null) =>
  userId ? `u:${userId}` : anonymousId ? `a:${anonymousId}` : null;

/** The customer's referral code, made on first request and the same ever after. */
/** The share link: `base` (the program's page, else the site's origin) with `?ref=<code>`; null without a base. */
export function shareLink(base: string | undefined, code: string): string | null {
  if (!base) return null;
  const u = new URL(base);
  u.searchParams.set('ref', code);
  return u.href;
}

export async function referralCode(
  sql: Sql,
  site: string,
  who: { anonymousId: string; userId: string; email?: string | undefined },
  now: number,
): Promise<string> {
  const customer = `u:${who.userId}`;
  for (let attempt = 0; attempt < 8; attempt++) {
    const [had] = await sql.query<{ code: string }>(
      'SELECT code FROM referral_codes WHERE site = $1 AND customer = $2',
      [site, customer],
    );
    if (had) return had.code;
    try {
      const [made] = await sql.query<{ code: string }>(
        `INSERT INTO referral_codes VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (site, customer) DO NOTHING
         RETURNING code`,
        [
          site,
          customer,
          generateCode('', 8),
          who.anonymousId,
          who.userId,
          who.email ? emailHash(who.email) : null,
          now,
        ],
      );
      if (made) return made.code;
    } catch {
      // the random code was taken by another customer: draw again
    }
  }
  throw new Error('could not make a unique referral code');
}

const DAY = 86_400_000;
const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The rule a stage's rewards trip, if any (a fraud rule, the minimum, the cap). */
async function ruleTripped(
  sql: Sql,
  site: string,
  p: ReferralProgram,
  inviter: Inviter,
  f: Friend,
  amount: number,
  order: { value: number | null } | undefined,
  at: number,
): Promise<string | undefined> {
  const sameEmail = f.email_hash !== null && f.email_hash === inviter.email_hash;
  const sameUser = f.user_id !== null && f.user_id === inviter.user_id;
  if (f.anonymous_id === inviter.anonymous_id || sameUser || sameEmail) return 'self_referral';
  const others = await sql.query(
    'SELECT friend FROM referral_friends WHERE site = $1 AND anonymous_id = $2 AND friend <> $3 AND joined_at <= $4',
    [site, f.anonymous_id, f.friend, f.joined_at],
  );
  if (others.length) return 'same_device';
  const keys = [personKey(f.anonymous_id, null), personKey(null, f.user_id)].filter((k): k is string => !!k);
  const before = await sql.query(
    `SELECT buyer FROM reward_buyers WHERE site = $1 AND buyer IN (${keys.map((_, i) => `$${i + 3}`).join(', ')})
     AND first_order_at < $2`,
    [site, f.joined_at, ...keys],
  );
  if (before.length) return 'friend_already_ordered';
  if (order && p.minOrder !== undefined && (order.value ?? 0) < p.minOrder) return 'below_minimum';
  if (p.capPerInviterPerMonth !== undefined) {
    const [{ total = 0 } = {}] = await sql.query<{ total: number | null }>(
      `SELECT sum(amount_cents) AS total FROM reward_ledger WHERE site = $1 AND recipient = $2 AND role = 'inviter'
       AND status <> 'rejected' AND created_at >= $3 AND created_at < $4`,
      [site, inviter.customer, monthStart(at), monthStart(at) + 32 * DAY],
    );
    if (Number(total ?? 0) + Math.round(amount * 100) > Math.round(p.capPerInviterPerMonth * 100)) return 'cap_reached';
  }
  return undefined;
}

/** Binds a pool code to an approved entry's recipient: the entry becomes issued (nothing happens without a code). */
export async function issue(sql: Sql, site: string, p: ReferralProgram, id: string, now: number): Promise<void> {
  if (!p.pool) return;
  const [e] = await sql.query<{ recipient: string; status: string }>(
    'SELECT recipient, status FROM reward_ledger WHERE site = $1 AND id = $2',
    [site, id],
  );
  if (e?.status !== 'approved') return;
  const got = await claim(sql, {
    site,
    widget: `referral:${id}`,
    anonymousId: e.recipient,
    experiments: {},
    now,
    pool: p.pool,
  });
  if (got)
    await sql.query(
      `UPDATE reward_ledger SET status = 'issued', code = $1, updated_at = $2
       WHERE site = $3 AND id = $4 AND status = 'approved'`,
      [got.code, now, site, id],
    );
}

/** Writes a stage's rewards (each id once, whatever duplicates arrive) and issues the approved ones. */
async function grant(
  sql: Sql,
  site: string,
  p: ReferralProgram,
  stage: Stage,
  inviter: Inviter,
  f: Friend,
  at: number,
  order?: { id: string | null; value: number | null },
) {
  const total = (stage.friend ?? 0) + (stage.inviter ?? 0);
  const reason = await ruleTripped(sql, site, p, inviter, f, stage.inviter ?? 0, order, at);
  const status: LedgerStatus = reason
    ? p.onRule === 'hold'
      ? 'pending'
      : 'rejected'
    : p.review
      ? 'pending'
      : 'approved';
  if (!total) return;
  for (const [role, amount, recipient] of [
    ['friend', stage.friend, f.friend],
    ['inviter', stage.inviter, inviter.customer],
  ] as const) {
    if (!amount) continue;
    const id = `${stage.stage}:${f.friend}:${role}`;
    const made = await sql.query(
      `INSERT INTO reward_ledger VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $13, $13, NULL)
       ON CONFLICT (site, id) DO NOTHING RETURNING id`,
      [
        site,
        id,
        stage.stage,
        f.friend,
        inviter.customer,
        recipient,
        role,
        Math.round(amount * 100),
        p.currency ?? null,
        status,
        reason ?? null,
        order?.id ?? null,
        at,
      ],
    );
    if (made.length && status === 'approved') await issue(sql, site, p, id, at);
  }
}

async function inviterOf(sql: Sql, site: string, code: string) {
  const [i] = await sql.query<Inviter & Record<string, unknown>>(
    'SELECT customer, anonymous_id, user_id, email_hash FROM referral_codes WHERE site = $1 AND code = $2',
    [site, code],
  );
  return i;
}

/** The friend record of a visitor: joined now through `refCode`, or from an earlier visit. */
async function friendOf(sql: Sql, row: EventRow, join: boolean): Promise<Friend | undefined> {
  const key = personKey(row.anonymousId, row.userId);
  if (!key || !row.anonymousId) return undefined;
  const find = async () =>
    (
      await sql.query<Friend & Record<string, unknown>>(
        // the same person: their key, or the same browser before they signed in; another user id on that browser
        // is another friend (whom the same_device rule then catches)
        `SELECT * FROM referral_friends WHERE site = $1 AND (friend = $2 OR (user_id IS NOT NULL AND user_id = $4)
         OR (anonymous_id = $3 AND (user_id IS NULL OR $4 = ''))) ORDER BY joined_at LIMIT 1`,
        [row.site, key, row.anonymousId, row.userId ?? ''],
      )
    )[0];
  const had = await find();
  if (had || !join || !row.refCode) return had;
  const inviter = await inviterOf(sql, row.site, row.refCode);
  if (!inviter) return undefined;
  await sql.query(
    `INSERT INTO referral_friends VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (site, friend) DO NOTHING`,
    [row.site, key, row.anonymousId, row.userId, hashOf(row.props), inviter.customer, row.refCode, row.ts],
  );
  return find();
}

/**
 * Runs a batch's sign-ups and purchases through the program: a visitor who arrived with a referral code and signs up
 * (or orders) joins as the code's friend; each stage's rewards are written once. Every purchase is remembered per
 * buyer, so a friend who had ordered before joining is recognised.
 */
export async function referralEvents(
  sql: Sql,
  program: (site: string) => Promise<ReferralProgram | undefined>,
  rows: readonly EventRow[],
): Promise<void> {
  const sorted = rows.filter((r) => r.name === 'sign_up' || r.name === 'purchase').sort((a, b) => a.ts - b.ts);
  for (const row of sorted) {
    const p = await program(row.site);
    if (row.name === 'purchase') {
      const f = p ? await friendOf(sql, row, true) : undefined;
      for (const buyer of [personKey(row.anonymousId, null), personKey(null, row.userId)])
        if (buyer)
          await sql.query('INSERT INTO reward_buyers VALUES ($1, $2, $3, $4) ON CONFLICT (site, buyer) DO NOTHING', [
            row.site,
            buyer,
            row.ts,
            row.transactionId ?? row.id,
          ]);
      const stage = p?.stages.find((s) => s.stage === 'friend_first_order');
      if (!p || !f || !stage) continue;
      const inviter = await inviterOf(sql, row.site, f.code);
      if (!inviter) continue;
      // Only the friend's first order: a later one (another transaction) grants nothing.
      const keys = [f.friend, personKey(row.anonymousId, null)];
      const [first] = await sql.query<{ first_order: string }>(
        'SELECT first_order FROM reward_buyers WHERE site = $1 AND buyer IN ($2, $3) ORDER BY first_order_at LIMIT 1',
        [row.site, ...keys],
      );
      if (first && first.first_order !== (row.transactionId ?? row.id)) continue;
      await grant(sql, row.site, p, stage, inviter, f, row.ts, { id: row.transactionId, value: row.value });
    } else if (p && row.refCode) {
      const f = await friendOf(sql, row, true);
      const stage = p.stages.find((s) => s.stage === 'friend_signup');
      if (!f || !stage) continue;
      const inviter = await inviterOf(sql, row.site, f.code);
      if (inviter) await grant(sql, row.site, p, stage, inviter, f, row.ts);
    }
  }
}

/** Ledger entries, newest first, filtered by status, stage or person (as inviter or recipient). */
export async function ledger(
  sql: Sql,
  site: string,
  q: { status?: string | undefined; stage?: string | undefined; person?: string | undefined; limit: number },
): Promise<LedgerEntry[]> {
  const where = ['site = $1'];
  const params: (string | number)[] = [site];
  if (q.status) where.push(`status = $${params.push(q.status)}`);
  if (q.stage) where.push(`stage = $${params.push(q.stage)}`);
  if (q.person) {
    const n = params.push(q.person);
    where.push(`(inviter = $${n} OR recipient = $${n} OR friend = $${n})`);
  }
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT * FROM reward_ledger WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT $${params.push(q.limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id as string,
    stage: r.stage as StageName,
    role: r.role as 'friend' | 'inviter',
    recipient: r.recipient as string,
    inviter: r.inviter as string,
    friend: r.friend as string,
    amount: Number(r.amount_cents) / 100,
    currency: (r.currency as string | null) ?? null,
    status: r.status as LedgerStatus,
    reason: (r.reason as string | null) ?? null,
    code: (r.code as string | null) ?? null,
    orderId: (r.order_id as string | null) ?? null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    decidedBy: (r.decided_by as string | null) ?? null,
  }));
}

/** Approves a pending entry (then issues it from the pool), or rejects a pending or approved one with a reason. */
export async function decide(
  sql: Sql,
  site: string,
  id: string,
  to: 'approved' | 'rejected',
  by: string,
  reason: string | null,
  now: number,
): Promise<'done' | 'unknown' | 'conflict'> {
  const from = to === 'approved' ? `('pending')` : `('pending', 'approved')`;
  const done = await sql.query(
    `UPDATE reward_ledger SET status = $1, reason = COALESCE($2, reason), decided_by = $3, updated_at = $4
     WHERE site = $5 AND id = $6 AND status IN ${from} RETURNING id`,
    [to, reason, by, now, site, id],
  );
  if (done.length) return 'done';
  const [had] = await sql.query('SELECT id FROM reward_ledger WHERE site = $1 AND id = $2', [site, id]);
  return had ? 'conflict' : 'unknown';
}
