// The config bus: a publish announces (site, version); every process's open streams hear it. In-process first.

export type VersionListener = (version: number, site: string) => void;

export interface ConfigBus {
  /** Tells every subscriber of `site` that `version` is now in force. */
  publish(site: string, version: number): void | Promise<void>;
  /** Calls `fn` on each publish for `site` (`'*'`: for every site); returns the unsubscribe. */
  subscribe(site: string, fn: VersionListener): () => void;
  /** Subscribers in this process (open config streams), for one site or all. */
  count(site?: string): number;
}

/** One process: subscribers are called at once, in the publisher's turn. */
export class InProcessBus implements ConfigBus {
  private readonly listeners = new Map<string, Set<VersionListener>>();

  subscribe(site: string, fn: VersionListener): () => void {
    let set = this.listeners.get(site);
    if (!set) this.listeners.set(site, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (!set.size) this.listeners.delete(site);
    };
  }

  publish(site: string, version: number): void {
    for (const fn of [...(this.listeners.get(site) ?? []), ...(this.listeners.get('*') ?? [])]) {
      try {
        fn(version, site);
      } catch {
        /* a broken stream is removed by its own close handler */
      }
    }
  }

  count(site?: string): number {
    if (site) return this.listeners.get(site)?.size ?? 0;
    let n = 0;
    for (const [k, s] of this.listeners) if (k !== '*') n += s.size;
    return n;
  }
}
