// What each reward-settings input accepts, checked as it is typed, so its error follows its current value and Save waits
// for a form the server will take. The server stays the judge (it checks again and answers issues with the same codes).
import { liveFields, type Draft, type FormName } from './reward-settings-fields.js';

/** An input's problem, coded as the server codes its issues (server README, "Reward settings errors"). */
export interface Problem {
  code: string;
  min?: number | undefined;
  max?: number | undefined;
}

export type Rule =
  | { kind: 'number'; min: number; max: number; whole?: boolean }
  | { kind: 'text'; min?: number; max: number; needed?: boolean }
  | { kind: 'url' }
  | { kind: 'currency' };

const whole = (min: number, max: number): Rule => ({ kind: 'number', min, max, whole: true });
const amount: Rule = { kind: 'number', min: 0, max: 1e9 };
const url: Rule = { kind: 'url' };
const secret: Rule = { kind: 'text', min: 16, max: 200 };

/** The server's limits (http/routes/admin/reward-settings.ts), input by input; an input not named takes anything. */
export const RULES: Readonly<Record<string, Rule>> = {
  'codeWebhook.url': url,
  'codeWebhook.secret': secret,
  'codeWebhook.timeoutMs': whole(100, 10_000),
  'leads.webhook.url': url,
  'leads.webhook.secret': secret,
  'leads.webhook.timeoutMs': whole(100, 10_000),
  'leads.email.host': { kind: 'text', max: 255 },
  'leads.email.port': whole(1, 65_535),
  'leads.email.user': { kind: 'text', max: 255 },
  'leads.email.password': { kind: 'text', max: 500 },
  'leads.email.from': { kind: 'text', min: 3, max: 320, needed: true },
  'leads.email.subject': { kind: 'text', max: 200 },
  'leads.doubleOptIn.serverUrl': url,
  'leads.doubleOptIn.thanksUrl': url,
  'leads.retentionDays': whole(1, 3650),
  'referral.stages.friend_signup.friend': amount,
  'referral.stages.friend_signup.inviter': amount,
  'referral.stages.friend_first_order.friend': amount,
  'referral.stages.friend_first_order.inviter': amount,
  'referral.currency': { kind: 'currency' },
  'referral.minOrder': amount,
  'referral.capPerInviterPerMonth': amount,
  'referral.url': url,
  'nextOrder.pool': { kind: 'text', max: 64, needed: true },
  'nextOrder.minOrder': amount,
  'nextOrder.capPerAddressPerDay': whole(0, 1000),
  'nextOrder.capPerSitePerHour': whole(0, 100_000),
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const LINK_LOCAL = /^(169\.254\.\d+\.\d+|\[fe80:[^\]]*\]|metadata\.google\.internal)$/i;
/** The server's rule for where it sends calls (webhook-url.ts), repeated here: the console imports only its types. */
function urlOk(u: string): boolean {
  try {
    const x = new URL(u);
    if (x.username || x.password || LINK_LOCAL.test(x.hostname) || u.length > 2000) return false;
    return x.protocol === 'https:' || (x.protocol === 'http:' && LOOPBACK.test(x.hostname));
  } catch {
    return false;
  }
}

/**
 * The input whose emptiness means "none" in each form that sets one thing (an empty URL: no webhook; an empty host:
 * no email), and the code of its error when it is empty but the rest of the form is not.
 */
const KEY: Partial<Record<FormName, [string, string]>> = {
  codeWebhook: ['codeWebhook.url', 'url_needed'],
  leadWebhook: ['leads.webhook.url', 'url_needed'],
  leadEmail: ['leads.email.host', 'host_needed'],
  leadOptIn: ['leads.doubleOptIn.serverUrl', 'url_needed'],
};

const filled = (v: string | boolean | undefined) => (typeof v === 'string' ? v.trim() !== '' : v === true);

/**
 * Whether the form sets its thing (its key input, or something typed that needs it) rather than leaving it unset or
 * removing it: emptying only the key of stored settings removes them (the form's note says so), and so does emptying
 * every input; new values without the key would be dropped unsaved, so they need it.
 */
export function wanted(form: FormName, d: Draft, stored: Draft): boolean {
  const key = KEY[form]?.[0];
  if (!key || filled(d[key])) return true;
  const rest = Object.keys(d).filter((k) => k !== key);
  const typed = rest.some((k) => filled(d[k]));
  return typed && (!filled(stored[key]) || rest.some((k) => d[k] !== stored[k]));
}

/** The problem with input `name`'s value in draft `d` (`stored`: the form as stored), or undefined when it is fine. */
export function problemOf(form: FormName, name: string, d: Draft, stored: Draft): Problem | undefined {
  const raw = d[name];
  const v = typeof raw === 'string' ? raw.trim() : '';
  const key = KEY[form];
  if (key) {
    const on = wanted(form, d, stored);
    if (name === key[0] && on && !v) return { code: key[1] };
    // without its key the rest is not sent: no other input is wrong on its own
    if (!on) return undefined;
  }
  const rule = RULES[name];
  if (!rule) return undefined;
  if (v === '') return rule.kind === 'text' && rule.needed ? { code: 'required' } : undefined;
  if (rule.kind === 'url') return urlOk(v) ? undefined : { code: 'bad_url' };
  if (rule.kind === 'currency') return /^[A-Z]{3}$/.test(v) ? undefined : { code: 'bad_currency' };
  if (rule.kind === 'text') {
    // a password is sent as typed, spaces and all
    const n = (name.endsWith('password') ? String(raw) : v).length;
    if (rule.min !== undefined && n < rule.min) return { code: 'too_short', min: rule.min };
    return n > rule.max ? { code: 'too_long', max: rule.max } : undefined;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) return { code: 'not_number' };
  if (rule.whole && !Number.isInteger(n)) return { code: 'not_whole', min: rule.min, max: rule.max };
  if (n < rule.min) return { code: 'too_small', min: rule.min };
  return n > rule.max ? { code: 'too_big', max: rule.max } : undefined;
}

/** Every input of the form with a problem now, by name. */
export function problemsOf(form: FormName, fields: readonly string[], d: Draft, stored: Draft) {
  const out: Record<string, Problem> = {};
  for (const f of liveFields(form, fields, d)) {
    const p = problemOf(form, f, d, stored);
    if (p) out[f] = p;
  }
  return out;
}
