// /v1/admin/sites/:site/config/drafts: an editor saves a checked document; a publisher publishes or discards it;
// /v1/admin/sites/:site/rules: whether publishing needs a second person (then direct publishes are refused).
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { checkConfig } from '../../../config/check.js';
import type { Drafts } from '../../../config/drafts.js';
import type { Deps } from '../../deps.js';
import { fail, issueLine } from '../../errors.js';
import { siteParam } from '../../site.js';
import { actor, body, jsonObject } from '../../validate.js';
import { published } from './published.js';

const draftBody = z.object({
  config: z.unknown().refine((v) => v !== undefined, 'required'),
  message: z.string({ error: 'expected text' }).max(500, 'at most 500 characters').optional(),
});
const rulesBody = z.object({ requireApproval: z.boolean({ error: 'expected true or false' }) });

/** With the rule on, what publishes (a document, a rollback, an experiment action) goes through a draft instead. */
export const approvalGate = (drafts: Drafts) =>
  createMiddleware(async (c, next) => {
    const site = c.req.param('site');
    const publishes =
      c.req.method === 'POST' &&
      /^\/v1\/admin\/sites\/[^/]+\/(config(\/rollback)?|experiments\/[^/]+\/[^/]+)\/?$/.test(c.req.path);
    if (site && publishes && (await drafts.requiresApproval(site)))
      return fail(
        c,
        409,
        'approval_required',
        'this site needs a second person to publish: save a draft, and another publisher publishes it',
      );
    await next();
  });

export const draftRoutes = (d: Pick<Deps, 'sites' | 'configs'>, drafts: Drafts) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => c.json({ drafts: await drafts.list(c.var.site.id) }))
    .post('/', jsonObject, body(draftBody, 'invalid_body'), async (c) => {
      const { config, message } = c.req.valid('json');
      const site = c.var.site.id;
      const r = checkConfig(config);
      if (!r.ok) return fail(c, 400, 'invalid_config', issueLine(r.issues), r.issues);
      if (r.config.site !== site)
        return fail(c, 400, 'invalid_config', `site: must be "${site}"`, [
          { path: 'site', message: `must be "${site}"` },
        ]);
      const saved = await drafts.save({
        site,
        author: actor(c),
        config: r.config,
        message: message ?? '',
        baseVersion: d.configs.get(site)?.version ?? 0,
        createdAt: Date.now(),
      });
      return c.json({ draft: saved }, 201);
    })
    .post('/:id/publish', async (c) => {
      const site = c.var.site.id;
      const draft = await drafts.get(site, c.req.param('id'));
      if (!draft || draft.state !== 'open') return fail(c, 404, 'not_found', 'no open draft with this id');
      const me = actor(c);
      if ((await drafts.requiresApproval(site)) && draft.author === me)
        return c.json(
          { error: 'second_person', message: 'this site needs someone other than the draft’s author to publish it' },
          403,
        );
      const r = await d.configs.publish(site, draft.config, {
        author: me,
        action: { type: 'draft', draft: draft.id, by: draft.author, ...(draft.message ? { note: draft.message } : {}) },
        baseVersion: draft.baseVersion,
      });
      if (r.ok) await drafts.decide(site, draft.id, 'published', me, r.record.version);
      return published(c, r);
    })
    .delete('/:id', async (c) => {
      if (!(await drafts.decide(c.var.site.id, c.req.param('id'), 'discarded', actor(c), null)))
        return fail(c, 404, 'not_found', 'no open draft with this id');
      return c.body(null, 204);
    });

export const ruleRoutes = (d: Pick<Deps, 'sites'>, drafts: Drafts) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', async (c) => c.json({ requireApproval: await drafts.requiresApproval(c.var.site.id) }))
    .put('/', jsonObject, body(rulesBody, 'invalid_body'), async (c) => {
      await drafts.setRequiresApproval(c.var.site.id, c.req.valid('json').requireApproval);
      return c.json({ requireApproval: c.req.valid('json').requireApproval });
    });
