// The People tab's invite form (a form that creates something and starts empty again): what is typed while its
// request is on its way is the next invitation, and is not cleared with the one sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { translate } from '../i18n.js';
import { PeopleTab, type PeopleHost } from './people-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

it('clears only the fields still holding what the invitation sent', async () => {
  const sent: [string, string][] = [];
  const waiting: (() => void)[] = [];
  const drawn: { tab?: PeopleTab } = {};
  const host = {
    lang: 'en',
    person: false,
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    can: () => true,
    requestUpdate: () => render(drawn.tab!.render(), root),
    sayDone() {},
    clearIssues() {},
    fail(e: unknown) {
      throw e;
    },
    client: {
      users: async () => ({ users: [] }),
      tokens: async () => ({ tokens: [] }),
      invite: (email: string, role: string) => {
        sent.push([email, role]);
        return new Promise((done) =>
          waiting.push(() => done({ inviteUrl: `https://console.example/#invite=${email}` })),
        );
      },
    },
  } as unknown as PeopleHost;
  const tab = (drawn.tab = new PeopleTab(host));
  await tab.load();
  const form = root.querySelector<HTMLInputElement>('input[name=email]')!.form!;
  const email = form.querySelector<HTMLInputElement>('input[name=email]')!;
  const role = form.querySelector<HTMLSelectElement>('select')!;
  const answer = async () => {
    waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  const defaultRole = role.value;
  email.value = 'ann@shop.example';
  role.value = 'admin';
  form.requestSubmit();
  // the next invitation, typed while the first is on its way
  email.value = 'bob@shop.example';
  await answer();
  expect(sent).toEqual([['ann@shop.example', 'admin']]);
  expect(email.value).toBe('bob@shop.example');
  // the role still holds what was sent: it starts again from its default
  expect(role.value).toBe(defaultRole);
  form.requestSubmit();
  await answer();
  expect(sent[1]).toEqual(['bob@shop.example', defaultRole]);
  expect(email.value).toBe('');
});
