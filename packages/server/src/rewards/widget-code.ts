// What a claim needs from the site's config: the widget's static code as this visitor sees it, and their variants.
import { assignAll, isScheduled, variantPatch, zoneOrUtc, type NudgeConfig } from '@nudge/core/spec';
import type { OutsideCode } from './claims.js';

/** The experiments that patch `widget` and the variant the visitor is enrolled in, and the widget's props for them. */
export function widgetFor(config: NudgeConfig | undefined, widget: string, unit: string) {
  const w = config?.widgets.find((x) => x.id === widget);
  if (!config || !w) return { experiments: {}, props: undefined, offControl: false };
  const patching = config.experiments.filter((e) => e.variants.some((v) => v.patch?.[widget]));
  // a scheduled experiment enrols as the browser's page file says it does: inside its schedule, in the site's zone
  const zone = zoneOrUtc(config.timeZone);
  const assigned = assignAll(patching, unit, { schedule: (s) => isScheduled(s, zone, Date.now()) });
  const experiments: Record<string, string> = {};
  for (const [k, a] of Object.entries(assigned))
    if (a.variant !== null && (a.reason === 'assigned' || a.reason === 'forced')) experiments[k] = a.variant;
  const props = { ...w.props, ...variantPatch(patching, (k) => experiments[k], widget) } as Record<string, unknown>;
  // a variant that changes the popup's offer (not only its words) promises another coupon than the control's, so an
  // unbound pool's codes are not for its visitors
  const offControl = patching.some((e) =>
    e.variants.some((v) => v.key === experiments[e.key] && changesOffer(v.patch?.[widget], w.props)),
  );
  return { experiments, props: w.type === 'coupon-popup' ? props : undefined, offControl };
}

/**
 * The props that say what a coupon is worth: a variant that patches only copy (heading, description), or sets them to
 * the popup's own values (a control that restates its offer), offers the same coupon.
 */
const OFFER = ['code', 'amount', 'threshold', 'currency', 'expiresAt'];
const changesOffer = (patch: Record<string, unknown> | undefined, own: Record<string, unknown> = {}) =>
  !!patch && OFFER.some((k) => k in patch && patch[k] !== own[k]);

/** The popup's own code, when its props (as this visitor sees them) have one. */
export function staticCode(props: Record<string, unknown> | undefined): OutsideCode | undefined {
  if (!props || typeof props.code !== 'string' || !props.code.trim()) return undefined;
  const end = typeof props.expiresAt === 'string' ? Date.parse(props.expiresAt) : NaN;
  return {
    code: props.code.trim(),
    expiresAt: Number.isNaN(end) ? null : end,
    ...(typeof props.amount === 'number' ? { amount: props.amount } : {}),
    ...(typeof props.currency === 'string' ? { currency: props.currency } : {}),
  };
}
