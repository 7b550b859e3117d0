// Colour words that name no CSS colour are refused with their path, in widgets and in variant patches alike.
import { expect, it } from 'vitest';
import { checkConfig } from './check.js';

const doc = (color: string, patchColor?: string) => ({
  schema: 1,
  site: 's',
  version: 1,
  widgets: [{ id: 'bar', type: 'buy-bar', props: { color } }],
  experiments: patchColor
    ? [
        {
          key: 'x',
          status: 'draft',
          traffic: 1,
          variants: [
            { key: 'a', weight: 1 },
            { key: 'b', weight: 1, patch: { bar: { color: patchColor } } },
          ],
        },
      ]
    : [],
});

it('accepts real colour names, hex and functions', () => {
  for (const c of ['red', 'RebeccaPurple', 'transparent', '#1a7f37', 'rgb(1 2 3)', 'oklch(70% 0.1 120)'])
    expect(checkConfig(doc(c, c)).ok).toBe(true);
});

it('refuses words that are no colour, naming the field', () => {
  const r = checkConfig(doc('reddish', 'blueish'));
  expect(r.ok).toBe(false);
  if (!r.ok)
    expect(r.issues.map((i) => i.path)).toEqual(['widgets.0.props.color', 'experiments.0.variants.1.patch.bar.color']);
});
