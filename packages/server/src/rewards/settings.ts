// A site's reward settings, kept on the server (secrets included) and never put into the public config document.
import type { Sql } from '../store/sql/sql.js';
import type { NextOrderReward, ReferralProgram } from './types.js';

/** The merchant's endpoint that creates a code when the pools have none (Shopify, WooCommerce, their own system). */
export interface CodeWebhook {
  url: string;
  /** HMAC-SHA256 key; shown once when set, never answered again */
  secret: string;
  /** how long a claim waits for it (ms) */
  timeoutMs: number;
}

/** Where captured leads go: the merchant's signed webhook and/or an email to the shopper over SMTP. */
export interface LeadDelivery {
  webhook?: CodeWebhook | undefined;
  email?:
    | {
        host: string;
        /** absent: the port that goes with `secure` (465, else 587), chosen when sending, so it follows `secure` */
        port?: number | undefined;
        /** TLS from the start (port 465); otherwise STARTTLS when the server offers it */
        secure: boolean;
        user?: string | undefined;
        password?: string | undefined;
        from: string;
        subject?: string | undefined;
      }
    | undefined;
  /** leads older than this many days are deleted */
  retentionDays?: number | undefined;
  /**
   * Double opt-in (needs `email`): a lead is first sent a confirmation link, and counts (is sent to the webhook, gets
   * its code by email) only once the shopper opens it. `serverUrl` is this server as shoppers reach it (the link is
   * `<serverUrl>/v1/leads/confirm?...`); `thanksUrl` the shop's page shown after confirming.
   */
  doubleOptIn?: { serverUrl: string; thanksUrl?: string | undefined } | undefined;
}

export interface RewardSettings {
  codeWebhook?: CodeWebhook | undefined;
  referral?: ReferralProgram | undefined;
  leads?: LeadDelivery | undefined;
  nextOrder?: NextOrderReward | undefined;
}

export async function readSettings(sql: Sql, site: string): Promise<RewardSettings> {
  const [row] = await sql.query<{ doc: string }>('SELECT doc FROM reward_settings WHERE site = $1', [site]);
  return row ? (JSON.parse(row.doc) as RewardSettings) : {};
}

export async function writeSettings(sql: Sql, site: string, s: RewardSettings, now: number): Promise<void> {
  await sql.query(
    `INSERT INTO reward_settings VALUES ($1, $2, $3)
     ON CONFLICT (site) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
    [site, JSON.stringify(s), now],
  );
}

/** What the admin API shows of the settings: every secret replaced by whether one is set. */
export const publicSettings = (s: RewardSettings) => ({
  codeWebhook: s.codeWebhook ? { url: s.codeWebhook.url, timeoutMs: s.codeWebhook.timeoutMs, secretSet: true } : null,
  referral: s.referral ?? null,
  nextOrder: s.nextOrder ?? null,
  leads: s.leads
    ? {
        webhook: s.leads.webhook
          ? { url: s.leads.webhook.url, timeoutMs: s.leads.webhook.timeoutMs, secretSet: true }
          : null,
        email: s.leads.email ? { ...s.leads.email, password: undefined, passwordSet: !!s.leads.email.password } : null,
        retentionDays: s.leads.retentionDays ?? null,
        doubleOptIn: s.leads.doubleOptIn ?? null,
      }
    : null,
});
