// Leads: captured from `generate_lead` events, delivered by signed webhook and/or email, retried, then dead-lettered.
import { randomBytes } from 'node:crypto';
import type { NudgeConfig } from '@nudge/core/spec';
import { mailLocale } from '../mail-locale.js';
import type { EventRow } from '../store/store.js';
import type { Sql } from '../store/sql/sql.js';
import type { LeadDelivery } from './settings.js';
import type { LeadConfirmation } from './service.js';
import type { Channel, DeliveryStatus, Lead } from './types.js';
import { sendMail } from '../mail.js';
import { LEAD_WORDS, leadLocale } from './lead-words.js';
import { signedHeaders } from '../webhook-sign.js';
import { staticCode, widgetFor } from './widget-code.js';

/** Attempts before a delivery is a dead letter (retried from the console). */
export const MAX_ATTEMPTS = 5;
/** Deliveries handled per round, so one round stays short. */
const ROUND = 50;
/** A delivery being sent is leased this long, so a second worker (another server) does not send it too. */
const LEASE_MS = 60_000;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

/** With double opt-in a lead first gets only the confirmation email; the rest waits for the click. */
const firstChannels = (d: LeadDelivery | undefined): Channel[] =>
  d?.doubleOptIn && d.email ? ['confirm'] : channels(d);

const channels = (d: LeadDelivery | undefined): Channel[] => [
  ...(d?.webhook ? (['webhook'] as const) : []),
  ...(d?.email ? (['email'] as const) : []),
];

/**
 * Stores the leads in `rows` (once per event id) with a pending delivery per configured channel, and the language
 * their emails will speak (the widget's, from the site's `config`).
 */
export async function captureLeads(
  sql: Sql,
  delivery: (site: string) => Promise<LeadDelivery | undefined>,
  rows: readonly EventRow[],
  config: (site: string) => NudgeConfig | undefined = () => undefined,
): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const email = typeof row.props.email === 'string' ? row.props.email.trim() : '';
    if (row.name !== 'generate_lead' || !EMAIL.test(email)) continue;
    const [claimed] = row.widget
      ? await sql.query<{ code: string }>(
          'SELECT code FROM reward_claims WHERE site = $1 AND widget = $2 AND visitor = $3',
          [row.site, row.widget, row.anonymousId ?? ''],
        )
      : [];
    const d = await delivery(row.site);
    const first = firstChannels(d);
    // unguessable, and single-purpose: it only confirms this one address
    const token = first[0] === 'confirm' ? randomBytes(18).toString('base64url') : null;
    const made = await sql.query(
      `INSERT INTO leads (site, id, anonymous_id, user_id, email, widget, code, created_at, confirm_token, locale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (site, id) DO NOTHING RETURNING id`,
      [
        row.site,
        row.id,
        row.anonymousId,
        row.userId,
        email,
        row.widget,
        // the popup shows its own code when the server issued none (no consent to ask, a claim that failed): the email
        // carries the same code, as the popup said it would
        claimed?.code ??
          (row.widget
            ? staticCode(widgetFor(config(row.site), row.widget, row.anonymousId ?? '').props)?.code
            : null) ??
          null,
        row.receivedAt,
        token,
        leadLocale(config(row.site), row),
      ],
    );
    if (!made.length) continue;
    added++;
    for (const channel of first)
      await sql.query(
        `INSERT INTO lead_deliveries VALUES ($1, $2, $3, 'pending', 0, $4, NULL, NULL)
         ON CONFLICT (site, lead, channel) DO NOTHING`,
        [row.site, row.id, channel, row.receivedAt],
      );
  }
  return added;
}

interface Due {
  site: string;
  lead: string;
  channel: Channel;
  attempts: number;
  next_at: number;
}

interface LeadRow {
  id: string;
  anonymous_id: string | null;
  user_id: string | null;
  email: string;
  widget: string | null;
  code: string | null;
  created_at: number;
  confirm_token: string | null;
  confirmed_at: number | null;
  /** null: captured before leads kept their language (en) */
  locale: string | null;
}

async function send(site: string, lead: LeadRow, channel: Channel, d: LeadDelivery, now: number): Promise<void> {
  if (channel === 'webhook') {
    const hook = d.webhook;
    if (!hook) throw new Error('no lead webhook is set any more');
    const body = JSON.stringify({
      type: 'lead.created',
      site,
      id: lead.id,
      email: lead.email,
      anonymousId: lead.anonymous_id,
      userId: lead.user_id,
      widget: lead.widget,
      code: lead.code,
      createdAt: new Date(lead.created_at).toISOString(),
    });
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: signedHeaders(hook.secret, body, now),
      body,
      signal: AbortSignal.timeout(hook.timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`the lead webhook answered ${res.status}`);
    return;
  }
  const m = d.email;
  if (!m) throw new Error('no SMTP server is set any more');
  const optIn = channel === 'confirm' ? d.doubleOptIn : undefined;
  if (channel === 'confirm' && (!optIn || !lead.confirm_token)) throw new Error('double opt-in is not set any more');
  const link =
    optIn &&
    `${optIn.serverUrl.replace(/\/+$/, '')}/v1/leads/confirm?${new URLSearchParams({ site, token: lead.confirm_token! })}`;
  const w = LEAD_WORDS[mailLocale(lead.locale) ?? 'en'];
  await sendMail(
    m,
    link
      ? { to: lead.email, subject: w.confirmSubject, text: w.confirmText(link) }
      : {
          to: lead.email,
          // the merchant's own subject, as they wrote it
          subject: m.subject ?? (lead.code ? w.codeSubject : w.thanksSubject),
          text: lead.code ? w.codeText(lead.code) : w.thanksText,
        },
  );
}

/**
 * Sends the deliveries that are due, each leased first by a conditional UPDATE so two workers never send one twice;
 * a failure is tried again after `backoffMs` x 4^(attempt - 1), and after MAX_ATTEMPTS it is a dead letter.
 * Returns how many were delivered.
 */
export async function deliverDue(
  sql: Sql,
  delivery: (site: string) => Promise<LeadDelivery | undefined>,
  now: number,
  backoffMs: number,
): Promise<number> {
  const due = await sql.query<Due & Record<string, unknown>>(
    `SELECT site, lead, channel, attempts, next_at FROM lead_deliveries WHERE status = 'pending' AND next_at <= $1
     ORDER BY next_at LIMIT ${ROUND}`,
    [now],
  );
  let delivered = 0;
  for (const d of due) {
    const key = [d.site, d.lead, d.channel];
    const leased = await sql.query(
      `UPDATE lead_deliveries SET next_at = $1 WHERE site = $2 AND lead = $3 AND channel = $4 AND status = 'pending'
       AND next_at = $5 RETURNING lead`,
      [now + LEASE_MS, ...key, d.next_at],
    );
    if (!leased.length) continue;
    const [lead] = await sql.query<LeadRow & Record<string, unknown>>(
      'SELECT * FROM leads WHERE site = $1 AND id = $2',
      [d.site, d.lead],
    );
    try {
      if (!lead) throw new Error('the lead was deleted');
      await send(d.site, lead, d.channel, (await delivery(d.site)) ?? {}, now);
      await sql.query(
        `UPDATE lead_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL
         WHERE site = $2 AND lead = $3 AND channel = $4`,
        [now, ...key],
      );
      delivered++;
    } catch (err) {
      const attempts = Number(d.attempts) + 1;
      const dead = attempts >= MAX_ATTEMPTS || !lead;
      await sql.query(
        `UPDATE lead_deliveries SET status = $1, attempts = $2, next_at = $3, last_error = $4
         WHERE site = $5 AND lead = $6 AND channel = $7`,
        [
          dead ? 'dead' : 'pending',
          attempts,
          now + backoffMs * 4 ** (attempts - 1),
          String((err as Error).message).slice(0, 500),
          ...key,
        ],
      );
    }
  }
  return delivered;
}

/**
 * The shopper opened the confirmation link: the lead counts from now, and its deliveries (webhook, email with the
 * code) are due. A conditional UPDATE, so a link opened twice (or by two servers) queues them once.
 */
export async function confirmLead(
  sql: Sql,
  delivery: (site: string) => Promise<LeadDelivery | undefined>,
  site: string,
  token: string,
  now: number,
): Promise<LeadConfirmation> {
  const [lead] = await sql.query<{ id: string }>(
    `UPDATE leads SET confirmed_at = $1 WHERE site = $2 AND confirm_token = $3 AND confirmed_at IS NULL RETURNING id`,
    [now, site, token],
  );
  if (!lead) {
    const [had] = await sql.query('SELECT id FROM leads WHERE site = $1 AND confirm_token = $2', [site, token]);
    return had ? 'already' : 'unknown';
  }
  for (const channel of channels(await delivery(site)))
    await sql.query(
      `INSERT INTO lead_deliveries VALUES ($1, $2, $3, 'pending', 0, $4, NULL, NULL)
       ON CONFLICT (site, lead, channel) DO NOTHING`,
      [site, lead.id, channel, now],
    );
  return 'confirmed';
}

/** Puts a dead letter back in the queue, due now: true when there was one. */
export async function retryLead(sql: Sql, site: string, lead: string, now: number): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE lead_deliveries SET status = 'pending', attempts = 0, next_at = $1
     WHERE site = $2 AND lead = $3 AND status = 'dead' RETURNING channel`,
    [now, site, lead],
  );
  return rows.length > 0;
}

/** Leads, newest first, with their deliveries; `status` keeps leads with a delivery in that state (dead letters). */
export async function listLeads(
  sql: Sql,
  site: string,
  q: { status?: DeliveryStatus | undefined; limit: number },
): Promise<Lead[]> {
  const rows = await sql.query<LeadRow & Record<string, unknown>>(
    `SELECT * FROM leads l WHERE site = $1 ${
      q.status
        ? 'AND EXISTS (SELECT 1 FROM lead_deliveries d WHERE d.site = l.site AND d.lead = l.id AND d.status = $3)'
        : ''
    } ORDER BY created_at DESC, id LIMIT $2`,
    q.status ? [site, q.limit, q.status] : [site, q.limit],
  );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const ds = await sql.query<{
    lead: string;
    channel: Channel;
    status: DeliveryStatus;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT lead, channel, status, attempts, last_error FROM lead_deliveries WHERE site = $1
     AND lead IN (${ids.map((_, i) => `$${i + 2}`).join(', ')}) ORDER BY channel`,
    [site, ...ids],
  );
  return rows.map((r) => ({
    id: r.id,
    anonymousId: r.anonymous_id,
    userId: r.user_id,
    email: r.email,
    widget: r.widget,
    code: r.code,
    createdAt: Number(r.created_at),
    confirmed: r.confirm_token === null || r.confirmed_at !== null,
    deliveries: ds
      .filter((d) => d.lead === r.id)
      .map((d) => ({ channel: d.channel, status: d.status, attempts: Number(d.attempts), lastError: d.last_error })),
  }));
}

/** Deletes leads older than the site's retention (and their deliveries); how many leads went. */
export async function dropOldLeads(sql: Sql, site: string, days: number, now: number): Promise<number> {
  const before = now - days * 86_400_000;
  await sql.query(
    'DELETE FROM lead_deliveries WHERE site = $1 AND lead IN (SELECT id FROM leads WHERE site = $1 AND created_at < $2)',
    [site, before],
  );
  return (await sql.query('DELETE FROM leads WHERE site = $1 AND created_at < $2 RETURNING id', [site, before])).length;
}

/** Each site's retention applied: leads older than its `retentionDays` deleted. */
export async function dropExpiredLeads(sql: Sql, now: number): Promise<void> {
  for (const r of await sql.query<{ site: string; doc: string }>('SELECT site, doc FROM reward_settings')) {
    const days = (JSON.parse(r.doc) as { leads?: LeadDelivery }).leads?.retentionDays;
    if (days) await dropOldLeads(sql, r.site, days, now);
  }
}
