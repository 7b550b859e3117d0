// Origins the collector and config service refused, per site: counted with the last time, bounded, kept in the store.
import type { ControlStore } from './store/ports.js';

/** Origins kept per site: past it the one refused longest ago goes, so a client inventing origins cannot grow it. */
export const MAX_ORIGINS_PER_SITE = 20;
/** Longer Origin headers are cut (a real origin is scheme, host and port). */
const MAX_ORIGIN_CHARS = 200;
/** Refusals are written at most this often per site: a flood of refused requests is one write per interval. */
const FLUSH_MS = 1000;

export interface RefusedOrigin {
  origin: string;
  count: number;
  /** epoch ms of the last refusal */
  lastSeen: number;
}

const key = (site: string) => `refused_origins:${site}`;
type Pending = Map<string, { count: number; lastSeen: number }>;

/** Keeps the `max` origins refused last. */
const bound = (rows: RefusedOrigin[], max = MAX_ORIGINS_PER_SITE) =>
  rows.sort((a, b) => b.lastSeen - a.lastSeen || a.origin.localeCompare(b.origin)).slice(0, max);

function parse(text: string | undefined): RefusedOrigin[] {
  try {
    const rows = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(rows)
      ? rows.filter(
          (r): r is RefusedOrigin =>
            !!r && typeof r.origin === 'string' && Number.isFinite(r.count) && Number.isFinite(r.lastSeen),
        )
      : [];
  } catch {
    return [];
  }
}

/** The stored list plus refusals not written yet, bounded. */
function merge(stored: string | undefined, pending: Pending | undefined): RefusedOrigin[] {
  const rows = new Map(parse(stored).map((r) => [r.origin, r]));
  for (const [origin, r] of pending ?? []) {
    const had = rows.get(origin);
    rows.set(origin, {
      origin,
      count: (had?.count ?? 0) + r.count,
      lastSeen: Math.max(had?.lastSeen ?? 0, r.lastSeen),
    });
  }
  return bound([...rows.values()]);
}

/**
 * Refusals are added up in memory and merged into the stored list (a meta key per site) at most once a second, read
 * again before each write, so servers sharing a store add to one list rather than overwrite each other's counts.
 */
export class RefusedOrigins {
  /** per site: origin -> refusals not yet written, and the last one's time */
  readonly #pending = new Map<string, Pending>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly control: Pick<ControlStore, 'getMeta' | 'setMeta'>) {}

  /** Counts one refusal of `origin` for an existing site. */
  note(site: string, origin: string, at = Date.now()): void {
    const o = origin.slice(0, MAX_ORIGIN_CHARS);
    let bySite = this.#pending.get(site);
    if (!bySite) this.#pending.set(site, (bySite = new Map()));
    const row = bySite.get(o);
    if (row) {
      row.count++;
      row.lastSeen = Math.max(row.lastSeen, at);
    } else {
      // Pending origins are bounded too, between two writes.
      if (bySite.size >= MAX_ORIGINS_PER_SITE) {
        const oldest = [...bySite].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0]![0];
        bySite.delete(oldest);
      }
      bySite.set(o, { count: 1, lastSeen: at });
    }
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush().catch(() => {}), FLUSH_MS);
      // Node's timer: not a reason to keep the process alive (the browser-typed console build sees a number).
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Writes what is pending; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    // One write at a time, so two flushes cannot read the same list and drop each other's counts.
    // after the last write, failed or not: one failed write must not stop every later one
    return (this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        for (const [site, rows] of pending)
          await this.control.setMeta(key(site), JSON.stringify(merge(await this.control.getMeta(key(site)), rows)));
      }));
  }

  /** The site's refused origins, refused last first, with what is not written yet. */
  async list(site: string): Promise<RefusedOrigin[]> {
    return merge(await this.control.getMeta(key(site)), this.#pending.get(site));
  }
}
