// Where each site's tag runs: per site and allowed origin, the last time a config or event request came from it; kept
// in memory and merged into the control store at most once a minute, so a busy shop costs a Map write per request.
import type { ControlStore } from './store/ports.js';

/** Origins kept per site (the allowed list is short; this bounds a wildcard site's list). */
export const MAX_SEEN_PER_SITE = 50;
const MAX_ORIGIN_CHARS = 200;
/** At most one write per this interval; what is not written yet is still listed by this process. */
export const SEEN_FLUSH_MS = 60_000;

export interface SeenOrigin {
  origin: string;
  /** epoch ms of the last config or event request from it */
  lastSeen: number;
}

const key = (site: string) => `seen_origins:${site}`;

function parse(text: string | undefined): SeenOrigin[] {
  try {
    const rows = JSON.parse(text ?? '[]') as unknown;
    return Array.isArray(rows)
      ? rows.filter((r): r is SeenOrigin => !!r && typeof r.origin === 'string' && Number.isFinite(r.lastSeen))
      : [];
  } catch {
    return [];
  }
}

/** The stored list with the times not written yet, the latest time per origin, seen last first, bounded. */
function merge(stored: string | undefined, pending: Map<string, number> | undefined): SeenOrigin[] {
  const rows = new Map(parse(stored).map((r) => [r.origin, r.lastSeen]));
  for (const [origin, at] of pending ?? []) rows.set(origin, Math.max(rows.get(origin) ?? 0, at));
  return [...rows]
    .map(([origin, lastSeen]) => ({ origin, lastSeen }))
    .sort((a, b) => b.lastSeen - a.lastSeen || a.origin.localeCompare(b.origin))
    .slice(0, MAX_SEEN_PER_SITE);
}

/** The page's origin: its Origin header, else its Referer's origin (a same-origin GET sends no Origin). */
export function requestOrigin(header: (name: string) => string | undefined): string | undefined {
  const origin = header('origin');
  if (origin && origin !== 'null') return origin;
  const referer = header('referer');
  if (!referer) return undefined;
  try {
    const o = new URL(referer).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

export class SeenOrigins {
  /** per site: origin -> last time seen, not yet written */
  readonly #pending = new Map<string, Map<string, number>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly control: Pick<ControlStore, 'getMeta' | 'setMeta'>,
    private readonly flushMs = SEEN_FLUSH_MS,
  ) {}

  /** A config or event request from `origin`, already allowed for the site. */
  note(site: string, origin: string, at = Date.now()): void {
    const o = origin.slice(0, MAX_ORIGIN_CHARS);
    let bySite = this.#pending.get(site);
    if (!bySite) this.#pending.set(site, (bySite = new Map()));
    if (!bySite.has(o) && bySite.size >= MAX_SEEN_PER_SITE) return;
    bySite.set(o, Math.max(bySite.get(o) ?? 0, at));
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush().catch(() => {}), this.flushMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Writes what is pending (read again before each write, so servers sharing a store keep each other's times). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = [...this.#pending];
    this.#pending.clear();
    // after the last write, failed or not: one failed write must not stop every later one
    return (this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        for (const [site, rows] of pending)
          await this.control.setMeta(key(site), JSON.stringify(merge(await this.control.getMeta(key(site)), rows)));
      }));
  }

  /** The site's origins, seen last first, with what is not written yet. */
  async list(site: string): Promise<SeenOrigin[]> {
    return merge(await this.control.getMeta(key(site)), this.#pending.get(site));
  }
}
