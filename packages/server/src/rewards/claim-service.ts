// Claims as the site's config and settings shape them: which widget may claim, its variants and static code, the
// next-order coupon shown (next-order.ts binds it; beside rewards.ts, which stays the one service over them).
import type { NudgeConfig } from '@nudge/core/spec';
import type { Sql } from '../store/sql/sql.js';
import { claim, type Claimed } from './claims.js';
import type { ClaimInput } from './service.js';
import { markShown } from './next-order.js';
import { readSettings } from './settings.js';
import { codeFromWebhook } from './webhook.js';
import { staticCode, widgetFor } from './widget-code.js';

export interface ClaimContext {
  sql: Sql;
  /** The site's config in force. */
  config: NudgeConfig | undefined;
  now: number;
  log(message: string): void;
}

/**
 * Whether `widget` may claim a code on the site: a coupon popup of the published config, or the widget the site's
 * next-order coupon is shown by. Anything else is a mistake (a typo, a removed popup) to be told apart from an
 * offer that ran out.
 */
export async function claimable(sql: Sql, config: NudgeConfig | undefined, site: string, widget: string) {
  if (config?.widgets.some((w) => w.id === widget && w.type === 'coupon-popup')) return true;
  return (await readSettings(sql, site)).nextOrder?.widget === widget;
}

/** A code for the visitor from the pools serving the widget, the code webhook or its static code; undefined when none. */
export async function claimFor(ctx: ClaimContext, input: ClaimInput): Promise<Claimed | undefined> {
  const { sql, now } = ctx;
  const { experiments, props, offControl } = widgetFor(ctx.config, input.widget, input.anonymousId);
  const settings = await readSettings(sql, input.site);
  // a next-order coupon is bound at the purchase; its widget only shows what the buyer already has
  if (settings.nextOrder?.widget === input.widget) {
    const got = await claim(sql, { ...input, experiments, now, onlyExisting: true });
    if (got) await markShown(sql, input, now);
    return got;
  }
  const webhook = async () => {
    const hook = (await readSettings(sql, input.site)).codeWebhook;
    if (!hook) return undefined;
    const payload = { type: 'coupon.claim', ...input, userId: input.userId ?? null };
    return codeFromWebhook(hook, payload, now, (why) => ctx.log(`[nudge-server] site ${input.site}: ${why}`));
  };
  // a pool another offer names is that offer's: a widget-less next-order pool would otherwise also serve the popup
  const reserved = [settings.nextOrder?.pool, settings.referral?.pool].filter((p): p is string => !!p);
  return claim(sql, { ...input, experiments, offControl, now, webhook, staticCode: staticCode(props), reserved });
}
