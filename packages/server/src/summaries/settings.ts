// A person's summary settings: which sites, daily and/or weekly, by email to their account address and/or a webhook.
import { z } from 'zod';
import { mailLocaleSchema, type MailLocale } from '../mail-locale.js';
import { webhookUrl } from '../webhook-url.js';

export const SUMMARY_PERIODS = ['daily', 'weekly'] as const;
export type SummaryPeriod = (typeof SUMMARY_PERIODS)[number];

/**
 * The body of `PUT /v1/admin/me/summaries`: the whole setting; a webhook without `secret` keeps the stored one, and
 * without `locale` the emails keep their language.
 */
export const summarySettingsSchema = z.strictObject({
  email: z.boolean({ error: 'expected true or false' }),
  webhook: z
    .strictObject({
      url: webhookUrl,
      secret: z.string().min(16, 'at least 16 characters').max(200).optional(),
    })
    .nullable()
    .default(null),
  sites: z
    .array(
      z.strictObject({
        site: z.string().min(1).max(64),
        daily: z.boolean({ error: 'expected true or false' }),
        weekly: z.boolean({ error: 'expected true or false' }),
      }),
    )
    .max(200),
  /** the emails' language: the console sends the one it speaks (never set: en) */
  locale: mailLocaleSchema.optional(),
});
export type SummarySettingsInput = z.infer<typeof summarySettingsSchema>;

export interface SummarySettings {
  email: boolean;
  webhook: { url: string; secret: string | null } | null;
  sites: { site: string; daily: boolean; weekly: boolean }[];
  locale?: MailLocale;
}

export const NO_SUMMARIES: SummarySettings = { email: false, webhook: null, sites: [] };

/** What the API shows: the webhook's secret replaced by whether one is set. */
export const publicSummarySettings = (s: SummarySettings) => ({
  email: s.email,
  webhook: s.webhook ? { url: s.webhook.url, secretSet: s.webhook.secret !== null } : null,
  sites: s.sites,
  ...(s.locale ? { locale: s.locale } : {}),
});
