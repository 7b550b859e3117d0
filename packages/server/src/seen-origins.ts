// Where each site's tag runs: per site and allowed origin, the last time a config or event request came from it; kept
// in memory and merged into the control store at most once a minute, so a busy shop costs a Map write per request.
import { OriginLog } from './origin-log.js';
import type { ControlStore } from './store/ports.js';

/** Origins kept per site (the allowed list is short; this bounds a wildcard site's list). */
export const MAX_SEEN_PER_SITE = 50;
/** At most one write per this interval; what is not written yet is still listed by this process. */
export const SEEN_FLUSH_MS = 60_000;

export interface SeenOrigin {
  origin: string;
  /** epoch ms of the last config or event request from it */
  lastSeen: number;
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

/** Per site and allowed origin, the last config or event request (meta `seen_origins:<site>`). */
export class SeenOrigins {
  readonly #log: OriginLog;

  constructor(control: Pick<ControlStore, 'getMeta' | 'setMeta'>, flushMs = SEEN_FLUSH_MS) {
    this.#log = new OriginLog(control, { prefix: 'seen_origins', max: MAX_SEEN_PER_SITE, flushMs });
  }

  /** A config or event request from `origin`, already allowed for the site. */
  note(site: string, origin: string, at = Date.now()): void {
    this.#log.note(site, origin, at);
  }

  flush(): Promise<void> {
    return this.#log.flush();
  }

  /** The site's origins, seen last first, with what is not written yet. */
  async list(site: string): Promise<SeenOrigin[]> {
    return (await this.#log.list(site)).map(({ origin, lastSeen }) => ({ origin, lastSeen }));
  }
}
