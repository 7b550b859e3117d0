// Summary settings per person and the record of each summary sent (one row per person, site, period), on the SQL seam.
import { migrateOnce, type Sql } from '../store/sql/sql.js';
import { NO_SUMMARIES, type SummaryPeriod, type SummarySettings } from './settings.js';

const MIGRATIONS = [
  {
    version: 1,
    why: "people's summary settings and the summaries sent",
    sql: `CREATE TABLE IF NOT EXISTS summary_settings (user_id TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS summary_sends (user_id TEXT NOT NULL, site TEXT NOT NULL, period TEXT NOT NULL,
        period_start BIGINT NOT NULL, period_end BIGINT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        updated_at BIGINT NOT NULL, detail TEXT, PRIMARY KEY (user_id, site, period, period_start))`,
  },
];

/** Tries per summary before it is left as failed (a run every few minutes tries again until then). */
export const MAX_ATTEMPTS = 3;
/** A summary being sent is leased this long, so a server that died mid-send leaves it to be tried again. */
const LEASE_MS = 120_000;

export interface SummarySend {
  site: string;
  period: SummaryPeriod;
  from: number;
  to: number;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  at: number;
  detail: string | null;
}

export class SummaryStore {
  private readonly migrated: () => Promise<void>;
  constructor(private readonly sql: Sql) {
    this.migrated = migrateOnce(sql, 'summaries', MIGRATIONS);
  }

  async settings(userId: string): Promise<SummarySettings> {
    await this.migrated();
    const [row] = await this.sql.query<{ doc: string }>('SELECT doc FROM summary_settings WHERE user_id = $1', [
      userId,
    ]);
    return row ? (JSON.parse(row.doc) as SummarySettings) : NO_SUMMARIES;
  }

  async setSettings(userId: string, s: SummarySettings, now = Date.now()): Promise<void> {
    await this.migrated();
    await this.sql.query(
      `INSERT INTO summary_settings VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
      [userId, JSON.stringify(s), now],
    );
  }

  /** Everyone with a setting that asks for something. */
  async subscribers(): Promise<{ userId: string; settings: SummarySettings }[]> {
    await this.migrated();
    const rows = await this.sql.query<{ user_id: string; doc: string }>(
      'SELECT user_id, doc FROM summary_settings ORDER BY user_id',
    );
    return rows
      .map((r) => ({ userId: r.user_id, settings: JSON.parse(r.doc) as SummarySettings }))
      .filter((r) => (r.settings.email || r.settings.webhook) && r.settings.sites.some((s) => s.daily || s.weekly));
  }

  /**
   * Takes the summary of this period for sending: true when this caller may send it now (new, or failed fewer than
   * MAX_ATTEMPTS times, or a send whose lease ran out). One conditional statement each, so a summary is sent once.
   */
  async claim(userId: string, site: string, period: SummaryPeriod, from: number, to: number, now: number) {
    await this.migrated();
    const key = [userId, site, period, from] as const;
    const made = await this.sql.query(
      `INSERT INTO summary_sends VALUES ($1, $2, $3, $4, $5, 'sending', 1, $6, NULL)
       ON CONFLICT (user_id, site, period, period_start) DO NOTHING RETURNING user_id`,
      [...key, to, now],
    );
    if (made.length) return true;
    const again = await this.sql.query(
      `UPDATE summary_sends SET status = 'sending', attempts = attempts + 1, updated_at = $5
       WHERE user_id = $1 AND site = $2 AND period = $3 AND period_start = $4 AND attempts < ${MAX_ATTEMPTS}
         AND (status = 'failed' OR (status = 'sending' AND updated_at < $6)) RETURNING user_id`,
      [...key, now, now - LEASE_MS],
    );
    return again.length > 0;
  }

  async finish(
    userId: string,
    site: string,
    period: SummaryPeriod,
    from: number,
    ok: boolean,
    detail: string | null,
    now: number,
  ) {
    await this.sql.query(
      `UPDATE summary_sends SET status = $5, detail = $6, updated_at = $7
       WHERE user_id = $1 AND site = $2 AND period = $3 AND period_start = $4`,
      [userId, site, period, from, ok ? 'sent' : 'failed', detail, now],
    );
  }

  /** A person's summaries, newest first. */
  async sends(userId: string, limit = 50): Promise<SummarySend[]> {
    await this.migrated();
    const rows = await this.sql.query<Record<string, string | number | null>>(
      `SELECT site, period, period_start, period_end, status, attempts, updated_at, detail FROM summary_sends
       WHERE user_id = $1 ORDER BY period_start DESC, site, period LIMIT $2`,
      [userId, limit],
    );
    return rows.map((r) => ({
      site: String(r.site),
      period: r.period === 'weekly' ? 'weekly' : 'daily',
      from: Number(r.period_start),
      to: Number(r.period_end),
      status: r.status === 'sent' ? 'sent' : r.status === 'failed' ? 'failed' : 'sending',
      attempts: Number(r.attempts),
      at: Number(r.updated_at),
      detail: r.detail === null ? null : String(r.detail),
    }));
  }
}
