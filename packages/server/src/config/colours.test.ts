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
  // (not `transparent`: the buy bar, the one widget with a colour, refuses it on the page; see below)
  for (const c of ['red', 'RebeccaPurple', '#1a7f37', 'rgb(1 2 3)', 'oklch(70% 0.1 120)'])
    expect(checkConfig(doc(c, c)).ok).toBe(true);
});

it('refuses words that are no colour, naming the field', () => {
  const r = checkConfig(doc('reddish', 'blueish'));
  expect(r.ok).toBe(false);
  if (!r.ok)
    expect(r.issues.map((i) => i.path)).toEqual(['widgets.0.props.color', 'experiments.0.variants.1.patch.bar.color']);
});

it('refuses a hex colour CSS cannot read and a translucent buy bar colour, naming the field; opaque forms pass', () => {
  const paths = (color: string, patchColor?: string) => {
    const r = checkConfig(doc(color, patchColor));
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  expect(paths('#12345')).toEqual([
    'widgets.0.props.color: not a CSS colour: a hex colour has 3, 4, 6 or 8 digits, such as #d92d20',
  ]);
  const opaque = 'the buy bar needs an opaque colour (its text colour is chosen to contrast with it), such as #d92d20';
  expect(paths('#0000004d', '#0008')).toEqual([
    `widgets.0.props.color: ${opaque}`,
    `experiments.0.variants.1.patch.bar.color: ${opaque}`,
  ]);
  expect(paths('transparent', 'currentColor')).toHaveLength(2);
  expect(paths('#1234567')).toHaveLength(1);
  // what the bar accepts: 3 and 6 digits, 4 and 8 with a full alpha, names, functions (checked in the page as before)
  for (const c of ['#abc', '#ABCF', '#d92d20', '#d92d20FF', 'red', 'rgb(1 2 3)', 'oklch(70% 0.1 120)'])
    expect(paths(c, c), c).toEqual([]);
});
