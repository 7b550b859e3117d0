// Email over SMTP (nodemailer) through a site's mail server, the one set for its leads: leads, alerts and summaries.
import nodemailer from 'nodemailer';
import { readSettings, type LeadDelivery } from './rewards/settings.js';
import type { Sql } from './store/sql/sql.js';

export type SmtpSettings = NonNullable<LeadDelivery['email']>;

export interface Mail {
  to: string | string[];
  subject: string;
  text: string;
}

/** Sends one message; a connection per message, as mail here is rare (a lead, an alert, a daily summary). */
export async function sendMail(m: SmtpSettings, mail: Mail): Promise<void> {
  const transport = nodemailer.createTransport({
    host: m.host,
    port: m.port ?? (m.secure ? 465 : 587),
    secure: m.secure,
    ...(m.user ? { auth: { user: m.user, pass: m.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    socketTimeout: 10_000,
  });
  try {
    await transport.sendMail({ from: m.from, ...mail });
  } finally {
    transport.close();
  }
}

/** Sends a site's mail: `smtp` says which server the site set (undefined: none, and sending fails saying so). */
export interface SiteMailer {
  smtp(site: string): Promise<SmtpSettings | undefined>;
  send(m: SmtpSettings, mail: Mail): Promise<void>;
}

/** The mail server each site set in its reward settings (`leads.email`), read on each send so a change applies at once. */
export const siteMailer = (sql: Sql): SiteMailer => ({
  smtp: async (site) => (await readSettings(sql, site).catch(() => ({}) as { leads?: undefined })).leads?.email,
  send: sendMail,
});

/** Why a site's mail was not sent when it has no mail server. */
export const NO_SMTP = 'no mail server set for this site (Rewards settings: email for leads)';
