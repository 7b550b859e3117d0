// Drafts an editor saves for a publisher, and each site's rule that publishing needs a second person, on the SQL
// seam (store/sql) so they live in the control database whichever it is.
import type { NudgeConfig } from '@nudge/core/spec';
import { migrateOnce, type Migration, type Sql, type SqlValue } from '../store/sql/sql.js';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    why: 'drafts and the approval rule',
    sql: `
      CREATE TABLE IF NOT EXISTS config_drafts (id TEXT PRIMARY KEY, site TEXT NOT NULL, author TEXT NOT NULL,
        doc TEXT NOT NULL, message TEXT NOT NULL, base_version INTEGER NOT NULL, created_at BIGINT NOT NULL,
        state TEXT NOT NULL, decided_by TEXT, decided_at BIGINT, published_version INTEGER);
      CREATE TABLE IF NOT EXISTS site_rules (site TEXT PRIMARY KEY, require_approval BOOLEAN NOT NULL)`,
  },
];

export type DraftState = 'open' | 'published' | 'discarded';

export interface Draft {
  id: string;
  site: string;
  author: string;
  config: NudgeConfig;
  message: string;
  /** the version the draft was made from: publishing refuses it (409) once another version is live */
  baseVersion: number;
  createdAt: number;
  state: DraftState;
  decidedBy: string | null;
  decidedAt: number | null;
  publishedVersion: number | null;
}

const draft = (r: Record<string, unknown>): Draft => ({
  id: String(r.id),
  site: String(r.site),
  author: String(r.author),
  config: JSON.parse(String(r.doc)) as NudgeConfig,
  message: String(r.message),
  baseVersion: Number(r.base_version),
  createdAt: Number(r.created_at),
  state: r.state as DraftState,
  decidedBy: r.decided_by == null ? null : String(r.decided_by),
  decidedAt: r.decided_at == null ? null : Number(r.decided_at),
  publishedVersion: r.published_version == null ? null : Number(r.published_version),
});

export class Drafts {
  /** the tables, made on first use (a failed run is tried again by the next call) */
  private readonly migrated: () => Promise<void>;

  constructor(private readonly sql: Sql) {
    this.migrated = migrateOnce(sql, 'drafts', MIGRATIONS);
  }

  private async q(text: string, params?: SqlValue[]) {
    await this.migrated();
    return this.sql.query(text, params);
  }

  async save(d: Omit<Draft, 'id' | 'state' | 'decidedBy' | 'decidedAt' | 'publishedVersion'>): Promise<Draft> {
    const id = crypto.randomUUID();
    await this.q('INSERT INTO config_drafts VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL)', [
      id,
      d.site,
      d.author,
      JSON.stringify(d.config),
      d.message,
      d.baseVersion,
      d.createdAt,
      'open',
    ]);
    return { ...d, id, state: 'open', decidedBy: null, decidedAt: null, publishedVersion: null };
  }

  async get(site: string, id: string): Promise<Draft | undefined> {
    const [r] = await this.q('SELECT * FROM config_drafts WHERE site = $1 AND id = $2', [site, id]);
    return r ? draft(r) : undefined;
  }

  /** Open drafts first, then the latest decided ones. */
  async list(site: string, limit = 50): Promise<Draft[]> {
    const rows = await this.q(
      `SELECT * FROM config_drafts WHERE site = $1
       ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, created_at DESC LIMIT $2`,
      [site, limit],
    );
    return rows.map(draft);
  }

  /** Closes an open draft once: false when someone else closed it first. */
  async decide(site: string, id: string, state: 'published' | 'discarded', by: string, version: number | null) {
    const rows = await this.q(
      `UPDATE config_drafts SET state = $3, decided_by = $4, decided_at = $5, published_version = $6
       WHERE site = $1 AND id = $2 AND state = 'open' RETURNING id`,
      [site, id, state, by, Date.now(), version],
    );
    return rows.length === 1;
  }

  async requiresApproval(site: string): Promise<boolean> {
    const [r] = await this.q('SELECT require_approval FROM site_rules WHERE site = $1', [site]);
    return r?.require_approval === true;
  }

  async setRequiresApproval(site: string, on: boolean): Promise<void> {
    await this.q(
      `INSERT INTO site_rules VALUES ($1, $2) ON CONFLICT (site) DO UPDATE SET require_approval = excluded.require_approval`,
      [site, on],
    );
  }
}
