// Site reports in ClickHouse SQL: widgets, referrals, errors, counts, the live tail and user-to-visitor lookup.
import type { ReportQueries } from '../ports.js';
import type { EventRow } from '../records.js';
import type { DisplayedClaim, ErrorReport, ReferralRow, TimeRange, WidgetRow } from '../report-rows.js';
import { events, num, str, strOrNull, type Reads } from './reads.js';
import { fromStored, ROW_COLUMNS } from './rows.js';
import { lit } from './sql.js';
import { codeSql, errorCounts, kindSql } from '../error-kind.js';

/** An error's kind: its code, else its message with ids, numbers, URLs and quoted values taken out (error-kind.ts). */
const KIND_ARGS = [
  'p_code',
  'p_message',
  lit,
  (e: string, p: string, r: string) => `replaceRegexpAll(${e}, ${p}, ${r})`,
] as const;
const KIND = kindSql(...KIND_ARGS);
/** Its code: the sender's, else that of a message older clients sent without one (error-kind.ts). */
const CODE = codeSql(...KIND_ARGS);

type SiteQueries = Pick<
  ReportQueries,
  'countEvents' | 'countInvalidProps' | 'visitorsForUsers' | 'tail' | 'widgets' | 'referrals' | 'errors'
>;

/** Distinct sets of figures the stock-banner audit lists (most shown first). */
const MAX_CLAIMS = 200;

const inRange = (range: TimeRange) => `ts BETWEEN ${lit(Math.trunc(range.from))} AND ${lit(Math.trunc(range.to))}`;

export class ClickHouseSiteQueries implements SiteQueries {
  constructor(private readonly r: Reads) {}

  private async count(site: string, where = '1'): Promise<number> {
    await this.r.settle();
    const [r] = await this.r.nodes.rows(`SELECT count() AS n FROM ${events(site)} AND ${where}`);
    return num(r?.n);
  }

  countEvents(site: string): Promise<number> {
    return this.count(site);
  }

  countInvalidProps(site: string): Promise<number> {
    return this.count(site, 'invalid_props = 1');
  }

  async visitorsForUsers(site: string, userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!userIds.length) return out;
    // queued and in-flight rows taken before the query: a flush that ends while it runs is then in one or the other
    const pending = [...this.r.queued()];
    const rows = await this.r.nodes.rows(`
      SELECT user_id, argMax(anonymous_id, ts) AS anon FROM ${events(site)}
        AND user_id IN (${userIds.map(lit).join(', ')}) AND anonymous_id IS NOT NULL AND substring(anonymous_id, 1, 5) != 'user:'
      GROUP BY user_id`);
    for (const r of rows) out.set(String(r.user_id), String(r.anon));
    for (const e of pending)
      if (
        e.site === site &&
        e.userId &&
        e.anonymousId &&
        !e.anonymousId.startsWith('user:') &&
        userIds.includes(e.userId)
      )
        out.set(e.userId, e.anonymousId);
    return out;
  }

  async tail(site: string, limit: number): Promise<EventRow[]> {
    // The live tail keeps working while writes fail: whatever is still queued is merged in below.
    await this.r.settle().catch(() => undefined);
    const fresh = this.r
      .queued()
      .filter((e) => e.site === site)
      .slice(-limit)
      .reverse();
    if (fresh.length >= limit) return fresh;
    const stored = await this.r.nodes.rows(
      `SELECT ${ROW_COLUMNS} FROM ${events(site)} ORDER BY received_at DESC, ts DESC LIMIT ${lit(Math.max(0, Math.floor(limit - fresh.length)))}`,
    );
    // a row in a flush that is being written is both queued and (maybe) stored: listed once
    const ids = new Set(fresh.map((e) => e.id));
    return fresh.concat(stored.map(fromStored).filter((e) => !ids.has(e.id)));
  }

  async widgets(site: string, range: TimeRange): Promise<{ widgets: WidgetRow[]; claims: DisplayedClaim[] }> {
    await this.r.settle();
    const rows = await this.r.nodes.rows(`
      SELECT widget, argMaxIf(widget_type, ts, widget_type IS NOT NULL) AS widget_type,
        -- a stock banner re-announcing changed figures (update: true) is the same show
        countIf(name = 'view_promotion' AND ifNull(p_update, 'false') != 'true') AS shows,
        countIf(name = 'select_promotion') AS claims, countIf(name = 'share') AS shares, countIf(name = 'nudge_dismiss') AS dismissals
      FROM ${events(site)} AND widget IS NOT NULL AND ${inRange(range)}
        AND name IN ('view_promotion', 'select_promotion', 'share', 'nudge_dismiss')
      GROUP BY widget ORDER BY widget`);
    // the figures a stock banner showed (claim: its props without the promotion fields, made at insert); the time the
    // figures were read (asOf) changes with every read of the same numbers, so it is a range, not part of the claim
    const claims = await this.r.nodes.rows(`
      SELECT widget, claim, count() AS shows, min(p_as_of) AS as_of_first, max(p_as_of) AS as_of_last
      FROM ${events(site)} AND name = 'view_promotion' AND widget IS NOT NULL AND ${inRange(range)}
        AND claim IS NOT NULL AND claim != '{}'
      GROUP BY widget, claim ORDER BY widget, shows DESC, claim LIMIT ${MAX_CLAIMS}`);
    return {
      widgets: rows.map((r) => ({
        widget: String(r.widget),
        type: strOrNull(r.widget_type),
        shows: num(r.shows),
        claims: num(r.claims),
        shares: num(r.shares),
        dismissals: num(r.dismissals),
      })),
      claims: claims.map((r) => ({
        widget: String(r.widget),
        claim: String(r.claim),
        shows: num(r.shows),
        ...(r.as_of_first ? { asOf: { first: String(r.as_of_first), last: String(r.as_of_last) } } : {}),
      })),
    };
  }

  async referrals(site: string, range: TimeRange): Promise<ReferralRow[]> {
    await this.r.settle();
    // A referrer is whoever shared the code (or whose user id is the code); their own visits and purchases are
    // self-referrals. Codes compare case-insensitively and are reported upper-cased. Owners live on other shards than
    // their friends, hence GLOBAL IN (the owner set is built once and sent to every shard).
    const owners = `SELECT upperUTF8(share_code) AS code, anonymous_id, user_id FROM ${events(site)}
      AND name IN ('share', 'select_promotion', 'generate_lead') AND share_code IS NOT NULL`;
    const sql = `
      SELECT code, count() AS landings, countIf(bought = 1 AND t1 >= t0) AS first_purchases
      FROM (
        SELECT code, v, t0, uid FROM (
          SELECT upperUTF8(ref_code) AS code, anonymous_id AS v, min(ts) AS t0, any(user_id) AS uid
          FROM ${events(site)} AND ref_code IS NOT NULL AND anonymous_id IS NOT NULL AND ${inRange(range)}
          GROUP BY code, v
        )
        WHERE upperUTF8(v) != code AND upperUTF8(ifNull(uid, '')) != code
          AND (code, v) GLOBAL NOT IN (SELECT code, ifNull(anonymous_id, '') FROM (${owners}))
          AND (code, ifNull(uid, '\\0none')) GLOBAL NOT IN (SELECT code, user_id FROM (${owners}) WHERE user_id IS NOT NULL)
      ) AS friends
      ANY LEFT JOIN (
        SELECT anonymous_id AS v, min(ts) AS t1, 1 AS bought FROM ${events(site)} AND name = 'purchase' AND ts <= ${lit(Math.trunc(range.to))}
        GROUP BY anonymous_id
      ) AS first_purchase USING v
      GROUP BY code ORDER BY landings DESC, first_purchases DESC, code`;
    const rows = await this.r.nodes.rows(sql);
    return rows.map((r) => ({
      code: String(r.code),
      landings: num(r.landings),
      firstPurchases: num(r.first_purchases),
    }));
  }

  async errors(site: string, range: TimeRange, limit: number): Promise<ErrorReport> {
    await this.r.settle();
    // Fields as the collector (invalid_props) and the browser SDK (widget, chunk, config, name errors) send them;
    // the widget falls back to the stored widget column (promotion_id / widget / widget_id). A widget reporting its
    // own trouble sends its promotion fields and no source: it groups with the failures the mounter reports.
    const groups = `
      SELECT code, source, event, field AS path, w AS widget, kind, count() AS n, uniqExact(anonymous_id) AS visitors,
        uniqExact(page) AS pages, min(ts) AS first_seen, max(ts) AS last_seen, argMax(tuple(message), ts).1 AS message,
        argMaxIf(wt, ts, wt IS NOT NULL) AS widget_type
      FROM (
        SELECT ${CODE} AS code, ifNull(p_source, if(p_code IS NULL AND ifNull(p_widget_id, widget) IS NOT NULL, 'widget', NULL)) AS source,
          p_event AS event, p_path AS field, ifNull(p_widget_id, widget) AS w, p_message AS message, ${KIND} AS kind, anonymous_id, path AS page, ts,
          if(ifNull(ifNull(p_widget_id, widget) = widget, 0) = 1, widget_type, NULL) AS wt
        FROM ${events(site)} AND name = 'nudge_error' AND ${inRange(range)}
      )
      GROUP BY code, source, event, field, w, kind`;
    const rows = await this.r.nodes.rows(`
      SELECT * FROM (${groups})
      ORDER BY n DESC, last_seen DESC, code NULLS LAST, source NULLS LAST, event NULLS LAST, path NULLS LAST, widget NULLS LAST, kind NULLS LAST
      LIMIT ${lit(Math.max(1, Math.floor(limit)))}`);
    const [all] = await this.r.nodes.rows(`SELECT sum(n) AS total, count() AS total_groups FROM (${groups})`);
    return {
      groups: rows.map((r) => ({
        code: str(r.code),
        source: str(r.source),
        event: str(r.event),
        path: str(r.path),
        widget: str(r.widget),
        widgetType: strOrNull(r.widget_type),
        kind: str(r.kind),
        count: num(r.n),
        counts: errorCounts(str(r.code)),
        visitors: num(r.visitors),
        pages: num(r.pages),
        firstSeen: num(r.first_seen),
        lastSeen: num(r.last_seen),
        example: { message: str(r.message) },
      })),
      total: num(all?.total),
      totalGroups: num(all?.total_groups),
    };
  }
}
