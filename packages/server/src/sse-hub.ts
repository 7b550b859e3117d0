// Open config streams per site: a publish is written to every one of them at once.

export type ConfigListener = (doc: string, version: number) => void;

export class SseHub {
  private readonly listeners = new Map<string, Set<ConfigListener>>();

  subscribe(site: string, fn: ConfigListener): () => void {
    let set = this.listeners.get(site);
    if (!set) this.listeners.set(site, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (!set.size) this.listeners.delete(site);
    };
  }

  publish(site: string, doc: string, version: number): void {
    for (const fn of this.listeners.get(site) ?? []) {
      try {
        fn(doc, version);
      } catch {
        /* a broken stream is removed by its own close handler */
      }
    }
  }

  count(site?: string): number {
    if (site) return this.listeners.get(site)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}
