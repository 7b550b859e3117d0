// The console's view of the admin API: a DOM-only program (no Node types) gets a typed hono client from its type.
import type { AdminApi, ConfigAction } from '@nudge/server/api';
import { hc } from 'hono/client';

const client = hc<AdminApi>('/v1/admin');

export async function siteIds(): Promise<string[]> {
  const r = await client.sites.$get();
  return (await r.json()).sites.map((s) => s.id);
}

export async function historyActions(site: string): Promise<ConfigAction['type'][]> {
  const r = await client.sites[':site'].config.history.$get({ param: { site } });
  return (await r.json()).history.map((h) => h.action.type);
}
