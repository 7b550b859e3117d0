// The public parts of a site's rewards, as the config document carries them for the widgets: amounts, rules, a widget.
import type { NextOrderOffer, ReferralRewards } from '@nudge/core/spec';
import type { NextOrderReward, ReferralProgram } from './types.js';

/** The referral program as the public config carries it: what each side gets and the rules a shopper is told. */
export const publicReferral = (p: ReferralProgram): ReferralRewards => ({
  ...(p.currency ? { currency: p.currency } : {}),
  stages: p.stages.map(({ stage, friend, inviter }) => ({
    stage,
    ...(friend !== undefined ? { friend } : {}),
    ...(inviter !== undefined ? { inviter } : {}),
  })),
  ...(p.minOrder !== undefined ? { minOrder: p.minOrder } : {}),
  ...(p.capPerInviterPerMonth !== undefined ? { capPerInviterPerMonth: p.capPerInviterPerMonth } : {}),
});

/** The next-order coupon as the public config carries it: which widget shows it, and from what order value. */
export const publicNextOrder = (r: NextOrderReward): NextOrderOffer => ({
  widget: r.widget,
  ...(r.minOrder !== undefined ? { minOrder: r.minOrder } : {}),
});
