// /v1/admin/sites/:site/install: the Install view's facts: each allowed origin and when the tag was last seen on it.
import { Hono } from 'hono';
import type { Deps } from '../../deps.js';
import { siteParam } from '../../site.js';

/** Seen within this long counts as "seen recently" (a shop with any traffic loads its config many times a day). */
export const RECENT_MS = 86_400_000;

export const installRoutes = (d: Pick<Deps, 'sites' | 'seen'>) =>
  new Hono().use(siteParam(d.sites)).get('/', async (c) => {
    const { id, allowedOrigins } = c.var.site;
    const seen = await d.seen.list(id);
    const now = Date.now();
    const row = (origin: string, lastSeen: number | null) => ({
      origin,
      lastSeen,
      recent: lastSeen !== null && now - lastSeen <= RECENT_MS,
    });
    const when = new Map(seen.map((s) => [s.origin, s.lastSeen]));
    return c.json({
      site: id,
      recentMs: RECENT_MS,
      origins: allowedOrigins.filter((o) => o !== '*').map((o) => row(o, when.get(o) ?? null)),
      // allowed by a `*` entry, or removed from the list since: still where the tag ran
      alsoSeen: seen.filter((s) => !allowedOrigins.includes(s.origin)).map((s) => row(s.origin, s.lastSeen)),
      anyOrigin: allowedOrigins.includes('*'),
    });
  });
