// Site reports in DuckDB SQL: widgets, referrals, errors, counts, the live tail and user-to-visitor lookup.
import { listValue } from '@duckdb/node-api';
import type { ReportQueries } from '../ports.js';
import type { EventRow } from '../records.js';
import type { DisplayedClaim, ErrorReport, ReferralRow, TimeRange, WidgetRow } from '../report-rows.js';
import { num, str } from './connection.js';
import { toEventRow } from './events.js';
import { type Reads } from './reads.js';
import { INVALID_PROPS } from './schema.js';
import { codeSql, errorCounts, kindSql } from '../error-kind.js';

/** An error's kind: its code, else its message with ids, numbers, URLs and quoted values taken out (error-kind.ts). */
const KIND_ARGS = [
  "json_extract_string(props, '$.code')",
  "json_extract_string(props, '$.message')",
  (s: string) => `'${s.replaceAll("'", "''")}'`,
  (e: string, p: string, r: string) => `regexp_replace(${e}, ${p}, ${r}, 'g')`,
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

export class DuckDBSiteQueries implements SiteQueries {
  constructor(private readonly r: Reads) {}

  async countEvents(site: string): Promise<number> {
    await this.r.settle();
    const [r] = await this.r.db.rows('SELECT count(*)::BIGINT AS n FROM events WHERE site = $site', { site });
    return num(r?.n ?? 0);
  }

  async countInvalidProps(site: string): Promise<number> {
    await this.r.settle();
    const [r] = await this.r.db.rows(
      `SELECT count(*)::BIGINT AS n FROM events WHERE site = $site AND ${INVALID_PROPS}`,
      {
        site,
      },
    );
    return num(r?.n ?? 0);
  }

  async visitorsForUsers(site: string, userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!userIds.length) return out;
    // Taken first: a row a flush stores while the query runs is then in one of the two.
    const unstored = this.r.queued();
    const rows = await this.r.db.rows(
      `
      SELECT user_id, arg_max(anonymous_id, ts) AS anon FROM events
      WHERE site = $site AND list_contains($ids, user_id) AND anonymous_id IS NOT NULL AND NOT starts_with(anonymous_id, 'user:')
      GROUP BY user_id`,
      { site, ids: listValue(userIds) },
    );
    for (const r of rows) out.set(String(r.user_id), String(r.anon));
    for (const e of unstored)
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
    const stored = (
      await this.r.db.rows('SELECT * FROM events WHERE site = $site ORDER BY received_at DESC, ts DESC LIMIT $limit', {
        site,
        limit: limit - fresh.length,
      })
    ).map(toEventRow);
    // A flush may store a row of `fresh` while the query runs: it is listed once.
    const ids = new Set(fresh.map((e) => e.id));
    return fresh.concat(stored.filter((e) => !ids.has(e.id)));
  }

  async widgets(site: string, range: TimeRange): Promise<{ widgets: WidgetRow[]; claims: DisplayedClaim[] }> {
    await this.r.settle();
    const params = { site, from: range.from, to: range.to };
    const rows = await this.r.db.rows(
      `
      SELECT widget, arg_max(widget_type, ts) FILTER (WHERE widget_type IS NOT NULL) AS widget_type,
        -- a stock banner re-announcing changed figures (update: true) is the same show
        count(*) FILTER (WHERE name = 'view_promotion' AND coalesce(json_extract_string(props, '$.update'), 'false') <> 'true')::BIGINT AS shows,
        count(*) FILTER (WHERE name = 'select_promotion')::BIGINT AS claims,
        count(*) FILTER (WHERE name = 'share')::BIGINT AS shares,
        count(*) FILTER (WHERE name = 'nudge_dismiss')::BIGINT AS dismissals
      FROM events WHERE site = $site AND widget IS NOT NULL AND ts BETWEEN $from AND $to
        AND name IN ('view_promotion', 'select_promotion', 'share', 'nudge_dismiss')
      GROUP BY widget ORDER BY widget`,
      params,
    );
    const claims = await this.r.db.rows(
      `
      SELECT widget, claim, count(*)::BIGINT AS shows, min(as_of) AS as_of_first, max(as_of) AS as_of_last FROM (
        -- the figures a stock banner showed: its view_promotion props without the promotion identifiers; the time the
        -- figures were read (asOf) changes with every read of the same numbers, so it is a range, not part of the claim
        SELECT widget, CAST(json_merge_patch(props, '{"promotion_id":null,"creative_slot":null,"update":null,"asOf":null}') AS VARCHAR) AS claim,
          json_extract_string(props, '$.asOf') AS as_of
        FROM events WHERE site = $site AND name = 'view_promotion' AND widget IS NOT NULL AND ts BETWEEN $from AND $to
          AND json_extract_string(props, '$.creative_slot') = 'stock-banner'
      ) WHERE claim <> '{}' GROUP BY widget, claim ORDER BY widget, shows DESC, claim LIMIT ${MAX_CLAIMS}`,
      params,
    );
    return {
      widgets: rows.map((r) => ({
        widget: String(r.widget),
        type: str(r.widget_type),
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
    // A referrer is whoever shared the code (or whose user id is the code); their own visits and purchases are self-referrals.
    const sql = `
      WITH shared AS (
        -- the referral card sends share/select_promotion with the code as item_id (content_type 'referral')
        -- (GA4's share fields); props.code / props.referral_code are older senders' fields, kept as fallbacks
        -- codes compare case-insensitively (a friend may type the code from a chat message), reported upper-cased
        SELECT upper(coalesce(
            CASE WHEN json_extract_string(props, '$.content_type') = 'referral' OR json_extract_string(props, '$.creative_slot') = 'referral-card'
              THEN json_extract_string(props, '$.item_id') END,
            json_extract_string(props, '$.code'), json_extract_string(props, '$.referral_code'))) AS code, anonymous_id, user_id
        FROM events WHERE site = $site AND name IN ('share', 'select_promotion', 'generate_lead')
      ),
      owners AS (SELECT DISTINCT code, anonymous_id, user_id FROM shared WHERE code IS NOT NULL),
      landed AS (
        SELECT upper(ref_code) AS code, anonymous_id AS v, min(ts) AS t0, any_value(user_id) AS uid
        FROM events WHERE site = $site AND ref_code IS NOT NULL AND anonymous_id IS NOT NULL AND ts BETWEEN $from AND $to
        GROUP BY upper(ref_code), anonymous_id
      ),
      friends AS (
        SELECT l.* FROM landed l
        WHERE upper(l.v) <> l.code AND upper(coalesce(l.uid, '')) <> l.code
          AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.code = l.code AND (o.anonymous_id = l.v OR (o.user_id IS NOT NULL AND o.user_id = l.uid)))
      ),
      first_purchase AS (
        SELECT anonymous_id AS v, min(ts) AS t1 FROM events WHERE site = $site AND name = 'purchase' AND ts <= $to GROUP BY anonymous_id
      )
      SELECT f.code, count(*)::BIGINT AS landings, count(p.v) FILTER (WHERE p.t1 >= f.t0)::BIGINT AS first_purchases
      FROM friends f LEFT JOIN first_purchase p ON p.v = f.v
      GROUP BY f.code ORDER BY landings DESC, first_purchases DESC, f.code`;
    const rows = await this.r.db.rows(sql, { site, from: range.from, to: range.to });
    return rows.map((r) => ({
      code: String(r.code),
      landings: num(r.landings),
      firstPurchases: num(r.first_purchases),
    }));
  }

  async errors(site: string, range: TimeRange, limit: number): Promise<ErrorReport> {
    await this.r.settle();
    // Fields as the collector (invalid_props) and the browser SDK (widget, chunk, config, name errors) send them;
    // the widget falls back to the stored widget column (promotion_id / widget / widget_id).
    const sql = `
      WITH e AS (
        -- a widget reports its own trouble (NudgeElement.report) with its promotion fields and no source: it is a widget
        -- failure like one the mounter reports (source 'widget'), and groups with it
        SELECT ${CODE} AS code, coalesce(json_extract_string(props, '$.source'),
            CASE WHEN json_extract_string(props, '$.code') IS NULL AND coalesce(json_extract_string(props, '$.widget_id'), widget) IS NOT NULL THEN 'widget' END) AS source,
          json_extract_string(props, '$.event') AS event, json_extract_string(props, '$.path') AS path,
          coalesce(json_extract_string(props, '$.widget_id'), widget) AS widget,
          -- page: the events' path column (the page), not the bad field of the line above
          json_extract_string(props, '$.message') AS message, ${KIND} AS kind, anonymous_id, events.path AS page, ts,
          -- the type stored with the event when its widget column names the same widget
          CASE WHEN coalesce(json_extract_string(props, '$.widget_id'), widget) = widget THEN widget_type END AS widget_type
        FROM events WHERE site = $site AND name = 'nudge_error' AND ts BETWEEN $from AND $to
      ),
      g AS (
        SELECT code, source, event, path, widget, kind, count(*)::BIGINT AS n,
          count(DISTINCT anonymous_id)::BIGINT AS visitors, count(DISTINCT page)::BIGINT AS pages, min(ts) AS first_seen, max(ts) AS last_seen, arg_max(message, ts) AS message,
          arg_max(widget_type, ts) FILTER (WHERE widget_type IS NOT NULL) AS widget_type
        FROM e GROUP BY code, source, event, path, widget, kind
      )
      SELECT *, sum(n) OVER ()::BIGINT AS total, count(*) OVER ()::BIGINT AS total_groups FROM g
      ORDER BY n DESC, last_seen DESC, code NULLS LAST, source NULLS LAST, event NULLS LAST, path NULLS LAST, widget NULLS LAST, kind NULLS LAST
      LIMIT $limit`;
    const rows = await this.r.db.rows(sql, {
      site,
      from: range.from,
      to: range.to,
      limit: Math.max(1, Math.floor(limit)),
    });
    return {
      groups: rows.map((r) => ({
        code: str(r.code),
        source: str(r.source),
        event: str(r.event),
        path: str(r.path),
        widget: str(r.widget),
        widgetType: str(r.widget_type),
        kind: str(r.kind),
        count: num(r.n),
        counts: errorCounts(str(r.code)),
        visitors: num(r.visitors),
        pages: num(r.pages),
        firstSeen: num(r.first_seen),
        lastSeen: num(r.last_seen),
        example: { message: str(r.message) },
      })),
      total: num(rows[0]?.total ?? 0),
      totalGroups: num(rows[0]?.total_groups ?? 0),
    };
  }
}
