// Edits of a site's reward settings that may make a webhook secret (Node's crypto, so apart from settings.ts).
import { randomBytes } from 'node:crypto';
import type { HookInput, LeadDeliveryPatch } from './service.js';
import type { CodeWebhook, LeadDelivery, RewardSettings } from './settings.js';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/**
 * The hook as set: a given secret, else the one it had (the URL alone changed), else a new one; the new one is also
 * returned, to be answered once.
 */
function hookOf(given: HookInput, had: CodeWebhook | undefined, timeoutMs: number): [CodeWebhook, string | undefined] {
  const made = given.secret || had ? undefined : newSecret();
  return [
    { url: given.url, secret: given.secret ?? had?.secret ?? made!, timeoutMs: given.timeoutMs ?? timeoutMs },
    made,
  ];
}

/** Sets (or, with null, removes) the code webhook; a secret it made. */
export function withCodeWebhook(s: RewardSettings, hook: HookInput | null): string | undefined {
  if (!hook) return void delete s.codeWebhook;
  const [set, made] = hookOf(hook, s.codeWebhook, 3000);
  s.codeWebhook = set;
  return made;
}

/** Applies a lead delivery patch (a value sets a part, null removes it, absent keeps it); a secret it made. */
export function withLeadDelivery(s: RewardSettings, patch: LeadDeliveryPatch): string | undefined {
  const leads: LeadDelivery = { ...s.leads };
  let made: string | undefined;
  if (patch.webhook === null) delete leads.webhook;
  else if (patch.webhook) [leads.webhook, made] = hookOf(patch.webhook, leads.webhook, 5000);
  if (patch.email === null) delete leads.email;
  else if (patch.email) leads.email = { ...patch.email, password: patch.email.password ?? leads.email?.password };
  if (patch.retentionDays === null) delete leads.retentionDays;
  else if (patch.retentionDays !== undefined) leads.retentionDays = patch.retentionDays;
  if (patch.doubleOptIn === null) delete leads.doubleOptIn;
  else if (patch.doubleOptIn) leads.doubleOptIn = patch.doubleOptIn;
  // a confirmation link goes by email: without SMTP there is no double opt-in to keep
  if (!leads.email) delete leads.doubleOptIn;
  s.leads = leads;
  return made;
}
