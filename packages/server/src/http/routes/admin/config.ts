// /v1/admin/sites/:site/config: the document in force, validate, publish, history, versions, diff and rollback.
import { Hono } from 'hono';
import { z } from 'zod';
import { diff, wireChange } from '../../../config/diff.js';
import { checkConfig } from '../../../config/check.js';
import type { ConfigAction, ConfigChange } from '../../../config/history.js';
import type { Deps } from '../../deps.js';
import { fail, issueLine, type Issue } from '../../errors.js';
import { siteParam } from '../../site.js';
import { actor, body, jsonObject, queryFields, versionNumber, versionText } from '../../validate.js';
import { published } from './published.js';

/** A field that is used when it has the right type and ignored otherwise, as the API always did. */
const lenient = <T extends z.ZodType>(t: T) => t.optional().catch(undefined);

/** What the console did, when a publish is one of its widget edits; `message` is the author's note. */
const widgetAction = z.object({
  type: z.literal('widget'),
  widget: z.string().min(1).max(200),
  action: z.enum(['on', 'off', 'settings']),
});
const publishBody = z.object({
  config: z.unknown().refine((v) => v !== undefined, 'required'),
  message: lenient(z.string()),
  action: widgetAction.optional(),
  baseVersion: lenient(z.number()),
});
/** The words this error has always had when `config` is missing (the issues name the field). */
const publishMessage = (first: Issue, issues: Issue[]) =>
  first.path === 'config' ? 'expected { config, message?, baseVersion? }' : issueLine(issues);
const rollbackBody = z.object({ version: versionNumber, message: lenient(z.string()) });
/** The author's note, when there is one. */
const note = (message: string | undefined) => (message ? { note: message } : {});

/** A version given in the path or query, or the issue naming `path`. */
const versionAt = (v: string | undefined, path: string) => {
  const r = versionText.safeParse(v);
  return r.success ? r.data : { path, message: r.error.issues[0]!.message };
};

export const configAdminRoutes = (d: Pick<Deps, 'control' | 'sites' | 'configs' | 'schedules'>) =>
  new Hono()
    .use(siteParam(d.sites))
    .get('/', (c) => {
      const cur = d.configs.get(c.var.site.id);
      return cur
        ? c.json({ version: cur.version, config: cur.config })
        : fail(c, 404, 'no_config', 'nothing published yet');
    })
    .post('/validate', jsonObject, body(z.record(z.string(), z.unknown()), 'invalid_body'), (c) => {
      const b = c.req.valid('json');
      const r = checkConfig(b.config ?? b);
      return c.json(r.ok ? { ok: true as const } : { ok: false as const, issues: r.issues });
    })
    .post('/', jsonObject, body(publishBody, 'invalid_body', publishMessage), async (c) => {
      const { config, message, action, baseVersion } = c.req.valid('json');
      return published(
        c,
        await d.configs.publish(c.var.site.id, config, {
          author: actor(c),
          action: { ...(action ?? { type: 'publish' as const }), ...note(message) },
          ...(baseVersion !== undefined ? { baseVersion } : {}),
        }),
      );
    })
    .get('/history', async (c) => {
      const history = await d.control.configHistory(c.var.site.id);
      // Scheduled starts and stops are history too (author "schedule"), at the time they happened, newest first.
      const scheduled = ((await d.schedules?.events(c.var.site.id)) ?? []).map((e) => ({
        version: e.version,
        author: 'schedule',
        action: { type: 'schedule', target: e.target, id: e.id, state: e.state } as ConfigAction,
        changes: [] as ConfigChange[],
        createdAt: e.at,
      }));
      const entries = history.map(({ version, author, action, changes, createdAt }) => ({
        version,
        author,
        action,
        changes,
        createdAt,
      }));
      return c.json({
        history: scheduled.length
          ? [...entries, ...scheduled].sort((a, b) => b.createdAt - a.createdAt || b.version - a.version)
          : entries,
      });
    })
    .get('/versions/:version', async (c) => {
      const v = versionAt(c.req.param('version'), 'version');
      if (typeof v === 'object') return fail(c, 400, 'invalid_query', `version: ${v.message}`, [v]);
      const rec = await d.control.getConfig(c.var.site.id, v);
      if (!rec) return fail(c, 404, 'unknown_version', `no version ${c.req.param('version')}`);
      return c.json({
        version: rec.version,
        author: rec.author,
        action: rec.action,
        createdAt: rec.createdAt,
        config: rec.doc,
      });
    })
    .get('/diff', queryFields<{ from?: string; to?: string }>(), async (c) => {
      const site = c.var.site.id;
      const to = versionAt(c.req.query('to') ?? String(d.configs.get(site)?.version), 'to');
      if (typeof to === 'object') return fail(c, 400, 'invalid_query', `to: ${to.message}`, [to]);
      // from may be 0 (the empty document before the first version).
      const q = c.req.query('from');
      const from = q === '0' ? 0 : q === undefined ? to - 1 : versionAt(q, 'from');
      if (typeof from === 'object') return fail(c, 400, 'invalid_query', `from: ${from.message}`, [from]);
      const [a, b] = await Promise.all([d.control.getConfig(site, from), d.control.getConfig(site, to)]);
      if (!b) return fail(c, 404, 'unknown_version', `no version ${to}`, [{ path: 'to', message: 'unknown version' }]);
      return c.json({ from, to, changes: diff(a?.doc ?? {}, b.doc).map(wireChange) });
    })
    .post('/rollback', jsonObject, body(rollbackBody, 'invalid_body'), async (c) => {
      const { version, message } = c.req.valid('json');
      return published(
        c,
        await d.configs.rollback(c.var.site.id, version, {
          author: actor(c),
          action: { type: 'rollback', to: version, ...note(message) },
        }),
      );
    });
