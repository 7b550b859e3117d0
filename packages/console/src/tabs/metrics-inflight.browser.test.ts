// The metric form when the person edits while its save is on its way: the newer edit is not cleared away with the
// saved one, and "saved" is said only of what was sent.
import { render } from 'lit';
import { afterEach, expect, it } from 'vitest';
import type { NewMetric } from '../api.js';
import { formDriver, heldHost } from './inflight-testing.js';
import { MetricsTab, type MetricsHost } from './metrics-tab.js';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

it('keeps a name typed while the metric is being saved, says it waits, and saves it next', async () => {
  const sent: NewMetric[] = [];
  const h = heldHost(root, {
    metrics: async () => ({ metrics: [] }),
    saveMetric: (_: string, metric: NewMetric) => (
      sent.push(metric),
      h.hold({ metric: { ...metric, builtIn: false } })
    ),
  });
  const tab = h.draws(new MetricsTab(h.host as unknown as MetricsHost)) as MetricsTab;
  await tab.load();
  const { input, type, save } = formDriver(root, '#metric-form');
  type('key', 'checkout_rate');
  type('name', 'Checkout');
  save();
  type('name', 'Checkouts');
  await h.answer();
  expect(sent[0]).toMatchObject({ key: 'checkout_rate', name: 'Checkout' });
  expect(input('key').value).toBe('checkout_rate');
  expect(input('name').value).toBe('Checkouts');
  expect(h.said.at(-1)).toContain('not saved yet');
  save();
  await h.answer();
  expect(sent[1]).toMatchObject({ key: 'checkout_rate', name: 'Checkouts' });
  expect(h.said.at(-1)).toBe('Metric checkout_rate saved.');
});
