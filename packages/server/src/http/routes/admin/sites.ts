// /v1/admin/sites: list, create, read and edit sites (name, allowed origins).
import { Hono } from 'hono';
import { z } from 'zod';
import { emptyConfig } from '../../../config/check.js';
import { normalizeOrigin, SITE_ID } from '../../../sites.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { siteParam } from '../../site.js';
import { actor, body, jsonObject } from '../../validate.js';
import { published } from './published.js';

/** A site's display name, in characters. */
const MAX_SITE_NAME = 200;

const ORIGIN = 'expected an http(s) origin such as https://shop.example, or *';
const origins = z
  .array(
    z.unknown().transform((o, ctx) => {
      const n = typeof o === 'string' ? normalizeOrigin(o) : undefined;
      if (n) return n;
      ctx.addIssue({ code: 'custom', message: ORIGIN });
      return z.NEVER;
    }),
    { error: 'expected an array of origins such as https://shop.example' },
  )
  .transform((v) => [...new Set(v)]);
const NAME = `expected text of at most ${MAX_SITE_NAME} characters`;
const ID = 'letters, digits, - or _ (max 64)';

const newSite = z.object({
  id: z.string({ error: ID }).regex(SITE_ID, ID),
  name: z.string({ error: NAME }).max(MAX_SITE_NAME, NAME).optional(),
  allowedOrigins: origins.default([]),
});
const sitePatch = z.object({
  name: z.string({ error: NAME }).min(1, NAME).max(MAX_SITE_NAME, NAME).optional(),
  allowedOrigins: origins.optional(),
});
/** Bad origins are `invalid_origins`, any other bad field `invalid_site`. */
const siteError = (path: string) => (path.startsWith('allowedOrigins') ? 'invalid_origins' : 'invalid_site');

export const siteRoutes = (d: Pick<Deps, 'sites' | 'configs' | 'bus'>) =>
  new Hono()
    .get('/', (c) =>
      c.json({ sites: d.sites.list().map((s) => ({ ...s, version: d.configs.get(s.id)?.version ?? 0 })) }),
    )
    .post('/', jsonObject, body(newSite, siteError), async (c) => {
      const { id, name, allowedOrigins } = c.req.valid('json');
      if (d.sites.get(id)) return fail(c, 409, 'site_exists', `site "${id}" already exists`);
      const site = { id, name: name || id, allowedOrigins, createdAt: Date.now() };
      await d.sites.create(site);
      const r = await d.configs.publish(id, emptyConfig(id), { author: actor(c), action: { type: 'create' } });
      if (!r.ok) return published(c, r);
      return c.json({ site, version: r.record.version }, 201);
    })
    .get('/:site', siteParam(d.sites), (c) => {
      const site = c.var.site;
      return c.json({ site, version: d.configs.get(site.id)?.version ?? 0, streams: d.bus.count(site.id) });
    })
    .patch('/:site', siteParam(d.sites), jsonObject, body(sitePatch, siteError), async (c) => {
      return c.json({ site: await d.sites.update(c.var.site.id, c.req.valid('json')) });
    });
