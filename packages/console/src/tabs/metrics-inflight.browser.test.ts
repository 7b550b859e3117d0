// The metric form when the person edits while its save is on its way: the newer edit is not cleared away with the
// saved one, and "saved" is said only of what was sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import type { NewMetric } from '../api.js';
import { translate } from '../i18n.js';
import { MetricsTab, type MetricsHost } from './metrics-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

it('keeps a name typed while the metric is being saved, says it waits, and saves it next', async () => {
  const sent: NewMetric[] = [];
  const said: string[] = [];
  const waiting: (() => void)[] = [];
  const drawn: { tab?: MetricsTab } = {};
  const host = {
    lang: 'en',
    site: 's',
    t: (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p),
    can: () => true,
    requestUpdate: () => render(drawn.tab!.render(), root),
    sayDone: (text: string) => said.push(text),
    clearIssues() {},
    fail(e: unknown) {
      throw e;
    },
    client: {
      metrics: async () => ({ metrics: [] }),
      saveMetric: (_: string, metric: NewMetric) => {
        sent.push(metric);
        return new Promise((done) => waiting.push(() => done({ metric: { ...metric, builtIn: false } })));
      },
    },
  } as unknown as MetricsHost;
  const tab = (drawn.tab = new MetricsTab(host));
  await tab.load();
  const input = (name: string) => root.querySelector<HTMLInputElement>(`#metric-form input[name=${name}]`)!;
  const type = (name: string, value: string) => {
    input(name).value = value;
    input(name).dispatchEvent(new Event('input'));
  };
  const save = () => root.querySelector<HTMLFormElement>('#metric-form')!.requestSubmit();
  const answer = async () => {
    waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  type('key', 'checkout_rate');
  type('name', 'Checkout');
  save();
  type('name', 'Checkouts');
  await answer();
  expect(sent[0]).toMatchObject({ key: 'checkout_rate', name: 'Checkout' });
  expect(input('key').value).toBe('checkout_rate');
  expect(input('name').value).toBe('Checkouts');
  expect(said.at(-1)).toContain('not saved yet');
  save();
  await answer();
  expect(sent[1]).toMatchObject({ key: 'checkout_rate', name: 'Checkouts' });
  expect(said.at(-1)).toBe('Metric checkout_rate saved.');
});
