// The console's reward-settings checks (its copy of the server's limits, so errors follow the value as it is typed)
// against the server itself: at each limit of each input, both take or refuse the value, with the same code.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RewardSettings } from '../packages/console/src/api.js';
import {
  bodyOf,
  draftOf,
  FIELDS,
  placeIssues,
  type Draft,
  type FormName,
} from '../packages/console/src/tabs/reward-settings-fields.js';
import { problemOf, RULES, type Rule } from '../packages/console/src/tabs/reward-settings-rules.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { adminClient } from '../packages/server/src/testing.js';

let s: RunningServer;
let admin: ReturnType<typeof adminClient>;
beforeAll(async () => {
  s = await startServer({ port: 0, data: ':memory:', adminToken: 't', log: () => {} });
  admin = adminClient(s.url, 't');
  expect((await admin.post('/sites', { id: 'r', allowedOrigins: [] })).status).toBe(201);
  const widgets = [{ id: 'thanks', type: 'coupon-popup', enabled: true, props: { amount: 10 } }];
  expect((await admin.post('/sites/r/config', { config: { schema: 1, widgets, experiments: [] } })).status).toBe(200);
  expect((await admin.post('/sites/r/coupon-pools', { id: 'nx', kind: 'generated', count: 1 })).status).toBe(201);
  // double opt-in needs email set
  const email = { host: 'smtp.shop.example', from: 'hi@shop.example' };
  expect((await admin.patch('/sites/r/reward-settings', { leads: { email } })).status).toBe(200);
});
afterAll(() => s.close());

/** A draft of each form that the server takes, to vary one input of at a time. */
const BASE: Record<FormName, Draft> = {
  codeWebhook: { ...draftOf('codeWebhook', null), 'codeWebhook.url': 'https://shop.example/codes' },
  leadWebhook: { ...draftOf('leadWebhook', null), 'leads.webhook.url': 'https://shop.example/leads' },
  leadEmail: { ...draftOf('leadEmail', null), 'leads.email.host': 'smtp.shop.example', 'leads.email.from': 'a@b.cd' },
  leadOptIn: { ...draftOf('leadOptIn', null), 'leads.doubleOptIn.serverUrl': 'https://nudge.shop.example' },
  leadRetention: { ...draftOf('leadRetention', null), 'leads.retentionDays': '30' },
  referral: {
    ...draftOf('referral', null),
    'referral.on': true,
    'referral.stages.friend_first_order.inviter': '50',
  },
  nextOrder: { ...draftOf('nextOrder', null), 'nextOrder.widget': 'thanks', 'nextOrder.pool': 'nx' },
};

/** Values at and just past each limit of a rule. */
function tries(rule: Rule): string[] {
  if (rule.kind === 'number')
    return [rule.min, rule.max, rule.min - 1, rule.max + 1, ...(rule.whole ? [rule.min + 0.5] : [])].map(String);
  if (rule.kind === 'text')
    return [
      'x'.repeat(rule.max),
      'x'.repeat(rule.max + 1),
      ...(rule.min ? ['x'.repeat(rule.min), 'x'.repeat(rule.min - 1)] : []),
      ...(rule.needed ? [''] : []),
    ];
  if (rule.kind === 'url')
    return [
      'https://ok.example/x',
      'http://10.0.0.5/',
      'http://127.0.0.1:9/x',
      'https://u:p@x.example/',
      'ftp://x.example',
    ];
  return ['USD', 'usd', 'US'];
}

const formOf = (name: string) => (Object.keys(FIELDS) as FormName[]).find((f) => FIELDS[f].includes(name))!;

it('takes and refuses what the server does, with the same code and bounds, at every limit of every input', async () => {
  const checked: string[] = [];
  for (const [name, rule] of Object.entries(RULES)) {
    const form = formOf(name);
    for (const value of tries(rule)) {
      const d = { ...BASE[form], [name]: value };
      const mine = problemOf(form, name, d, draftOf(form, null));
      const { body, stageOrder } = bodyOf(form, d);
      const r = await admin.patch('/sites/r/reward-settings', body);
      const placed = r.status === 400 ? placeIssues(r.body.issues, FIELDS[form], stageOrder).at[name]?.[0] : undefined;
      // what only the server knows (which pools the site has) is its own check, made on Save
      const theirs = placed?.code === 'unknown_pool' ? undefined : placed;
      const pick = (p: { code?: string; min?: number; max?: number } | undefined) =>
        p && {
          code: p.code,
          ...(p.min !== undefined ? { min: p.min } : {}),
          ...(p.max !== undefined ? { max: p.max } : {}),
        };
      // not_whole: the server does not say the bounds (zod's int check has none); the console does, in its words
      const a = mine?.code === 'not_whole' ? { code: 'not_whole' } : pick(mine);
      expect([name, value.length > 20 ? `${value.length} chars` : value, pick(theirs)]).toEqual([
        name,
        value.length > 20 ? `${value.length} chars` : value,
        a,
      ]);
      if (!mine && !placed) expect([name, value, r.status]).toEqual([name, value, 200]);
      checked.push(name);
    }
  }
  console.log(
    `reward settings rules: ${checked.length} values over ${new Set(checked).size} inputs agree with the server`,
  );
  expect(new Set(checked).size).toBe(Object.keys(RULES).length);
});

it('has a rule for every input typed in (the others are picked from choices the server takes)', () => {
  const picked = [
    'leads.email.secure',
    'referral.on',
    'referral.onRule',
    'referral.review',
    'referral.pool',
    'nextOrder.widget',
  ];
  const typed = Object.values(FIELDS)
    .flat()
    .filter((f) => !picked.includes(f));
  expect(typed.filter((f) => !(f in RULES))).toEqual([]);
  expect(Object.keys(RULES).filter((r) => !typed.includes(r))).toEqual([]);
});

it('has the SMTP settings read back as the console fills them (a port given, or empty as it was left)', async () => {
  const stored = (await admin.get('/sites/r/reward-settings')).body as RewardSettings;
  // left empty: it stays empty (the port follows "TLS from the start" when sending)
  expect(draftOf('leadEmail', stored)['leads.email.port']).toBe('');
  const email = { host: 'smtp.shop.example', from: 'hi@shop.example', port: 2525 };
  expect((await admin.patch('/sites/r/reward-settings', { leads: { email } })).status).toBe(200);
  const given = (await admin.get('/sites/r/reward-settings')).body as RewardSettings;
  expect(draftOf('leadEmail', given)['leads.email.port']).toBe('2525');
});
