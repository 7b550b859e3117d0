// The reward settings forms as data: each input named by its API path, a form's draft from the stored settings, the
// PATCH body from a draft, and the server's issue paths mapped back to the input they are about.
import type { ApiIssue, RewardSettings, RewardSettingsPatch } from '../api.js';

/** Lead delivery is four forms, one per part the API patches on its own, so Enter or Save sends only that part. */
export type FormName =
  'codeWebhook' | 'leadWebhook' | 'leadEmail' | 'leadOptIn' | 'leadRetention' | 'referral' | 'nextOrder';
/** An input's value by its name (its path in the PATCH body; a stage's amounts by stage name, not by index). */
export type Draft = Record<string, string | boolean>;

export const FORMS: readonly FormName[] = [
  'codeWebhook',
  'leadWebhook',
  'leadEmail',
  'leadOptIn',
  'leadRetention',
  'referral',
  'nextOrder',
];
/** Each lead form's part of `leads` in the PATCH body. */
const LEAD_PART = {
  leadWebhook: 'webhook',
  leadEmail: 'email',
  leadOptIn: 'doubleOptIn',
  leadRetention: 'retentionDays',
} as const;
type LeadForm = keyof typeof LEAD_PART;
const isLead = (f: FormName): f is LeadForm => f in LEAD_PART;
export const STAGES = ['friend_signup', 'friend_first_order'] as const;

/** Every input of each form, in the order shown (the first one of a group takes the group's issues). */
export const FIELDS: Record<FormName, readonly string[]> = {
  codeWebhook: ['codeWebhook.url', 'codeWebhook.secret', 'codeWebhook.timeoutMs'],
  leadWebhook: ['leads.webhook.url', 'leads.webhook.secret', 'leads.webhook.timeoutMs'],
  leadEmail: [
    'leads.email.host',
    'leads.email.port',
    'leads.email.secure',
    'leads.email.user',
    'leads.email.password',
    'leads.email.from',
    'leads.email.subject',
  ],
  leadOptIn: ['leads.doubleOptIn.serverUrl', 'leads.doubleOptIn.thanksUrl'],
  leadRetention: ['leads.retentionDays'],
  referral: [
    'referral.on',
    ...STAGES.flatMap((s) => [`referral.stages.${s}.friend`, `referral.stages.${s}.inviter`]),
    'referral.currency',
    'referral.minOrder',
    'referral.capPerInviterPerMonth',
    'referral.onRule',
    'referral.review',
    'referral.pool',
    'referral.url',
  ],
  nextOrder: [
    'nextOrder.widget',
    'nextOrder.pool',
    'nextOrder.minOrder',
    'nextOrder.capPerAddressPerDay',
    'nextOrder.capPerSitePerHour',
  ],
};

const str = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** A form's inputs as the stored settings fill them; secrets are never filled (the API does not answer them). */
export function draftOf(form: FormName, s: RewardSettings | null): Draft {
  if (form === 'codeWebhook') {
    const h = s?.codeWebhook;
    return { 'codeWebhook.url': str(h?.url), 'codeWebhook.secret': '', 'codeWebhook.timeoutMs': str(h?.timeoutMs) };
  }
  if (isLead(form)) {
    const l = s?.leads;
    const e = l?.email;
    const all: Draft = {
      'leads.webhook.url': str(l?.webhook?.url),
      'leads.webhook.secret': '',
      'leads.webhook.timeoutMs': str(l?.webhook?.timeoutMs),
      'leads.email.host': str(e?.host),
      'leads.email.port': str(e?.port),
      'leads.email.secure': e?.secure ?? false,
      'leads.email.user': str(e?.user),
      'leads.email.password': '',
      'leads.email.from': str(e?.from),
      'leads.email.subject': str(e?.subject),
      'leads.doubleOptIn.serverUrl': str(l?.doubleOptIn?.serverUrl),
      'leads.doubleOptIn.thanksUrl': str(l?.doubleOptIn?.thanksUrl),
      'leads.retentionDays': str(l?.retentionDays),
    };
    return Object.fromEntries(FIELDS[form].map((k) => [k, all[k]!]));
  }
  if (form === 'referral') {
    const r = s?.referral;
    const d: Draft = {
      'referral.on': !!r,
      'referral.currency': str(r?.currency),
      'referral.minOrder': str(r?.minOrder),
      'referral.capPerInviterPerMonth': str(r?.capPerInviterPerMonth),
      'referral.onRule': r?.onRule ?? 'hold',
      'referral.review': r?.review ?? false,
      'referral.pool': str(r?.pool),
      'referral.url': str(r?.url),
    };
    for (const stage of STAGES) {
      const st = r?.stages.find((x) => x.stage === stage);
      d[`referral.stages.${stage}.friend`] = str(st?.friend);
      d[`referral.stages.${stage}.inviter`] = str(st?.inviter);
    }
    return d;
  }
  const n = s?.nextOrder;
  return {
    'nextOrder.widget': str(n?.widget),
    'nextOrder.pool': str(n?.pool),
    'nextOrder.minOrder': str(n?.minOrder),
    'nextOrder.capPerAddressPerDay': str(n?.capPerAddressPerDay),
    'nextOrder.capPerSitePerHour': str(n?.capPerSitePerHour),
  };
}

/**
 * The inputs of the form that count now: a switched-off referral program or next-order reward keeps only its switch
 * (the others are hidden, and not sent).
 */
export function liveFields(form: FormName, fields: readonly string[], d: Draft): readonly string[] {
  if (form === 'referral' && d['referral.on'] !== true) return ['referral.on'];
  if (form === 'nextOrder' && !String(d['nextOrder.widget'] ?? '')) return ['nextOrder.widget'];
  return fields;
}

/** Whether the draft differs from what is stored in an input that counts (Save stays disabled until it does). */
export const changed = (form: FormName, d: Draft, s: RewardSettings | null) => {
  const was = draftOf(form, s);
  return liveFields(form, Object.keys(was), d).some((k) => was[k] !== d[k]);
};

const text = (d: Draft, k: string) => {
  const v = d[k];
  return typeof v === 'string' ? v.trim() : '';
};
/** A typed number as sent (the server says what is wrong with it, at its path); empty is absent. */
const num = (d: Draft, k: string) => (text(d, k) === '' ? undefined : Number(text(d, k)));
/** `{ [key]: value }` when the value is there, else nothing: absent keys keep the server's default (or stored secret). */
const opt = <K extends string, V>(key: K, v: V | undefined) =>
  (v === undefined || v === '' ? {} : { [key]: v }) as Partial<Record<K, V>>;

/**
 * The PATCH body for one form (an empty URL, host, widget or switch removes that part: `null`), and which stage each
 * index of `referral.stages` is, to place the server's issues.
 */
export function bodyOf(form: FormName, d: Draft): { body: RewardSettingsPatch; stageOrder: string[] } {
  const t = (k: string) => text(d, k);
  if (form === 'codeWebhook') {
    const url = t('codeWebhook.url');
    const codeWebhook = url
      ? { url, ...opt('secret', t('codeWebhook.secret')), ...opt('timeoutMs', num(d, 'codeWebhook.timeoutMs')) }
      : null;
    return { body: { codeWebhook }, stageOrder: [] };
  }
  if (isLead(form)) {
    const hook = t('leads.webhook.url');
    const host = t('leads.email.host');
    const server = t('leads.doubleOptIn.serverUrl');
    const leads = {
      webhook: hook
        ? {
            url: hook,
            ...opt('secret', t('leads.webhook.secret')),
            ...opt('timeoutMs', num(d, 'leads.webhook.timeoutMs')),
          }
        : null,
      email: host
        ? {
            host,
            // empty: the server picks 587, or 465 with TLS from the start
            ...opt('port', num(d, 'leads.email.port')),
            secure: d['leads.email.secure'] === true,
            ...opt('user', t('leads.email.user')),
            // typed as is: a password may start or end with a space
            ...opt('password', String(d['leads.email.password'] ?? '')),
            from: t('leads.email.from'),
            ...opt('subject', t('leads.email.subject')),
          }
        : null,
      doubleOptIn: server ? { serverUrl: server, ...opt('thanksUrl', t('leads.doubleOptIn.thanksUrl')) } : null,
      retentionDays: num(d, 'leads.retentionDays') ?? null,
    };
    const part = LEAD_PART[form];
    return { body: { leads: { [part]: leads[part] } }, stageOrder: [] };
  }
  if (form === 'referral') {
    if (d['referral.on'] !== true) return { body: { referral: null }, stageOrder: [] };
    const stageOrder = STAGES.filter(
      (s) => t(`referral.stages.${s}.friend`) !== '' || t(`referral.stages.${s}.inviter`) !== '',
    );
    const referral = {
      stages: stageOrder.map((stage) => ({
        stage,
        ...opt('friend', num(d, `referral.stages.${stage}.friend`)),
        ...opt('inviter', num(d, `referral.stages.${stage}.inviter`)),
      })),
      onRule: t('referral.onRule') === 'reject' ? ('reject' as const) : ('hold' as const),
      review: d['referral.review'] === true,
      ...opt('currency', t('referral.currency')),
      ...opt('minOrder', num(d, 'referral.minOrder')),
      ...opt('capPerInviterPerMonth', num(d, 'referral.capPerInviterPerMonth')),
      ...opt('pool', t('referral.pool')),
      ...opt('url', t('referral.url')),
    };
    return { body: { referral }, stageOrder: [...stageOrder] };
  }
  const widget = t('nextOrder.widget');
  const nextOrder = widget
    ? {
        widget,
        pool: t('nextOrder.pool'),
        ...opt('minOrder', num(d, 'nextOrder.minOrder')),
        ...opt('capPerAddressPerDay', num(d, 'nextOrder.capPerAddressPerDay')),
        ...opt('capPerSitePerHour', num(d, 'nextOrder.capPerSitePerHour')),
      }
    : null;
  return { body: { nextOrder }, stageOrder: [] };
}

/**
 * The input an issue of the server is about: its path exactly, else the first input inside the part it names
 * (`leads.doubleOptIn` -> its server URL), else the nearest part above it; undefined when the form has none (a lead
 * delivery part another form edits included).
 * `referral.stages.<i>` is the i-th stage sent (`stageOrder`), whose inputs are named by stage.
 */
export function fieldOf(
  path: string,
  fields: readonly string[],
  stageOrder: readonly string[] = [],
): string | undefined {
  const named = path.replace(/^referral\.stages\.(\d+)(?=\.|$)/, (m, i: string) =>
    stageOrder[Number(i)] ? `referral.stages.${stageOrder[Number(i)]}` : m,
  );
  // lead delivery's parts are separate forms: a part no input of this form edits is another form's
  const part = /^leads\.([^.]+)/.exec(named)?.[1];
  if (part && !fields.some((f) => f === `leads.${part}` || f.startsWith(`leads.${part}.`))) return undefined;
  for (let p = named; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    if (fields.includes(p)) return p;
    const inside = fields.find((f) => f.startsWith(`${p}.`));
    if (inside) return inside;
  }
  return undefined;
}

/** The server's issues by input, and the ones no input of the form is about (said with the form's status). */
export function placeIssues(
  issues: readonly ApiIssue[],
  fields: readonly string[],
  stageOrder: readonly string[] = [],
) {
  const at: Record<string, ApiIssue[]> = {};
  const rest: ApiIssue[] = [];
  for (const i of issues) {
    const f = fieldOf(i.path, fields, stageOrder);
    if (f) (at[f] ??= []).push(i);
    else rest.push(i);
  }
  return { at, rest };
}
