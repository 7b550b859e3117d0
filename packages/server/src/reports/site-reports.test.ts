// Report assembly over a stubbed store: the stored widget type is passed on, figures parsed, rewards owed counted.
import type { NudgeConfig } from '@nudge/core/spec';
import { expect, it } from 'vitest';
import { errorReport, referralReport, widgetReport } from './site-reports.js';

const range = { from: 1, to: 2 };

it('passes on each widget with its stored type and the stock figures as objects', async () => {
  const store = {
    widgets: async () => ({
      widgets: [{ widget: 'stock', type: 'stock-banner', shows: 2, claims: 0, shares: 0, dismissals: 0 }],
      claims: [
        { widget: 'stock', claim: '{"stock":3}', shows: 2, asOf: { first: 'a', last: 'b' } },
        { widget: 'stock', claim: '{"stock":2}', shows: 1 },
      ],
    }),
  };
  expect(await widgetReport(store, 's', range)).toEqual({
    range,
    widgets: [{ widget: 'stock', type: 'stock-banner', shows: 2, claims: 0, shares: 0, dismissals: 0 }],
    stockClaims: [
      { widget: 'stock', shows: 2, figures: { stock: 3 }, asOf: { first: 'a', last: 'b' } },
      { widget: 'stock', shows: 1, figures: { stock: 2 } },
    ],
  });
});

it("owes each side of a referral one reward per friend's first purchase, named as the live card promises", async () => {
  const store = { referrals: async () => [{ code: 'R1', landings: 3, firstPurchases: 2 }] };
  const config = {
    widgets: [{ id: 'ref', type: 'referral-card', props: { inviterReward: '$10', friendReward: '10% off' } }],
  } as unknown as NudgeConfig;
  expect(await referralReport(store, config, 's', range)).toEqual({
    range,
    rewards: { inviter: '$10', friend: '10% off' },
    codes: [{ code: 'R1', landings: 3, firstPurchases: 2, rewardsOwed: { inviter: 2, friend: 2 } }],
  });
  expect((await referralReport(store, undefined, 's', range)).rewards).toEqual({ inviter: null, friend: null });
});

it('answers the error groups with the range and the limit asked for', async () => {
  let asked = 0;
  const store = {
    errors: async (_site: string, _range: unknown, limit: number) => {
      asked = limit;
      return { groups: [], total: 0, totalGroups: 0 };
    },
  };
  expect(await errorReport(store, 's', range, 7)).toEqual({ range, groups: [], total: 0, totalGroups: 0 });
  expect(asked).toBe(7);
});
