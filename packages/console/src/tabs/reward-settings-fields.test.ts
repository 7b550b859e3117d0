import { describe, expect, it } from 'vitest';
import type { RewardSettings } from '../api.js';
import { rewardSettingsWords } from '../i18n/reward-settings-words.js';
import { bodyOf, changed, draftOf, FIELDS, fieldOf, placeIssues } from './reward-settings-fields.js';

const stored: RewardSettings = {
  codeWebhook: { url: 'https://shop.example/codes', timeoutMs: 3000, secretSet: true },
  referral: {
    stages: [{ stage: 'friend_first_order', inviter: 50 }],
    currency: 'USD',
    onRule: 'hold',
    pool: 'ref',
  },
  nextOrder: null,
  leads: {
    webhook: null,
    email: { host: 'smtp.shop.example', port: 587, secure: false, from: 'hi@shop.example', passwordSet: true },
    retentionDays: 30,
    doubleOptIn: null,
  },
} as RewardSettings;

describe('fieldOf: the server issue path -> the input it is about', () => {
  it('takes an exact path', () => {
    expect(fieldOf('codeWebhook.url', FIELDS.codeWebhook)).toBe('codeWebhook.url');
    expect(fieldOf('leads.email.port', FIELDS.leadEmail)).toBe('leads.email.port');
  });
  it('puts a part-level issue on the part’s first input', () => {
    expect(fieldOf('leads.doubleOptIn', FIELDS.leadOptIn)).toBe('leads.doubleOptIn.serverUrl');
    expect(fieldOf('leads.email', FIELDS.leadEmail)).toBe('leads.email.host');
    expect(fieldOf('referral.stages', FIELDS.referral)).toBe('referral.stages.friend_signup.friend');
  });
  it('names a stage by what was sent at that index, not by its place in the form', () => {
    expect(fieldOf('referral.stages.0.inviter', FIELDS.referral, ['friend_first_order'])).toBe(
      'referral.stages.friend_first_order.inviter',
    );
    expect(fieldOf('referral.stages.1.friend', FIELDS.referral, ['friend_signup', 'friend_first_order'])).toBe(
      'referral.stages.friend_first_order.friend',
    );
    // an issue below an input (the stage's own key) goes to the nearest one above
    expect(fieldOf('referral.stages.0.stage', FIELDS.referral, ['friend_first_order'])).toBe(
      'referral.stages.friend_first_order.friend',
    );
  });
  it('leaves paths of other forms and the document itself unplaced', () => {
    expect(fieldOf('codeWebhook.url', FIELDS.leadWebhook)).toBeUndefined();
    expect(fieldOf('leads.email.host', FIELDS.leadWebhook)).toBeUndefined();
    expect(fieldOf('', FIELDS.leadWebhook)).toBeUndefined();
    const { at, rest } = placeIssues(
      [
        { path: 'leads.webhook.url', message: 'expected an https URL' },
        { path: 'nextOrder.pool', message: 'elsewhere' },
      ],
      FIELDS.leadWebhook,
    );
    expect(at).toEqual({ 'leads.webhook.url': [{ path: 'leads.webhook.url', message: 'expected an https URL' }] });
    expect(rest).toEqual([{ path: 'nextOrder.pool', message: 'elsewhere' }]);
  });
});

describe('drafts and bodies', () => {
  it('fills inputs from the stored settings but never a secret, and is unchanged until edited', () => {
    const d = draftOf('codeWebhook', stored);
    expect(d).toEqual({
      'codeWebhook.url': 'https://shop.example/codes',
      'codeWebhook.secret': '',
      'codeWebhook.timeoutMs': '3000',
    });
    expect(changed('codeWebhook', d, stored)).toBe(false);
    expect(changed('codeWebhook', { ...d, 'codeWebhook.secret': 'x' }, stored)).toBe(true);
  });
  it('sends an empty secret or password as absent (the stored one is kept) and an empty URL as a removal', () => {
    expect(bodyOf('codeWebhook', draftOf('codeWebhook', stored)).body).toEqual({
      codeWebhook: { url: 'https://shop.example/codes', timeoutMs: 3000 },
    });
    expect(bodyOf('codeWebhook', { ...draftOf('codeWebhook', stored), 'codeWebhook.url': ' ' }).body).toEqual({
      codeWebhook: null,
    });
    expect(bodyOf('leadEmail', draftOf('leadEmail', stored)).body).toEqual({
      leads: { email: { host: 'smtp.shop.example', port: 587, secure: false, from: 'hi@shop.example' } },
    });
  });
  it('sends an empty SMTP port as absent: the server picks 587, or 465 with TLS from the start', () => {
    const d = { ...draftOf('leadEmail', stored), 'leads.email.port': '' };
    expect(bodyOf('leadEmail', d).body).toEqual({
      leads: { email: { host: 'smtp.shop.example', secure: false, from: 'hi@shop.example' } },
    });
    expect(rewardSettingsWords.en.portHelp).toContain('Empty: 587');
  });
  it('sends only its own part of lead delivery: the others are left as stored', () => {
    expect(bodyOf('leadWebhook', draftOf('leadWebhook', stored)).body).toEqual({ leads: { webhook: null } });
    expect(bodyOf('leadOptIn', draftOf('leadOptIn', stored)).body).toEqual({ leads: { doubleOptIn: null } });
    expect(bodyOf('leadRetention', draftOf('leadRetention', stored)).body).toEqual({ leads: { retentionDays: 30 } });
    expect(Object.keys(draftOf('leadEmail', stored)).every((k) => k.startsWith('leads.email.'))).toBe(true);
    const d = { ...draftOf('leadWebhook', stored), 'leads.webhook.url': 'https://shop.example/leads' };
    expect(changed('leadWebhook', d, stored)).toBe(true);
    expect(changed('leadEmail', draftOf('leadEmail', stored), stored)).toBe(false);
  });
  it('sends only the stages with an amount, and says which index is which', () => {
    const d = draftOf('referral', stored);
    expect(bodyOf('referral', d)).toEqual({
      body: {
        referral: {
          stages: [{ stage: 'friend_first_order', inviter: 50 }],
          onRule: 'hold',
          review: false,
          currency: 'USD',
          pool: 'ref',
        },
      },
      stageOrder: ['friend_first_order'],
    });
    expect(bodyOf('referral', { ...d, 'referral.on': false }).body).toEqual({ referral: null });
  });
  it('ends the next-order reward when no widget is picked', () => {
    expect(bodyOf('nextOrder', draftOf('nextOrder', stored)).body).toEqual({ nextOrder: null });
    const d = {
      ...draftOf('nextOrder', stored),
      'nextOrder.widget': 'thanks',
      'nextOrder.pool': 'p',
      'nextOrder.minOrder': '40',
    };
    expect(bodyOf('nextOrder', d).body).toEqual({ nextOrder: { widget: 'thanks', pool: 'p', minOrder: 40 } });
  });
  it('sends the next-order caps when given, and leaves them to the server default when empty', () => {
    const d = {
      ...draftOf('nextOrder', stored),
      'nextOrder.widget': 'thanks',
      'nextOrder.pool': 'p',
      'nextOrder.capPerAddressPerDay': '2',
      'nextOrder.capPerSitePerHour': '',
    };
    expect(bodyOf('nextOrder', d).body).toEqual({ nextOrder: { widget: 'thanks', pool: 'p', capPerAddressPerDay: 2 } });
  });
});

it('has every word in both languages', () => {
  expect(Object.keys(rewardSettingsWords['zh-CN']).sort()).toEqual(Object.keys(rewardSettingsWords.en).sort());
});
