// Records each scheduled start and stop of a widget or experiment in the history as it happens: once, by one server
// (a lock in the control store), and after a restart with its real time (a per-site cursor of what has been checked).
import { transitions, zoneOrUtc, type NudgeConfig } from '@nudge/core/spec';
import { migrateOnce, type Sql } from '../store/sql/sql.js';

const MIGRATIONS = [
  {
    version: 1,
    why: 'scheduled starts and stops, and the time each site was checked up to',
    // The key makes a row exist once however many servers (or retries) record it.
    sql: `CREATE TABLE IF NOT EXISTS schedule_events (site TEXT NOT NULL, target TEXT NOT NULL, id TEXT NOT NULL,
        happened_at BIGINT NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL, recorded_at BIGINT NOT NULL,
        PRIMARY KEY (site, target, id, happened_at, state));
      CREATE TABLE IF NOT EXISTS schedule_cursor (site TEXT PRIMARY KEY, checked_until BIGINT NOT NULL)`,
  },
  {
    version: 2,
    why: 'the lock is the control store lock the alerts and summaries take (AlertStore.lock), not a table of its own',
    sql: `DROP TABLE IF EXISTS schedule_locks`,
  },
];

/** One scheduled start or stop, as the history shows it (author "schedule"). */
export interface ScheduleEvent {
  target: 'widget' | 'experiment';
  id: string;
  state: 'start' | 'stop';
  /** when the boundary passed (epoch ms), not when it was recorded */
  at: number;
  /** the config version in force when it was recorded */
  version: number;
  recordedAt: number;
}

/** The lock outlives a run by this much, so a server that died mid-run frees it soon. */
const LOCK_MS = 60_000;

export class ScheduleHistory {
  private readonly migrated: () => Promise<void>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly d: {
      sites: () => string[];
      config: (site: string) => NudgeConfig | undefined;
      /** this server's name in the lock */
      holder: string;
      /** the control store's named lock (AlertStore.lock): true when `holder` holds `name` until `until` */
      lock: (name: string, holder: string, now: number, until: number) => Promise<boolean>;
    },
  ) {
    this.migrated = migrateOnce(sql, 'schedules', MIGRATIONS);
  }

  /** Checks every `intervalMs` (unref'd); returns the stop function. A failed run is logged and retried next time. */
  start(intervalMs: number, log: (line: string) => void = () => {}): () => void {
    const tick = () => {
      this.running ??= this.runOnce()
        .catch((err: unknown) => log(`schedules: recording failed: ${String(err)}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
    return () => clearInterval(this.timer);
  }

  /**
   * Records the boundaries passed since each site was last checked, up to `now`; null when another server holds the
   * lock. A site checked for the first time starts from its document's publish (`publishedAt`; else from `now`).
   */
  async runOnce(now = Date.now()): Promise<{ recorded: number } | null> {
    await this.migrated();
    if (!(await this.d.lock('schedules', this.d.holder, now, now + LOCK_MS))) return null;
    let recorded = 0;
    for (const site of this.d.sites()) {
      const config = this.d.config(site);
      const [row] = await this.sql.query<{ checked_until: number }>(
        'SELECT checked_until FROM schedule_cursor WHERE site = $1',
        [site],
      );
      // never looked at before: from the publish of the document in force (what happened under it is real)
      const from = row ? Number(row.checked_until) : Math.min(now, config?.publishedAt ?? now);
      if (config && from < now) {
        const zone = zoneOrUtc(config.timeZone);
        const targets = [
          ...config.widgets.map((w) => ['widget', w.id, w.schedule] as const),
          ...config.experiments
            // a draft or stopped experiment enrols no one whatever its schedule says
            .filter((e) => e.status === 'running')
            .map((e) => ['experiment', e.key, e.schedule] as const),
        ];
        for (const [target, id, schedule] of targets) {
          if (!schedule) continue;
          for (const t of transitions(schedule, zone, from, now)) {
            const rows = await this.sql.query(
              `INSERT INTO schedule_events VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
              [site, target, id, t.at, t.on ? 'start' : 'stop', config.version, now],
            );
            recorded += rows.length;
          }
        }
      }
      await this.sql.query(
        `INSERT INTO schedule_cursor VALUES ($1, $2)
         ON CONFLICT (site) DO UPDATE SET checked_until = excluded.checked_until
         WHERE schedule_cursor.checked_until < excluded.checked_until`,
        [site, now],
      );
    }
    return { recorded };
  }

  /** A site's scheduled starts and stops, newest first. */
  async events(site: string, limit = 500): Promise<ScheduleEvent[]> {
    await this.migrated();
    const rows = await this.sql.query(
      'SELECT * FROM schedule_events WHERE site = $1 ORDER BY happened_at DESC, id LIMIT $2',
      [site, limit],
    );
    return rows.map((r) => ({
      target: r.target === 'experiment' ? 'experiment' : 'widget',
      id: String(r.id),
      state: r.state === 'stop' ? 'stop' : 'start',
      at: Number(r.happened_at),
      version: Number(r.version),
      recordedAt: Number(r.recorded_at),
    }));
  }
}
