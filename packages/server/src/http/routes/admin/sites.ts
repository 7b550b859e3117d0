// /v1/admin/sites: list, create, read and edit sites (name, allowed origins).
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { emptyConfig } from '../../../config/check.js';
import { normalizeOrigin, SITE_ID } from '../../../sites.js';
import type { Deps } from '../../deps.js';
import { fail, issueLine, type Issue } from '../../errors.js';
import { siteParam } from '../../site.js';
import { actor, body, jsonBody, jsonObject } from '../../validate.js';
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

// Fields in the order the API has always checked them: the first bad one names the error.
const newSite = z.object({
  id: z.string({ error: ID }).regex(SITE_ID, ID),
  allowedOrigins: origins.default([]),
  name: z.string({ error: NAME }).max(MAX_SITE_NAME, NAME).optional(),
});
const sitePatch = z.object({
  name: z.string({ error: NAME }).min(1, NAME).max(MAX_SITE_NAME, NAME).optional(),
  allowedOrigins: origins.optional(),
});
const badOrigins = (path: string) => path.startsWith('allowedOrigins');
/** Bad origins are `invalid_origins`, any other bad field `invalid_site`. */
const siteError = (path: string) => (badOrigins(path) ? 'invalid_origins' : 'invalid_site');
const siteMessage = (first: Issue) => (badOrigins(first.path) ? 'bad allowed origins' : issueLine([first]));

/** A taken id is a 409 before the other fields are looked at, as it always was. */
const siteFree = (d: Pick<Deps, 'sites'>) =>
  createMiddleware(async (c, next) => {
    const { id } = jsonBody(c);
    if (typeof id === 'string' && d.sites.get(id)) return fail(c, 409, 'site_exists', `site "${id}" already exists`);
    await next();
  });

export const siteRoutes = (d: Pick<Deps, 'sites' | 'configs' | 'bus' | 'refused'>) =>
  new Hono()
    .get('/', (c) =>
      c.json({ sites: d.sites.list().map((s) => ({ ...s, version: d.configs.get(s.id)?.version ?? 0 })) }),
    )
    .post('/', jsonObject, siteFree(d), body(newSite, siteError, siteMessage), async (c) => {
      const { id, name, allowedOrigins } = c.req.valid('json');
      const site = { id, name: name || id, allowedOrigins, createdAt: Date.now() };
      try {
        await d.sites.create(site);
      } catch (err) {
        // Another server instance on the same control database created it at the same moment.
        await d.sites.reload(id);
        if (d.sites.get(id)) return fail(c, 409, 'site_exists', `site "${id}" already exists`);
        throw err;
      }
      const r = await d.configs.publish(id, emptyConfig(id), { author: actor(c), action: { type: 'create' } });
      if (!r.ok) return published(c, r);
      return c.json({ site, version: r.record.version }, 201);
    })
    .get('/:site', siteParam(d.sites), (c) => {
      const site = c.var.site;
      return c.json({ site, version: d.configs.get(site.id)?.version ?? 0, streams: d.bus.count(site.id) });
    })
    .patch('/:site', siteParam(d.sites), jsonObject, body(sitePatch, siteError, siteMessage), async (c) => {
      const site = await d.sites.update(c.var.site.id, c.req.valid('json'));
      // An origin allowed now is no longer refused: taken away again, it is listed from its next refusal, not at once.
      const id = c.var.site.id;
      await d.refused.forget(id, (origin: string) => d.sites.allows(id, origin));
      return c.json({ site });
    });
