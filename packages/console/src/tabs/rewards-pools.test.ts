// The pool form's variant picker: only variants of experiments that patch a coupon popup, named with their popup.
import type { NudgeConfig } from '@nudge/core';
import { expect, it } from 'vitest';
import { variantChoices } from './rewards-pools.js';

const config = {
  schema: 1,
  site: 'demo',
  version: 3,
  widgets: [
    { id: 'welcome-coupon', type: 'coupon-popup', enabled: true, props: {} },
    { id: 'stock', type: 'stock-banner', enabled: true, props: {} },
  ],
  experiments: [
    {
      key: 'coupon-threshold',
      status: 'running',
      traffic: 1,
      variants: [
        { key: 'spend100-save20', weight: 1 },
        { key: 'spend150-save30', weight: 1, patch: { 'welcome-coupon': { code: 'WELCOME30', amount: 30 } } },
      ],
    },
    {
      key: 'stock-copy',
      status: 'running',
      traffic: 1,
      variants: [
        { key: 'a', weight: 1 },
        { key: 'b', weight: 1, patch: { stock: { stock: 3 } } },
      ],
    },
  ],
} as unknown as NudgeConfig;

it('offers each variant of an experiment patching a popup, as widget|experiment|variant, and nothing else', () => {
  expect(variantChoices(config).map((c) => c.value)).toEqual([
    'welcome-coupon|coupon-threshold|spend100-save20',
    'welcome-coupon|coupon-threshold|spend150-save30',
  ]);
  expect(variantChoices(null)).toEqual([]);
});
