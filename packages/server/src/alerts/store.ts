// Alert rules, delivery, each rule's state, fired/resolved events and the evaluation lock, on the control SQL seam.
import { mailLocaleSchema, type MailLocale } from '../mail-locale.js';
import { migrateOnce, type Sql } from '../store/sql/sql.js';
import { BUILT_IN_RULES, deliverySchema, ruleSchema, type AlertDelivery, type AlertRule } from './rules.js';

const MIGRATIONS = [
  {
    version: 1,
    why: 'alert rules, delivery, state, events and the evaluation lock',
    sql: `CREATE TABLE IF NOT EXISTS alert_rules (site TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, updated_at BIGINT NOT NULL,
        PRIMARY KEY (site, id));
      CREATE TABLE IF NOT EXISTS alert_delivery (site TEXT PRIMARY KEY, webhook_url TEXT, secret TEXT, updated_at BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS alert_state (site TEXT NOT NULL, rule TEXT NOT NULL, firing BOOLEAN NOT NULL,
        since BIGINT, resolved_at BIGINT, notified_at BIGINT, last_window BIGINT, PRIMARY KEY (site, rule));
      CREATE TABLE IF NOT EXISTS alert_events (site TEXT NOT NULL, id TEXT NOT NULL, rule TEXT NOT NULL, kind TEXT NOT NULL,
        happened_at BIGINT NOT NULL, figures TEXT NOT NULL, delivery TEXT NOT NULL, PRIMARY KEY (site, id));
      CREATE TABLE IF NOT EXISTS alert_locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, held_until BIGINT NOT NULL)`,
  },
  {
    version: 2,
    why: 'alerts by email: the addresses (a JSON array), sent through the site mail server',
    sql: 'ALTER TABLE alert_delivery ADD COLUMN IF NOT EXISTS emails TEXT',
  },
  {
    version: 3,
    why: 'the language of the alert emails (en, zh-CN, zh-TW; NULL: en), set from the console',
    sql: 'ALTER TABLE alert_delivery ADD COLUMN IF NOT EXISTS locale TEXT',
  },
];

export interface RuleState {
  firing: boolean;
  since: number | null;
  resolvedAt: number | null;
  notifiedAt: number | null;
  lastWindow: number | null;
}

export interface DeliveryStatus {
  status: 'delivered' | 'failed' | 'suppressed' | 'none';
  detail?: string;
}

export interface AlertEvent {
  id: string;
  rule: string;
  kind: 'fired' | 'resolved';
  at: number;
  figures: Record<string, unknown>;
  /**
   * The webhook's: delivered, failed (with why), suppressed (cooldown), none (no webhook set); `email` the same for
   * the email, when addresses are set.
   */
  delivery: DeliveryStatus & { email?: DeliveryStatus };
}

export class AlertStore {
  /** the tables, made on first use (a failed run is tried again by the next call) */
  private readonly migrated: () => Promise<void>;
  constructor(private readonly sql: Sql) {
    this.migrated = migrateOnce(sql, 'alerts', MIGRATIONS);
  }

  private init(): Promise<void> {
    return this.migrated();
  }

  /** Built-ins (as the site left them) then the site's own, by id. */
  async rules(site: string): Promise<(AlertRule & { builtIn: boolean })[]> {
    await this.init();
    const rows = await this.sql.query<{ id: string; doc: string }>(
      'SELECT id, doc FROM alert_rules WHERE site = $1 ORDER BY id',
      [site],
    );
    const stored = new Map(rows.map((r) => [r.id, ruleSchema.parse(JSON.parse(r.doc))]));
    const builtIn = BUILT_IN_RULES.map((r) => ({ ...(stored.get(r.id) ?? r), builtIn: true }));
    const own = [...stored.values()]
      .filter((r) => !BUILT_IN_RULES.some((b) => b.id === r.id))
      .map((r) => ({ ...r, builtIn: false }));
    return [...builtIn, ...own];
  }

  async putRule(site: string, rule: AlertRule, now = Date.now()): Promise<void> {
    await this.init();
    await this.sql.query(
      `INSERT INTO alert_rules VALUES ($1, $2, $3, $4)
       ON CONFLICT (site, id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
      [site, rule.id, JSON.stringify(rule), now],
    );
  }

  /** `locale` only once one was set (the emails are in English until then). */
  async delivery(
    site: string,
  ): Promise<{ webhookUrl: string | null; secret: string | null; emails: string[]; locale?: MailLocale }> {
    await this.init();
    const [row] = await this.sql.query<{
      webhook_url: string | null;
      secret: string | null;
      emails: string | null;
      locale: string | null;
    }>('SELECT webhook_url, secret, emails, locale FROM alert_delivery WHERE site = $1', [site]);
    const emails = row?.emails ? (JSON.parse(row.emails) as string[]) : [];
    const locale = mailLocaleSchema.safeParse(row?.locale).data;
    return { webhookUrl: row?.webhook_url ?? null, secret: row?.secret ?? null, emails, ...(locale ? { locale } : {}) };
  }

  /** Sets the webhook; the secret, the email addresses and their language too when given (absent: kept). */
  async setDelivery(site: string, d: AlertDelivery, now = Date.now()): Promise<void> {
    await this.init();
    const v = deliverySchema.parse(d);
    const before = await this.delivery(site);
    const emails = v.emails ?? before.emails;
    const secret = v.secret === undefined ? before.secret : v.secret;
    const locale = v.locale ?? before.locale ?? null;
    await this.sql.query(
      `INSERT INTO alert_delivery (site, webhook_url, secret, updated_at, emails, locale) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site) DO UPDATE SET webhook_url = excluded.webhook_url, secret = excluded.secret,
         updated_at = excluded.updated_at, emails = excluded.emails, locale = excluded.locale`,
      [site, v.webhookUrl, secret, now, JSON.stringify(emails), locale],
    );
  }

  async state(site: string, rule: string): Promise<RuleState> {
    await this.init();
    const [r] = await this.sql.query<Record<string, number | boolean | null>>(
      'SELECT firing, since, resolved_at, notified_at, last_window FROM alert_state WHERE site = $1 AND rule = $2',
      [site, rule],
    );
    const n = (x: unknown) => (x === null || x === undefined ? null : Number(x));
    return r
      ? {
          firing: !!r.firing,
          since: n(r.since),
          resolvedAt: n(r.resolved_at),
          notifiedAt: n(r.notified_at),
          lastWindow: n(r.last_window),
        }
      : { firing: false, since: null, resolvedAt: null, notifiedAt: null, lastWindow: null };
  }

  async setState(site: string, rule: string, s: RuleState): Promise<void> {
    await this.init();
    await this.sql.query(
      `INSERT INTO alert_state VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (site, rule) DO UPDATE SET firing = excluded.firing, since = excluded.since,
         resolved_at = excluded.resolved_at, notified_at = excluded.notified_at, last_window = excluded.last_window`,
      [site, rule, s.firing, s.since, s.resolvedAt, s.notifiedAt, s.lastWindow],
    );
  }

  async addEvent(site: string, e: AlertEvent): Promise<void> {
    await this.init();
    await this.sql.query('INSERT INTO alert_events VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      site,
      e.id,
      e.rule,
      e.kind,
      e.at,
      JSON.stringify(e.figures),
      JSON.stringify(e.delivery),
    ]);
  }

  /** Newest first. */
  async events(site: string, opts: { rule?: string; limit?: number } = {}): Promise<AlertEvent[]> {
    await this.init();
    const rows = await this.sql.query<Record<string, string | number>>(
      `SELECT id, rule, kind, happened_at, figures, delivery FROM alert_events WHERE site = $1 AND ($2 = '' OR rule = $2)
       ORDER BY happened_at DESC, id DESC LIMIT $3`,
      [site, opts.rule ?? '', opts.limit ?? 100],
    );
    return rows.map((r) => ({
      id: String(r.id),
      rule: String(r.rule),
      kind: r.kind === 'resolved' ? 'resolved' : 'fired',
      at: Number(r.happened_at),
      figures: JSON.parse(String(r.figures)) as Record<string, unknown>,
      delivery: JSON.parse(String(r.delivery)) as AlertEvent['delivery'],
    }));
  }

  /**
   * Takes or renews the named lock until `until` for `holder`: true when this holder has it. One conditional upsert,
   * so of several servers at once exactly one gets it (the others' statement matches no row).
   */
  async lock(name: string, holder: string, now: number, until: number): Promise<boolean> {
    await this.init();
    const rows = await this.sql.query<{ holder: string }>(
      `INSERT INTO alert_locks VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until
       WHERE alert_locks.held_until < $4 OR alert_locks.holder = $2
       RETURNING holder`,
      [name, holder, until, now],
    );
    return rows[0]?.holder === holder;
  }
}
