// Per site, the origins some requests came from, with a count and the last time: added up in memory and merged into
// the control store (one meta key per site) at most once per interval, read again before each write, so servers
// sharing a store add to one list rather than overwrite each other's. Refused origins and seen origins both use it.
import type { ControlStore } from './store/ports.js';

/** Longer Origin headers are cut (a real origin is scheme, host and port). */
const MAX_ORIGIN_CHARS = 200;

export interface OriginRow {
  origin: string;
  count: number;
  /** epoch ms of the last request from it */
  lastSeen: number;
}

type Pending = Map<string, { count: number; lastSeen: number }>;

function parse(text: string | undefined): OriginRow[] {
  try {
    const rows = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(rows)
      ? rows
          .filter((r): r is OriginRow => !!r && typeof r.origin === 'string' && Number.isFinite(r.lastSeen))
          // lists written before counts were kept have none
          .map((r) => ({ origin: r.origin, count: Number.isFinite(r.count) ? r.count : 0, lastSeen: r.lastSeen }))
      : [];
  } catch {
    return [];
  }
}

export class OriginLog {
  /** per site: origin -> requests not yet written, and the last one's time */
  readonly #pending = new Map<string, Pending>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly control: Pick<ControlStore, 'getMeta' | 'setMeta'>,
    private readonly o: {
      /** the meta key's prefix (`<prefix>:<site>`) */
      prefix: string;
      /** origins kept per site: past it the one seen longest ago goes, so a client inventing origins cannot grow it */
      max: number;
      /** at most one write per this interval; what is not written yet is still listed by this process */
      flushMs: number;
    },
  ) {}

  #key = (site: string) => `${this.o.prefix}:${site}`;

  /** The stored list plus what is not written yet, last seen first, bounded. */
  #merge(stored: string | undefined, pending: Pending | undefined): OriginRow[] {
    const rows = new Map(parse(stored).map((r) => [r.origin, r]));
    for (const [origin, r] of pending ?? []) {
      const had = rows.get(origin);
      rows.set(origin, {
        origin,
        count: (had?.count ?? 0) + r.count,
        lastSeen: Math.max(had?.lastSeen ?? 0, r.lastSeen),
      });
    }
    return [...rows.values()]
      .sort((a, b) => b.lastSeen - a.lastSeen || a.origin.localeCompare(b.origin))
      .slice(0, this.o.max);
  }

  /** Counts one request from `origin` for an existing site. */
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
      if (bySite.size >= this.o.max) {
        const oldest = [...bySite].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0]![0];
        bySite.delete(oldest);
      }
      bySite.set(o, { count: 1, lastSeen: at });
    }
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush().catch(() => {}), this.o.flushMs);
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
    // One write at a time, so two flushes cannot read the same list and drop each other's counts; after the last
    // write, failed or not: one failed write must not stop every later one.
    return (this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        for (const [site, rows] of pending) {
          const key = this.#key(site);
          await this.control.setMeta(key, JSON.stringify(this.#merge(await this.control.getMeta(key), rows)));
        }
      }));
  }

  /**
   * Drops the site's origins `gone` picks (refused origins the site allows now), stored and pending: one comes back
   * only with its next request, counted from there. Queued behind any write, like a flush.
   */
  forget(site: string, gone: (origin: string) => boolean): Promise<void> {
    const bySite = this.#pending.get(site);
    for (const origin of [...(bySite?.keys() ?? [])]) if (gone(origin)) bySite!.delete(origin);
    return (this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        const key = this.#key(site);
        const rows = parse(await this.control.getMeta(key));
        const kept = rows.filter((r) => !gone(r.origin));
        if (kept.length < rows.length) await this.control.setMeta(key, JSON.stringify(kept));
      }));
  }

  /** The site's origins, last seen first, with what is not written yet. */
  async list(site: string): Promise<OriginRow[]> {
    return this.#merge(await this.control.getMeta(this.#key(site)), this.#pending.get(site));
  }
}
