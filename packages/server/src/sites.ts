// Sites and their allowed origins, cached in memory because every public request checks them.
import type { ControlStore, SiteRecord } from './store/store.js';

export const SITE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** `https://shop.example` from anything URL-like; undefined when it is not an http(s) origin. */
export function normalizeOrigin(o: string): string | undefined {
  if (o === '*') return o;
  try {
    const u = new URL(o);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export class Sites {
  private readonly byId = new Map<string, SiteRecord>();

  constructor(
    private readonly store: Pick<ControlStore, 'listSites' | 'createSite' | 'updateSite'> &
      Partial<Pick<ControlStore, 'getSite'>>,
  ) {}

  async load(): Promise<void> {
    for (const s of await this.store.listSites()) this.byId.set(s.id, s);
  }

  /** Reads one site again: another server instance created or changed it. */
  async reload(id: string): Promise<void> {
    const s = this.store.getSite
      ? await this.store.getSite(id)
      : (await this.store.listSites()).find((x) => x.id === id);
    if (s) this.byId.set(id, s);
  }

  get(id: string): SiteRecord | undefined {
    return this.byId.get(id);
  }

  list(): SiteRecord[] {
    return [...this.byId.values()];
  }

  async create(site: SiteRecord): Promise<void> {
    await this.store.createSite(site);
    this.byId.set(site.id, site);
  }

  async update(
    id: string,
    patch: Partial<Pick<SiteRecord, 'name' | 'allowedOrigins'>>,
  ): Promise<SiteRecord | undefined> {
    const cur = this.byId.get(id);
    if (!cur) return undefined;
    await this.store.updateSite(id, patch);
    const next = { ...cur, ...patch };
    this.byId.set(id, next);
    return next;
  }

  allows(id: string, origin: string): boolean {
    const list = this.byId.get(id)?.allowedOrigins ?? [];
    return list.includes('*') || list.includes(origin);
  }

  /** Preflights carry no body, so a POST /v1/events preflight is answered for any origin some site allows. */
  anyAllows(origin: string): boolean {
    for (const s of this.byId.values())
      if (s.allowedOrigins.includes('*') || s.allowedOrigins.includes(origin)) return true;
    return false;
  }
}
