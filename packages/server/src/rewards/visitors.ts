// A visitor's data requests: everything rewards keep about them (by visitor id, user id or email), exported or erased.
import { randomUUID } from 'node:crypto';
import type { Sql } from '../store/sql/sql.js';
import type { VisitorEvents, VisitorIds } from '../store/visitor-events.js';
import { emailHash } from './referrals.js';

/** Who a request is about: the id as a visitor (anonymous) id, a user id, or (with an @) an email address. */
async function whoIs(sql: Sql, site: string, id: string) {
  const email = id.includes('@') ? id.trim().toLowerCase() : null;
  const anon = new Set<string>(email ? [] : [id]);
  const users = new Set<string>(email ? [] : [id]);
  if (email) {
    const leads = await sql.query<{ anonymous_id: string | null; user_id: string | null }>(
      'SELECT anonymous_id, user_id FROM leads WHERE site = $1 AND lower(email) = $2',
      [site, email],
    );
    for (const l of leads) {
      if (l.anonymous_id) anon.add(l.anonymous_id);
      if (l.user_id) users.add(l.user_id);
    }
    const hash = emailHash(email);
    for (const t of ['referral_codes', 'referral_friends'])
      for (const r of await sql.query<{ anonymous_id: string; user_id: string | null }>(
        `SELECT anonymous_id, user_id FROM ${t} WHERE site = $1 AND email_hash = $2`,
        [site, hash],
      )) {
        anon.add(r.anonymous_id);
        if (r.user_id) users.add(r.user_id);
      }
  }
  // the browsers a signed-in customer used are theirs too
  const us = [...users];
  if (us.length)
    for (const [t, col] of [
      ['referral_codes', 'anonymous_id'],
      ['referral_friends', 'anonymous_id'],
      ['leads', 'anonymous_id'],
      ['reward_claims', 'visitor'],
    ] as const)
      for (const r of await sql.query<{ v: string | null }>(
        `SELECT ${col} AS v FROM ${t} WHERE site = $1 AND user_id IN (${list(us, 2)})`,
        [site, ...us],
      ))
        if (r.v) anon.add(r.v);
  const keys = [...[...anon].map((a) => `a:${a}`), ...[...users].map((u) => `u:${u}`)];
  return { email, anon: [...anon], users: [...users], keys };
}

const list = (values: string[], from: number) => values.map((_, i) => `$${i + from}`).join(', ') || 'NULL';

const eventIds = (w: Awaited<ReturnType<typeof whoIs>>): VisitorIds => ({
  anonymousIds: w.anon,
  userIds: w.users,
  emails: w.email ? [w.email] : [],
});

/** `events`: the event store's side (their events' identifying fields); without it the export says events are not covered. */
export async function exportVisitor(sql: Sql, site: string, id: string, events?: VisitorEvents) {
  const w = await whoIs(sql, site, id);
  const stored = events ? await events.exportVisitorEvents(site, eventIds(w)) : undefined;
  const a = list(w.anon, 2);
  const u = list(w.users, 2 + w.anon.length);
  const k = list(w.keys, 2);
  const ids = [...w.anon, ...w.users];
  const leads = await sql.query(
    `SELECT * FROM leads WHERE site = $1 AND (anonymous_id IN (${a}) OR user_id IN (${u})${
      w.email ? ` OR lower(email) = $${2 + ids.length}` : ''
    })`,
    [site, ...ids, ...(w.email ? [w.email] : [])],
  );
  return {
    site,
    id,
    leads,
    // a referral reward's code is claimed under the recipient's key (u:<user>)
    claims: await sql.query(
      `SELECT * FROM reward_claims WHERE site = $1 AND (visitor IN (${list([...w.anon, ...w.keys], 2)})
       OR user_id IN (${list(w.users, 2 + w.anon.length + w.keys.length)}))`,
      [site, ...w.anon, ...w.keys, ...w.users],
    ),
    referralCodes: await sql.query(
      `SELECT * FROM referral_codes WHERE site = $1 AND (anonymous_id IN (${a}) OR user_id IN (${u}))`,
      [site, ...ids],
    ),
    referredAs: await sql.query(`SELECT * FROM referral_friends WHERE site = $1 AND friend IN (${k})`, [
      site,
      ...w.keys,
    ]),
    ledger: await sql.query(
      `SELECT * FROM reward_ledger WHERE site = $1 AND (recipient IN (${k}) OR friend IN (${k}) OR inviter IN (${k}))`,
      [site, ...w.keys],
    ),
    // null: this event store cannot look events up by person (none in this build; said rather than left out)
    events: stored?.events ?? null,
    eventsPendingDeletes: stored?.pendingDeletes ?? 0,
  };
}

/**
 * Erases what identifies them: their events (anonymous id, user id, a lead's email: deleted; on ClickHouse by a
 * mutation, `eventsPending` while it runs), their leads and deliveries, referral code, friend records, their own ledger entries
 * and order markers are deleted (the entries of friends they invited stay, with the inviter forgotten); their claims stay for the redemption counts with the visitor id replaced by a random one and
 * the user id dropped (so the codes' bindings no longer lead to them). Returns what was removed.
 */
export async function forgetVisitor(sql: Sql, site: string, id: string, events?: VisitorEvents) {
  const w = await whoIs(sql, site, id);
  // events first: the leads deleted below are what ties an email to its browsers
  const gone = events ? await events.deleteVisitorEvents(site, eventIds(w)) : undefined;
  const ids = [...w.anon, ...w.users];
  const a = list(w.anon, 2);
  const u = list(w.users, 2 + w.anon.length);
  const k = list(w.keys, 2);
  return sql.transaction(async (tx) => {
    const leadIds = (
      await tx.query<{ id: string }>(
        `SELECT id FROM leads WHERE site = $1 AND (anonymous_id IN (${a}) OR user_id IN (${u})${
          w.email ? ` OR lower(email) = $${2 + ids.length}` : ''
        })`,
        [site, ...ids, ...(w.email ? [w.email] : [])],
      )
    ).map((r) => r.id);
    for (const lead of leadIds) {
      await tx.query('DELETE FROM lead_deliveries WHERE site = $1 AND lead = $2', [site, lead]);
      await tx.query('DELETE FROM leads WHERE site = $1 AND id = $2', [site, lead]);
    }
    const claims = await tx.query<{ widget: string; visitor: string }>(
      `SELECT widget, visitor FROM reward_claims WHERE site = $1 AND (visitor IN (${list([...w.anon, ...w.keys], 2)})
       OR user_id IN (${list(w.users, 2 + w.anon.length + w.keys.length)}))`,
      [site, ...w.anon, ...w.keys, ...w.users],
    );
    for (const c of claims) {
      const stranger = `forgotten:${randomUUID()}`;
      await tx.query('UPDATE reward_codes SET visitor = $1 WHERE site = $2 AND visitor = $3', [
        stranger,
        site,
        c.visitor,
      ]);
      await tx.query(
        'UPDATE reward_claims SET visitor = $1, user_id = NULL WHERE site = $2 AND widget = $3 AND visitor = $4',
        [stranger, site, c.widget, c.visitor],
      );
    }
    const del = async (sqlText: string, params: string[]) => (await tx.query(sqlText, params)).length;
    return {
      events: gone?.events ?? null,
      eventsPending: gone?.pending ?? false,
      leads: leadIds.length,
      claims: claims.length,
      referralCodes: await del(
        `DELETE FROM referral_codes WHERE site = $1 AND (anonymous_id IN (${a}) OR user_id IN (${u})) RETURNING code`,
        [site, ...ids],
      ),
      referredAs: await del(`DELETE FROM referral_friends WHERE site = $1 AND friend IN (${k}) RETURNING friend`, [
        site,
        ...w.keys,
      ]),
      ledger: await del(
        `DELETE FROM reward_ledger WHERE site = $1 AND (recipient IN (${k}) OR friend IN (${k})) RETURNING id`,
        [site, ...w.keys],
      ),
      friendsInviterForgotten: await del(
        `UPDATE referral_friends SET inviter = 'forgotten', code = 'forgotten' WHERE site = $1 AND inviter IN (${k})
         RETURNING friend`,
        [site, ...w.keys],
      ),
      // a friend's own reward stays theirs; only who invited them is forgotten
      ledgerInviterForgotten: await del(
        `UPDATE reward_ledger SET inviter = 'forgotten' WHERE site = $1 AND inviter IN (${k}) RETURNING id`,
        [site, ...w.keys],
      ),
      orders: await del(`DELETE FROM reward_buyers WHERE site = $1 AND buyer IN (${k}) RETURNING buyer`, [
        site,
        ...w.keys,
      ]),
    };
  });
}
