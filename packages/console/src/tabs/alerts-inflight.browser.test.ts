// The alert delivery form when the person types while its save is on its way: the answer (what was sent) must not
// overwrite the newer text, and "saved" is said only of what was sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import { translate } from '../i18n.js';
import { formDriver, heldHost } from './inflight-testing.js';
import { AlertsTab, type AlertsHost } from './alerts-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

type Body = { webhookUrl: string | null; secret?: string | null; emails: string[] };

it('keeps what was typed while the delivery is being saved, shows the rest as stored, and saves it next', async () => {
  let delivery = {
    webhookUrl: 'https://hooks.example/a' as string | null,
    secretSet: true,
    emails: ['a@shop.example'],
  };
  const sent: Body[] = [];
  const h = heldHost(
    root,
    {
      alerts: async () => ({ rules: [], delivery }),
      setAlertDelivery: (_: string, body: Body) => (
        sent.push(body),
        h.hold(undefined, () => (delivery = { webhookUrl: body.webhookUrl, secretSet: true, emails: body.emails }))
      ),
    },
    { tab: 'alerts', renderRoot: root, addController() {} },
  );
  const said = h.said;
  const answer = h.answer;
  const tab = h.draws(new AlertsTab(h.host as unknown as AlertsHost)) as AlertsTab;
  await tab.load();
  const { input, type, save } = formDriver(root, '#alert-delivery');
  type('emails', 'a@shop.example, b@shop.example');
  type('secret', 'a-new-secret-of-16+');
  save();
  type('emails', 'a@shop.example, b@shop.example, c@shop.example');
  await answer();
  expect(sent[0]).toEqual({
    webhookUrl: 'https://hooks.example/a',
    secret: 'a-new-secret-of-16+',
    emails: ['a@shop.example', 'b@shop.example'],
    locale: 'en', // the emails' language: the stored one, else the console's
  });
  expect(input('emails').value).toBe('a@shop.example, b@shop.example, c@shop.example');
  expect(input('webhookUrl').value).toBe('https://hooks.example/a');
  // the secret sent is saved: the write-only field is empty again (an empty field keeps it)
  expect(input('secret').value).toBe('');
  expect(said.at(-1)).toContain('not saved yet');
  save();
  await answer();
  expect(sent[1]).toEqual({
    webhookUrl: 'https://hooks.example/a',
    emails: ['a@shop.example', 'b@shop.example', 'c@shop.example'],
    locale: 'en',
  });
  expect(said.at(-1)).toBe(translate('en', 'alertDeliverySaved'));
  expect(input('webhookUrl').value).toBe('https://hooks.example/a');
});
