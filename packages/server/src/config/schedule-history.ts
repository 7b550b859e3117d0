// Records each scheduled start and stop of a widget or experiment in the history as it happens: once, by one server
// (a lock in the control store), and after a restart with its real time (a per-site cursor of what has been checked,
// kept in memory between writes so that sites without schedules cost the database nothing).
import { transitions, zoneOrUtc, type NudgeConfig, type Schedule } from '@nudge/core/spec';
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
  /** the config version in force when it passed */
  version: number;
  recordedAt: number;
}

/** The lock outlives a run by this much, so a server that died mid-run frees it soon. */
const LOCK_MS = 60_000;
/** How far back through a site's versions a run looks for the documents in force during its window. */
const MAX_VERSIONS_BACK = 20;

type Target = readonly ['widget' | 'experiment', string, Schedule];

/** What is scheduled in a document: widgets, and experiments while running (a draft enrols no one). */
const targetsOf = (config: NudgeConfig | undefined): Target[] =>
  config
    ? [
        ...config.widgets.flatMap((w) => (w.schedule ? [['widget', w.id, w.schedule] as const] : [])),
        ...config.experiments.flatMap((e) =>
          e.status === 'running' && e.schedule ? [['experiment', e.key, e.schedule] as const] : [],
        ),
      ]
    : [];

/** This server's memory of a site between runs. */
interface Seen {
  /** checked up to here (epoch ms); undefined: never, so the first look starts from the publish */
  cursor?: number;
  /** what `schedule_cursor` holds, as far as this server knows */
  written?: number;
  /** the document of the last check, and whether it had anything scheduled (undefined: not checked by this server) */
  doc?: NudgeConfig;
  scheduled?: boolean;
}

export class ScheduleHistory {
  private readonly migrated: () => Promise<void>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<unknown> | undefined;
  private seen = new Map<string, Seen>();
  /** until when the lock taken by this server's last run holds; undefined when that run did not get it */
  private heldUntil: number | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly d: {
      sites: () => string[];
      config: (site: string) => NudgeConfig | undefined;
      /**
       * A site's published version `v` (the store's `getConfig`), to compute a window that a publish split with the
       * document in force before it; without it, the oldest document at hand covers the rest of the window.
       */
      version?: (site: string, v: number) => Promise<NudgeConfig | undefined>;
      /** this server's name in the lock */
      holder: string;
      /** the control store's named lock (AlertStore.lock): true when `holder` holds `name` until `until` */
      lock: (name: string, holder: string, now: number, until: number) => Promise<boolean>;
      /**
       * A site's cursor is written when a run recorded one of its boundaries, on its first look, when its schedules
       * end, and else at most this often (default 5 minutes): a restart re-checks at most this much (harmless, a
       * boundary's key makes a second write a no-op), and the database sees no write per site per run.
       */
      cursorWriteMs?: number;
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
   * A site with nothing scheduled, now and at its last check, costs no statement.
   */
  async runOnce(now = Date.now()): Promise<{ recorded: number } | null> {
    await this.migrated();
    // held without a gap since the last run: no other server can have moved a cursor, so memory is the truth
    const kept = this.heldUntil !== undefined && now <= this.heldUntil;
    this.heldUntil = undefined;
    if (!(await this.d.lock('schedules', this.d.holder, now, now + LOCK_MS))) return null;
    if (!kept) await this.reload();
    this.heldUntil = now + LOCK_MS;
    let recorded = 0;
    const seen = new Map<string, Seen>();
    for (const site of this.d.sites()) {
      const s = this.seen.get(site) ?? {};
      seen.set(site, s);
      recorded += await this.check(site, s, now);
    }
    this.seen = seen;
    return { recorded };
  }

  /** One site's run: its boundaries recorded, its memory moved on; how many rows it added. */
  private async check(site: string, s: Seen, now: number): Promise<number> {
    const config = this.d.config(site);
    const scheduled = targetsOf(config).length > 0;
    // nothing scheduled now nor in any document in force since the last check (this server's, else the cursor's):
    // nothing can have passed; a gap of versions since this server's look may hide one, so it is read
    const quiet =
      s.scheduled === false
        ? !!config && !!s.doc && config.version - s.doc.version <= 1
        : !config?.publishedAt || s.cursor === undefined || config.publishedAt <= s.cursor;
    if (!config || (!scheduled && quiet)) {
      // looked at up to now, in memory only: a schedule published later is checked from here, not from its publish
      s.cursor = Math.max(s.cursor ?? now, now);
      Object.assign(s, { doc: config, scheduled: false });
      return 0;
    }
    // never looked at before: from the publish of the document in force (what happened under it is real)
    const from = s.cursor ?? Math.min(now, config.publishedAt ?? now);
    let recorded = 0;
    if (from < now) {
      for (const [doc, since, until] of await this.spans(site, config, s.doc, from, now)) {
        const zone = zoneOrUtc(doc.timeZone);
        for (const [target, id, schedule] of targetsOf(doc)) {
          for (const t of transitions(schedule, zone, since, until)) {
            const rows = await this.sql.query(
              `INSERT INTO schedule_events VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
              [site, target, id, t.at, t.on ? 'start' : 'stop', doc.version, now],
            );
            recorded += rows.length;
          }
        }
      }
    }
    s.cursor = Math.max(from, now);
    // a site whose schedules ended is written once more, so a restart need not look back through its versions
    const write =
      recorded > 0 ||
      (scheduled
        ? s.written === undefined || s.cursor - s.written >= (this.d.cursorWriteMs ?? 300_000)
        : s.scheduled !== false);
    if (write && s.cursor !== s.written) {
      await this.sql.query(
        `INSERT INTO schedule_cursor VALUES ($1, $2)
         ON CONFLICT (site) DO UPDATE SET checked_until = excluded.checked_until
         WHERE schedule_cursor.checked_until < excluded.checked_until`,
        [site, s.cursor],
      );
      s.written = s.cursor;
    }
    Object.assign(s, { doc: config, scheduled });
    return recorded;
  }

  /** Every cursor, in one statement: at start and whenever another server may have held the lock meanwhile. */
  private async reload(): Promise<void> {
    const rows = await this.sql.query<{ site: string; checked_until: number }>(
      'SELECT site, checked_until FROM schedule_cursor',
    );
    const docs = this.seen;
    this.seen = new Map(
      rows.map((r) => {
        const at = Number(r.checked_until);
        // a version's document never changes, so the one remembered still tells what was in force before a publish
        return [String(r.site), { cursor: at, written: at, doc: docs.get(String(r.site))?.doc }];
      }),
    );
  }

  /**
   * The documents in force over `from`..`to`, newest first, each with its part of the window: a publish inside the
   * window splits it, so a boundary is computed with the document that was in force when it passed.
   */
  private async spans(site: string, config: NudgeConfig, last: NudgeConfig | undefined, from: number, to: number) {
    const out: [NudgeConfig, number, number][] = [];
    let doc: NudgeConfig | undefined = config;
    for (let back = 0; doc; back++) {
      const since: number = doc.publishedAt ?? from;
      if (since <= from || back === MAX_VERSIONS_BACK) {
        out.push([doc, from, to]);
        break;
      }
      out.push([doc, since, to]);
      to = since;
      const v: number = doc.version - 1;
      const older: NudgeConfig | undefined =
        last?.version === v ? last : v > 0 ? await this.d.version?.(site, v) : undefined;
      // a version no longer at hand: the oldest document read covers the rest (computed, not known)
      if (!older) out[out.length - 1] = [doc, from, out[out.length - 1]![2]];
      doc = older;
    }
    return out;
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
