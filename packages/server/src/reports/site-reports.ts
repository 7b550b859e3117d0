// The widget, referral and error reports as the admin API answers them, from the store's queries and the live config.
import type { NudgeConfig } from '@nudge/core/spec';
import type { ReportQueries } from '../store/ports.js';
import type { TimeRange } from '../store/report-rows.js';

/** Per widget: shows, claims, shares, dismissals and its type as stored with its events; the stock figures shown. */
export async function widgetReport(store: Pick<ReportQueries, 'widgets'>, site: string, range: TimeRange) {
  const r = await store.widgets(site, range);
  return {
    range,
    widgets: r.widgets,
    stockClaims: r.claims.map((x) => ({
      widget: x.widget,
      shows: x.shows,
      figures: JSON.parse(x.claim) as Record<string, unknown>,
      ...(x.asOf ? { asOf: x.asOf } : {}),
    })),
  };
}

/** Per referral code: landings, first purchases, and the rewards the referral card promised for each. */
export async function referralReport(
  store: Pick<ReportQueries, 'referrals'>,
  config: NudgeConfig | undefined,
  site: string,
  range: TimeRange,
) {
  const card = config?.widgets.find((w) => w.type === 'referral-card');
  const props = (card?.props ?? {}) as { inviterReward?: string; friendReward?: string };
  const rows = await store.referrals(site, range);
  return {
    range,
    rewards: { inviter: props.inviterReward ?? null, friend: props.friendReward ?? null },
    codes: rows.map((r) => ({ ...r, rewardsOwed: { inviter: r.firstPurchases, friend: r.firstPurchases } })),
  };
}

/** `nudge_error` events grouped by what went wrong, each group with its widget's type as stored. */
export async function errorReport(store: Pick<ReportQueries, 'errors'>, site: string, range: TimeRange, limit: number) {
  return { range, ...(await store.errors(site, range, limit)) };
}
