// The reward-settings forms when the person types while a save is on its way: the answer (about the values sent) must
// not overwrite what was typed since; the form says those changes wait, and the next save sends them.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import type { RewardSettings } from '../api.js';
import { RewardSettingsSection, type RewardSettingsHost } from './reward-settings.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const stored = {
  codeWebhook: { url: 'https://shop.example/codes', timeoutMs: 3000, secretSet: true },
  referral: null,
  nextOrder: null,
  leads: { email: { host: 'smtp.example', port: 587, secure: false, from: 'shop@shop.example' }, retentionDays: 30 },
} as unknown as RewardSettings;

/** A section whose saves wait until the test answers them: `answer(settings)` ends the oldest save on its way. */
async function mount() {
  const sent: unknown[] = [];
  const waiting: ((s: RewardSettings) => void)[] = [];
  const drawn: { section?: RewardSettingsSection } = {};
  const host = {
    lang: 'en',
    site: 'demo',
    config: { widgets: [] },
    requestUpdate: () => render(drawn.section!.render([]), root),
    client: {
      rewardSettings: async () => stored,
      saveRewardSettings: (_site: string, body: unknown) => {
        sent.push(body);
        return new Promise<RewardSettings>((resolve) => waiting.push(resolve));
      },
    },
  } as unknown as RewardSettingsHost;
  const section = (drawn.section = new RewardSettingsSection(host));
  await section.load();
  host.requestUpdate();
  const answer = async (s: RewardSettings) => {
    waiting.shift()!(s);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { sent, answer, section };
}

const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
const type = (sel: string, value: string) => {
  const el = $<HTMLInputElement>(sel);
  el.value = value;
  el.dispatchEvent(new Event('input'));
};
const save = (form: string) => $<HTMLButtonElement>(`form[aria-labelledby="rs-${form}-h"] button[type=submit]`);
const status = (form: string) => $(`#rs-${form}-status`).textContent!.trim();

it('keeps an input typed into during its form’s save, takes the answer for the others, and saves it next', async () => {
  const { sent, answer, section } = await mount();
  type('#rs-codeWebhook-url', 'https://shop.example/new');
  save('codeWebhook').click();
  expect(status('codeWebhook')).toBe('Saving…');
  // typed while the save is on its way
  type('#rs-codeWebhook-timeoutMs', '4500');
  // the server answers for what was sent (its url as it stores it, the timeout sent)
  const first = {
    ...stored,
    codeWebhook: { url: 'https://shop.example/new/', timeoutMs: 3000, secretSet: true },
  } as RewardSettings;
  await answer(first);
  expect($<HTMLInputElement>('#rs-codeWebhook-timeoutMs').value).toBe('4500');
  expect($<HTMLInputElement>('#rs-codeWebhook-url').value).toBe('https://shop.example/new/');
  expect(save('codeWebhook').disabled).toBe(false);
  expect(section.unsaved()).toBe(true);
  expect(status('codeWebhook')).not.toBe('Saved.');
  expect(status('codeWebhook')).toContain('not saved yet');
  save('codeWebhook').click();
  expect(sent[1]).toEqual({ codeWebhook: { url: 'https://shop.example/new/', timeoutMs: 4500 } });
  await answer({ ...first, codeWebhook: { ...first.codeWebhook!, timeoutMs: 4500 } } as RewardSettings);
  expect(status('codeWebhook')).toBe('Saved.');
  expect(save('codeWebhook').disabled).toBe(true);
  expect(section.unsaved()).toBe(false);
});

it('keeps a checkbox and a field changed during a lead form’s save; an untouched form follows the answer', async () => {
  const { sent, answer } = await mount();
  type('#rs-leads-email-host', 'mail.example');
  save('leadEmail').click();
  $<HTMLInputElement>('#rs-leads-email-secure').click();
  type('#rs-leads-email-subject', 'New lead');
  const leads = { ...stored.leads!, email: { ...stored.leads!.email!, host: 'mail.example' }, retentionDays: 60 };
  await answer({ ...stored, leads } as RewardSettings);
  expect($<HTMLInputElement>('#rs-leads-email-host').value).toBe('mail.example');
  expect($<HTMLInputElement>('#rs-leads-email-secure').checked).toBe(true);
  expect($<HTMLInputElement>('#rs-leads-email-subject').value).toBe('New lead');
  expect($<HTMLInputElement>('#rs-leads-retentionDays').value).toBe('60');
  expect(status('leadEmail')).toContain('not saved yet');
  save('leadEmail').click();
  expect(sent[1]).toMatchObject({ leads: { email: { host: 'mail.example', secure: true, subject: 'New lead' } } });
});
