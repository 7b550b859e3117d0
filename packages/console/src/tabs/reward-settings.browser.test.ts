// The reward-settings forms in real Chromium, against a fake API: a field's error follows its current value, Save
// follows the form's validity, and errors are worded by the console in its language.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { ApiError, type ApiIssue, type RewardSettings } from '../api.js';
import type { Lang } from '../i18n.js';
import { RewardSettingsSection, type RewardSettingsHost } from './reward-settings.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const stored = {
  codeWebhook: { url: 'https://shop.example/codes', timeoutMs: 3000, secretSet: true },
  referral: null,
  nextOrder: null,
  leads: null,
} as unknown as RewardSettings;

/** A section on a fake host whose saves answer `answer` (an error's issues, or the settings). */
async function mount(answer: (body: unknown) => RewardSettings | ApiIssue[], lang: Lang = 'en', initial = stored) {
  const sent: unknown[] = [];
  // the host draws the section it is given (requestUpdate runs only after the section exists)
  const drawn: { section?: RewardSettingsSection } = {};
  const host = {
    lang,
    site: 'demo',
    config: { widgets: [{ id: 'welcome', type: 'coupon-popup' }] },
    requestUpdate: () => render(drawn.section!.render([{ id: 'p1' } as never]), root),
    client: {
      rewardSettings: async () => initial,
      saveRewardSettings: async (_site: string, body: unknown) => {
        sent.push(body);
        const out = answer(body);
        if (Array.isArray(out)) throw new ApiError(400, 'invalid_settings', 'refused', out);
        return out;
      },
    },
  } as unknown as RewardSettingsHost;
  const section = (drawn.section = new RewardSettingsSection(host));
  await section.load();
  host.requestUpdate();
  return { sent, host };
}

const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
const type = (sel: string, value: string) => {
  const el = $<HTMLInputElement>(sel);
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'));
};
/** The input's error as a screen reader reaches it, or null. */
const errorOf = (sel: string) =>
  $(sel).getAttribute('aria-invalid') === 'true' ? (root.querySelector(`${sel}-err`)?.textContent ?? '') : null;
const save = (form: string) => $<HTMLButtonElement>(`form[aria-labelledby="rs-${form}-h"] button[type=submit]`);
const settle = () => new Promise((r) => setTimeout(r, 0));

it('shows an input’s error while its value is bad and drops it once the value is good again; Save follows', async () => {
  await mount(() => stored);
  const timeout = '#rs-codeWebhook-timeoutMs';
  expect(errorOf(timeout)).toBeNull();
  expect(save('codeWebhook').disabled).toBe(true);
  type(timeout, '50');
  expect(errorOf(timeout)).toBe('Enter 100 or more.');
  expect(save('codeWebhook').disabled).toBe(true);
  type(timeout, '2500');
  expect(errorOf(timeout)).toBeNull();
  expect(save('codeWebhook').disabled).toBe(false);
  type(timeout, '20000');
  expect(errorOf(timeout)).toBe('Enter 10000 or less.');
  type(timeout, '250.5');
  expect(errorOf(timeout)).toBe('Enter a whole number from 100 to 10000.');
  // back to the stored value: no error, and nothing to save
  type(timeout, '3000');
  expect(errorOf(timeout)).toBeNull();
  expect(save('codeWebhook').disabled).toBe(true);
  type('#rs-codeWebhook-url', 'javascript:alert(1)');
  expect(errorOf('#rs-codeWebhook-url')).toContain('https');
  expect(save('codeWebhook').disabled).toBe(true);
  type('#rs-codeWebhook-url', 'https://shop.example/other');
  expect(errorOf('#rs-codeWebhook-url')).toBeNull();
  expect(save('codeWebhook').disabled).toBe(false);
});

it('keeps a server refusal on its input while the value is the one refused, and drops it when the value changes', async () => {
  const refused: ApiIssue[] = [
    {
      path: 'codeWebhook.timeoutMs',
      code: 'too_small',
      min: 100,
      message: 'expected a whole number from 100 to 10000',
    },
  ];
  const { sent } = await mount((body) =>
    (body as { codeWebhook: { timeoutMs: number } }).codeWebhook.timeoutMs === 150 ? refused : stored,
  );
  const timeout = '#rs-codeWebhook-timeoutMs';
  type(timeout, '150');
  save('codeWebhook').click();
  await settle();
  await settle();
  expect(sent).toHaveLength(1);
  expect(errorOf(timeout)).toBe('Enter 100 or more.');
  // the refused input takes the focus
  expect(document.activeElement).toBe($(timeout));
  expect($('#rs-codeWebhook-status').textContent).toContain('correct the fields marked');
  expect(save('codeWebhook').disabled).toBe(false);
  // put to a good value: the refusal was about 150, not about this
  type(timeout, '2500');
  expect(errorOf(timeout)).toBeNull();
  expect($('#rs-codeWebhook-status').textContent).not.toContain('correct the fields marked');
  expect(save('codeWebhook').disabled).toBe(false);
  // back to the refused value: the server said no to it
  type(timeout, '150');
  expect(errorOf(timeout)).toBe('Enter 100 or more.');
});

it('words a server refusal in the console’s language by its code, and names the field for a code it does not know', async () => {
  const issues: ApiIssue[] = [
    {
      path: 'codeWebhook.secret',
      code: 'too_short',
      min: 16,
      message: 'Too small: expected string to have >=16 characters',
    },
    { path: 'codeWebhook.url', code: 'something_new', message: 'a rule this console predates' },
  ];
  for (const [lang, secret, other] of [
    ['en', 'At least 16 characters.', '“URL” was refused: check it and save again.'],
    ['zh-CN', '至少 16 个字符。', '“URL”未被接受：请检查后再保存。'],
  ] as const) {
    await mount(() => issues, lang);
    // a secret the form takes (16+ characters) that the server refuses anyway, and a URL the form takes
    type('#rs-codeWebhook-secret', 'sixteen-chars-ok');
    type('#rs-codeWebhook-url', 'https://shop.example/x');
    save('codeWebhook').click();
    await settle();
    await settle();
    expect(errorOf('#rs-codeWebhook-secret')).toBe(secret);
    expect(errorOf('#rs-codeWebhook-url')).toBe(other);
    expect(root.textContent).not.toContain('Too small');
    render(null, root);
  }
});

it('never drops typed SMTP settings unsaved: without a host the form asks for one and sends nothing', async () => {
  const { sent } = await mount(() => stored);
  const smtp = root.querySelector<HTMLFormElement>('form[aria-labelledby="rs-leadEmail-h"]')!;
  type('#rs-leads-email-subject', 'Your code');
  expect(errorOf('#rs-leads-email-host')).toBe(
    'A host is needed to send email. To have no email, empty the other fields too.',
  );
  expect(save('leadEmail').disabled).toBe(true);
  // even submitted (Enter reaches no disabled Save; a script might), nothing is sent and nothing said "Saved."
  smtp.requestSubmit();
  await settle();
  await settle();
  expect(sent).toEqual([]);
  expect($('#rs-leadEmail-status').textContent).not.toContain('Saved');
  expect(document.activeElement).toBe($('#rs-leads-email-host'));
  // emptied again: nothing to save, no error
  type('#rs-leads-email-subject', '');
  expect(errorOf('#rs-leads-email-host')).toBeNull();
  expect(save('leadEmail').disabled).toBe(true);
  // with a host (and the sender it then needs) the subject is sent, the port left to the server
  type('#rs-leads-email-subject', 'Your code');
  type('#rs-leads-email-host', 'smtp.shop.example');
  expect(errorOf('#rs-leads-email-host')).toBeNull();
  expect(errorOf('#rs-leads-email-from')).toBe('Required.');
  type('#rs-leads-email-from', 'hi@shop.example');
  expect(save('leadEmail').disabled).toBe(false);
  save('leadEmail').click();
  await settle();
  expect(sent).toEqual([
    { leads: { email: { host: 'smtp.shop.example', secure: false, from: 'hi@shop.example', subject: 'Your code' } } },
  ]);
});

it('removes stored SMTP settings when only the host is emptied, and a webhook timeout typed alone asks for a URL', async () => {
  const withEmail = {
    ...stored,
    leads: {
      webhook: null,
      email: { host: 'smtp.x', port: 587, secure: false, from: 'hi@x.example' },
      doubleOptIn: null,
    },
  } as unknown as RewardSettings;
  const { sent } = await mount(() => stored, 'en', withEmail);
  type('#rs-leads-email-host', '');
  expect(errorOf('#rs-leads-email-host')).toBeNull();
  expect(save('leadEmail').disabled).toBe(false);
  save('leadEmail').click();
  await settle();
  expect(sent).toEqual([{ leads: { email: null } }]);
  type('#rs-leads-webhook-timeoutMs', '2000');
  expect(errorOf('#rs-leads-webhook-url')).toContain('A URL is needed');
  expect(save('leadWebhook').disabled).toBe(true);
});

it('next-order reward: widget "none" says it is off, hides the rest, and saves only a real change', async () => {
  const next = '#rs-nextOrder-h';
  const form = () => root.querySelector<HTMLFormElement>(`form[aria-labelledby="${next.slice(1)}"]`)!;
  const { sent } = await mount(() => stored);
  expect(form().textContent).toContain('Off (widget none): no buyer gets a next-order coupon');
  expect(root.querySelector('#rs-nextOrder-minOrder')).toBeNull();
  type('#rs-nextOrder-widget', 'welcome');
  expect(form().textContent).not.toContain('Off (widget none)');
  type('#rs-nextOrder-minOrder', '40');
  // back to none: the minimum typed is no offer; nothing to save
  type('#rs-nextOrder-widget', '');
  expect(root.querySelector('#rs-nextOrder-minOrder')).toBeNull();
  expect(save('nextOrder').disabled).toBe(true);
  form().requestSubmit();
  await settle();
  expect(sent).toEqual([]);
  render(null, root);
  // a stored reward turned off: that is a change, sent as its removal
  const withNext = { ...stored, nextOrder: { widget: 'welcome', pool: 'p1', minOrder: 40 } } as RewardSettings;
  const second = await mount(() => stored, 'en', withNext);
  expect(save('nextOrder').disabled).toBe(true);
  type('#rs-nextOrder-widget', '');
  expect(save('nextOrder').disabled).toBe(false);
  save('nextOrder').click();
  await settle();
  expect(second.sent).toEqual([{ nextOrder: null }]);
});
