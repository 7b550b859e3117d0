// The next-order coupon: bound to a buyer at a purchase the browser reported, within caps, since anyone can send one.
import { createHash } from 'node:crypto';
import type { EventRow } from '../store/store.js';
import type { Sql } from '../store/sql/sql.js';
import { claim, existing, live } from './claims.js';
import { readSettings } from './settings.js';
import type { NextOrderReward } from './types.js';

/** The `offer` of a claim row bound at a purchase (the report keeps these apart from the popup's own claims). */
export const NEXT_ORDER = 'next-order';

/**
 * A browser-reported purchase is not proof of an order (a script can post one with a new visitor id each time), so
 * the codes it binds are capped: a household rarely orders more than a few times a day; a site's hourly cap bounds
 * how fast a pool can be drained from many addresses. Purchases sent by the shop's server (Segment, write key) are not capped.
 */
export const NEXT_ORDER_CAPS = { perAddressPerDay: 3, perSitePerHour: 100 };

const HOUR = 3_600_000;

/** What is kept of a client address: enough to count its bindings, not the address itself. */
export const addressKey = (site: string, address: string) =>
  createHash('sha256').update(`nudge-next-order\n${site}\n${address}`).digest('base64url').slice(0, 22);

const count = async (sql: Sql, text: string, params: (string | number)[]) =>
  Number((await sql.query<{ n: number }>(text, params))[0]?.n ?? 0);

/** Which cap a new binding would go over ('address' or 'site'), or undefined when it may be made. */
async function overCap(sql: Sql, next: NextOrderReward, site: string, address: string | undefined, at: number) {
  const perAddress = next.capPerAddressPerDay ?? NEXT_ORDER_CAPS.perAddressPerDay;
  if (address !== undefined) {
    const n = await count(
      sql,
      'SELECT count(*) AS n FROM reward_claims WHERE site = $1 AND offer = $2 AND address = $3 AND claimed_at > $4',
      [site, NEXT_ORDER, address, at - 24 * HOUR],
    );
    if (n >= perAddress) return 'address';
  }
  const perSite = next.capPerSitePerHour ?? NEXT_ORDER_CAPS.perSitePerHour;
  const n = await count(
    sql,
    'SELECT count(*) AS n FROM reward_claims WHERE site = $1 AND offer = $2 AND address IS NOT NULL AND claimed_at > $3',
    [site, NEXT_ORDER, at - HOUR],
  );
  return n >= perSite ? 'site' : undefined;
}

// one binding at a time per database in this process, so two batches at once cannot both take the last code under a cap
const queues = new WeakMap<Sql, Promise<unknown>>();

/**
 * Binds a next-order coupon to each buyer in `rows` whose order qualifies (once per buyer while it is live). `address`
 * is the client address the batch came from (undefined: not a browser request). A binding a cap refuses is recorded
 * in next_order_refusals, which the coupon report shows.
 */
export function bindNextOrders(sql: Sql, rows: readonly EventRow[], address?: string): Promise<void> {
  const run = (queues.get(sql) ?? Promise.resolve()).then(() => bind(sql, rows, address));
  queues.set(
    sql,
    run.catch(() => undefined),
  );
  return run;
}

async function bind(sql: Sql, rows: readonly EventRow[], address: string | undefined): Promise<void> {
  // each site's settings read once per batch (a batch is mostly one site's), not once per purchase row
  const settings = new Map<string, Promise<NextOrderReward | undefined>>();
  const nextOrderOf = (site: string) => {
    let next = settings.get(site);
    if (!next) settings.set(site, (next = readSettings(sql, site).then((s) => s.nextOrder)));
    return next;
  };
  for (const row of rows) {
    if (row.name !== 'purchase' || !row.anonymousId) continue;
    const next = await nextOrderOf(row.site);
    if (!next || (next.minOrder !== undefined && (row.value ?? 0) < next.minOrder)) continue;
    const key = row.source === 'web' && address !== undefined ? addressKey(row.site, address) : undefined;
    // the server's receipt time: the event's own time is the sender's to choose, and would slip out of the caps' windows
    const at = row.receivedAt;
    const req = {
      site: row.site,
      widget: next.widget,
      anonymousId: row.anonymousId,
      experiments: row.experiments,
      now: at,
    };
    const one = async (db: Sql) => {
      // a buyer's live code is theirs again: not a new binding, so no cap applies
      if (live(await existing(db, req), at)) return;
      const over = row.source === 'web' ? await overCap(db, next, row.site, key, at) : undefined;
      if (over) {
        await db.query(
          'INSERT INTO next_order_refusals (site, widget, reason, address, refused_at) VALUES ($1, $2, $3, $4, $5)',
          [row.site, next.widget, over, key ?? null, at],
        );
        return;
      }
      await claim(db, {
        ...req,
        userId: row.userId ?? undefined,
        pool: next.pool,
        offer: NEXT_ORDER,
        // a web purchase with no known address still counts under the site's cap (which counts rows with an address)
        address: row.source === 'web' ? (key ?? '') : undefined,
      });
    };
    // Postgres serves a fleet of servers: the count and the binding under the site's lock, so two servers cannot
    // both pass a cap with its last binding (the queue above is one process's); DuckDB has one writing process.
    await (sql.dialect === 'postgres'
      ? sql.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`nudge-next-order\n${row.site}`]);
          await one(tx);
        })
      : one(sql));
  }
}

/** Notes when the buyer's widget first showed their next-order code (the report's "shown"). */
export async function markShown(sql: Sql, r: { site: string; widget: string; anonymousId: string }, now: number) {
  await sql.query(
    `UPDATE reward_claims SET shown_at = $1
     WHERE site = $2 AND widget = $3 AND visitor = $4 AND offer = $5 AND shown_at IS NULL`,
    [now, r.site, r.widget, r.anonymousId, NEXT_ORDER],
  );
}
