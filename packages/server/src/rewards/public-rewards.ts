// The public parts of a site's rewards, as the config document carries them for the widgets: amounts, rules, a widget.
import type { NextOrderOffer, NudgeConfig, ReferralRewards } from '@nudge/core/spec';
import type { RewardSettings } from './settings.js';
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

/** JSON with object keys sorted: two values equal as data give the same text, whatever order their keys were made in. */
const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
  );

/** Whether the config in force already carries `keys` (the server's own keys, as the settings make them). */
export const showsKeys = (config: NudgeConfig | undefined, keys: Record<string, unknown>): boolean =>
  !!config &&
  Object.entries(keys).every(([k, v]) => canonical((config as Record<string, unknown>)[k]) === canonical(v));

/**
 * The config keys the server owns, as the site's settings make them (undefined: left out): every publish sets them,
 * so a document published again cannot bring back a program, a coupon or a flag the settings ended.
 */
export const publicKeysOf = (s: RewardSettings) => ({
  leadDelivery: s.leads?.email ? true : undefined,
  referral: s.referral && publicReferral(s.referral),
  nextOrder: s.nextOrder && publicNextOrder(s.nextOrder),
});
