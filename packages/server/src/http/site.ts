// The site named in the path, looked up once per request: handlers read c.var.site; an unknown one is a 404.
import { createMiddleware } from 'hono/factory';
import type { Sites } from '../sites.js';
import type { SiteRecord } from '../store/store.js';
import { fail } from './errors.js';

export type SiteEnv = { Variables: { site: SiteRecord } };

export const siteParam = (sites: Sites) =>
  createMiddleware<SiteEnv>(async (c, next) => {
    const id = c.req.param('site') ?? '';
    const site = sites.get(id);
    if (!site) return fail(c, 404, 'unknown_site', `no site "${id}"`);
    c.set('site', site);
    await next();
  });
