// /v1/admin/me/summaries: a person's own daily and weekly summaries (which sites, email, webhook) and what was sent.
import { Hono } from 'hono';
import type { SummaryStore } from '../../../summaries/store.js';
import { publicSummarySettings, summarySettingsSchema } from '../../../summaries/settings.js';
import { principalOf } from '../../caller.js';
import type { Deps } from '../../deps.js';
import { fail } from '../../errors.js';
import { body, jsonObject } from '../../validate.js';
import { atLeast } from '../../../accounts/roles.js';
import { privateWebhookUrl } from '../../../webhook-url.js';

const NOT_A_PERSON = 'summaries belong to a person: sign in as yourself or use your own API token';

export const summaryRoutes = (d: Pick<Deps, 'sites' | 'secrets'> & { summaries: SummaryStore }) =>
  new Hono()
    .get('/', async (c) => {
      const userId = principalOf(c)?.userId;
      if (!userId) return fail(c, 400, 'not_a_person', NOT_A_PERSON);
      return c.json({
        settings: publicSummarySettings(await d.summaries.settings(userId)),
        sent: await d.summaries.sends(userId, 20),
      });
    })
    .put('/', jsonObject, body(summarySettingsSchema, 'invalid_summaries'), async (c) => {
      const who = principalOf(c);
      const userId = who?.userId;
      if (!userId) return fail(c, 400, 'not_a_person', NOT_A_PERSON);
      const input = c.req.valid('json');
      if (input.webhook && privateWebhookUrl(input.webhook.url) && !atLeast(who.role, 'admin'))
        return c.json(
          {
            error: 'forbidden',
            message: 'a webhook on this machine or a private network needs the admin role',
            role: 'admin',
            issues: [{ path: 'webhook.url', message: 'a private address needs the admin role' }],
          },
          403,
        );
      const issues = input.sites.flatMap((s, i) =>
        !d.sites.get(s.site)
          ? [{ path: `sites.${i}.site`, message: `no site "${s.site}"` }]
          : input.sites.findIndex((o) => o.site === s.site) !== i
            ? [{ path: `sites.${i}.site`, message: `"${s.site}" is listed twice` }]
            : [],
      );
      if (issues.length) return fail(c, 400, 'invalid_summaries', issues[0]!.message, issues);
      const before = await d.summaries.settings(userId);
      // a webhook without a secret keeps the one it had; a new one without a secret gets one, answered this once
      const made = input.webhook && !input.webhook.secret && !before.webhook?.secret ? d.secrets.mint('whsec') : null;
      const webhook = input.webhook
        ? { url: input.webhook.url, secret: input.webhook.secret ?? before.webhook?.secret ?? made }
        : null;
      const locale = input.locale ?? before.locale;
      const settings = { email: input.email, webhook, sites: input.sites, ...(locale ? { locale } : {}) };
      await d.summaries.setSettings(userId, settings);
      return c.json({ settings: publicSummarySettings(settings), ...(made ? { secret: made } : {}) });
    });
