// Redemption: a purchase carrying an issued code marks its claim redeemed (once), and the report built on that.
import type { EventRow } from '../store/store.js';
import type { Sql } from '../store/sql/sql.js';

const cents = (n: number) => Math.round(n * 100);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The codes a purchase names: GA4's `coupon` is one code, or several joined by commas. */
const couponsOf = (props: Record<string, unknown>) =>
  typeof props.coupon === 'string'
    ? props.coupon
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : [];

/**
 * What the order's coupon took off: the purchase's own `discount`, else the sum of its items' `discount` x quantity,
 * else (undefined) what the claim's pool or widget says one code is worth.
 */
function discountOf(props: Record<string, unknown>): number | undefined {
  const own = num(props.discount);
  if (own !== undefined) return own;
  if (!Array.isArray(props.items)) return undefined;
  let sum: number | undefined;
  for (const it of props.items as unknown[]) {
    if (typeof it !== 'object' || it === null) continue;
    const d = num((it as Record<string, unknown>).discount);
    if (d !== undefined) sum = (sum ?? 0) + d * (num((it as Record<string, unknown>).quantity) ?? 1);
  }
  return sum;
}

/**
 * Marks the claims whose code a purchase in `rows` used as redeemed by that order: only a claim not yet redeemed, so
 * a purchase seen twice (a retried batch, the same order from the browser and the shop's server) counts once. A static
 * code every visitor shares counts only for the visitor who claimed it. Returns the number of claims marked.
 */
export async function redeemPurchases(sql: Sql, rows: readonly EventRow[]): Promise<number> {
  let marked = 0;
  for (const row of rows) {
    if (row.name !== 'purchase') continue;
    const value = num(row.value) ?? num(row.props.value);
    const discount = discountOf(row.props);
    const currency = typeof row.props.currency === 'string' ? row.props.currency : null;
    for (const code of couponsOf(row.props)) {
      const done = await sql.query(
        `UPDATE reward_claims SET redeemed_at = $1, transaction_id = $2, value_cents = $3,
           discount_cents = COALESCE($4, amount_cents), order_currency = $5
         WHERE site = $6 AND code = $7 AND redeemed_at IS NULL AND (source <> 'static' OR visitor = $8 OR user_id = $9)
         RETURNING code`,
        [
          row.ts,
          row.transactionId,
          value === undefined ? null : cents(value),
          discount === undefined ? null : cents(discount),
          currency,
          row.site,
          code,
          row.anonymousId ?? '',
          row.userId ?? '',
        ],
      );
      marked += done.length;
    }
  }
  return marked;
}

export interface RedemptionFigures {
  claimed: number;
  redeemed: number;
  /** redeemed / claimed, 0 when nothing was claimed */
  redemptionRate: number;
  /** what the redeemed codes took off their orders */
  discount: number;
  /** the redeemed orders' value */
  revenue: number;
  /** revenue minus discount */
  netRevenue: number;
  /** the orders' currency, 'mixed' when they differ, null before any redemption */
  currency: string | null;
}

/**
 * A widget's next-order codes: bound to buyers at their purchase, shown when their widget first asked, refused by the
 * caps on browser-reported purchases (`refused.address`, `refused.site`). Kept apart from the popup's own claims and
 * its experiments, whose visitors did not choose these codes.
 */
export type NextOrderFigures = Omit<RedemptionFigures, 'claimed'> & {
  widget: string;
  bound: number;
  shown: number;
  byPool: Record<string, number>;
  refused: Record<string, number>;
};

export interface RedemptionReport {
  /** the popups' own claims (next-order codes are in `nextOrder`) */
  widgets: (RedemptionFigures & { widget: string; bySource: Record<string, number> })[];
  /** per variant, with the claims each pool (byPool) and each source (bySource) gave its visitors */
  variants: (RedemptionFigures & VariantKey & { bySource: Record<string, number>; byPool: Record<string, number> })[];
  nextOrder: NextOrderFigures[];
}

interface VariantKey {
  widget: string;
  experiment: string;
  variant: string;
}

interface Group {
  widget: string;
  kind: string;
  shown: number;
  source: string;
  pool: string | null;
  experiments: string;
  order_currency: string | null;
  claimed: number;
  redeemed: number;
  discount: number | null;
  revenue: number | null;
}

const empty = () => ({ claimed: 0, redeemed: 0, discount: 0, revenue: 0, currencies: new Set<string>() });
type Acc = ReturnType<typeof empty>;

const add = (a: Acc, g: Group) => {
  a.claimed += Number(g.claimed);
  a.redeemed += Number(g.redeemed);
  a.discount += Number(g.discount ?? 0);
  a.revenue += Number(g.revenue ?? 0);
  if (g.order_currency) a.currencies.add(g.order_currency);
};

const figures = (a: Acc): RedemptionFigures => ({
  claimed: a.claimed,
  redeemed: a.redeemed,
  redemptionRate: a.claimed ? a.redeemed / a.claimed : 0,
  discount: a.discount / 100,
  revenue: a.revenue / 100,
  netRevenue: (a.revenue - a.discount) / 100,
  currency: a.currencies.size > 1 ? 'mixed' : ([...a.currencies][0] ?? null),
});

/**
 * Claims made in [from, to], per widget and per experiment variant they were made under, and next-order codes bound
 * then, per widget; sums in exact cents. `next` is the site's next-order coupon: rows bound before claims were marked
 * with their offer (migration 7) are told apart by its widget and pool.
 */
export async function redemptionReport(
  sql: Sql,
  site: string,
  from: number,
  to: number,
  next?: { widget: string; pool: string },
): Promise<RedemptionReport> {
  const groups = await sql.query<Group & Record<string, unknown>>(
    `SELECT widget, source, pool, experiments, order_currency,
       CASE WHEN offer = 'next-order' OR (offer IS NULL AND widget = $4 AND pool = $5) THEN 'next-order' ELSE '' END
         AS kind,
       count(*) AS claimed, count(redeemed_at) AS redeemed, count(shown_at) AS shown,
       sum(CASE WHEN redeemed_at IS NULL THEN 0 ELSE discount_cents END) AS discount,
       sum(CASE WHEN redeemed_at IS NULL THEN 0 ELSE value_cents END) AS revenue
     FROM reward_claims WHERE site = $1 AND claimed_at >= $2 AND claimed_at <= $3
     GROUP BY widget, source, pool, experiments, order_currency, kind`,
    [site, from, to, next?.widget ?? '', next?.pool ?? ''],
  );
  const refusals = await sql.query<{ widget: string; reason: string; n: number }>(
    `SELECT widget, reason, count(*) AS n FROM next_order_refusals WHERE site = $1 AND refused_at >= $2 AND refused_at <= $3
     GROUP BY widget, reason`,
    [site, from, to],
  );
  type NextAcc = Acc & { shown: number; byPool: Record<string, number>; refused: Record<string, number> };
  const nextOrder = new Map<string, NextAcc>();
  const nextOf = (widget: string) => {
    const n = nextOrder.get(widget) ?? { ...empty(), shown: 0, byPool: {}, refused: {} };
    nextOrder.set(widget, n);
    return n;
  };
  for (const r of refusals) nextOf(r.widget).refused[r.reason] = Number(r.n);
  const widgets = new Map<string, Acc & { bySource: Record<string, number> }>();
  type VariantAcc = Acc & VariantKey & { bySource: Record<string, number>; byPool: Record<string, number> };
  const variants = new Map<string, VariantAcc>();
  for (const g of groups) {
    if (g.kind === 'next-order') {
      const n = nextOf(g.widget);
      add(n, g);
      n.shown += Number(g.shown);
      if (g.pool) n.byPool[g.pool] = (n.byPool[g.pool] ?? 0) + Number(g.claimed);
      continue;
    }
    const w = widgets.get(g.widget) ?? { ...empty(), bySource: {} };
    widgets.set(g.widget, w);
    add(w, g);
    w.bySource[g.source] = (w.bySource[g.source] ?? 0) + Number(g.claimed);
    let exps: Record<string, unknown> = {};
    try {
      exps = JSON.parse(g.experiments) as Record<string, unknown>;
    } catch {
      // written by this module as JSON; a damaged row still counts for its widget
    }
    for (const [experiment, variant] of Object.entries(exps)) {
      if (typeof variant !== 'string') continue;
      const key = JSON.stringify([g.widget, experiment, variant]);
      const v = variants.get(key) ?? { ...empty(), widget: g.widget, experiment, variant, bySource: {}, byPool: {} };
      variants.set(key, v);
      add(v, g);
      v.bySource[g.source] = (v.bySource[g.source] ?? 0) + Number(g.claimed);
      if (g.pool) v.byPool[g.pool] = (v.byPool[g.pool] ?? 0) + Number(g.claimed);
    }
  }
  return {
    widgets: [...widgets].map(([widget, a]) => ({ widget, ...figures(a), bySource: a.bySource })),
    variants: [...variants.values()].map((a) => ({
      widget: a.widget,
      experiment: a.experiment,
      variant: a.variant,
      ...figures(a),
      bySource: a.bySource,
      byPool: a.byPool,
    })),
    nextOrder: [...nextOrder].map(([widget, a]) => {
      const { claimed, ...rest } = figures(a);
      return { widget, bound: claimed, shown: a.shown, ...rest, byPool: a.byPool, refused: a.refused };
    }),
  };
}
