// Decides whether the coupon popup may open for this visitor (claimed, frequency, audience, expiry) and arms its
// triggers; loaded right after the element connects, before any of the popup's UI.
import { allowedByFrequency, takeModalSlot } from '../internal/frequency.js';
import type { NudgeCouponPopup } from './coupon-popup.component.js';
import { armTriggers, fromSearchEngine } from './triggers.js';

/** Audience, trigger and frequency in effect: config wins over attributes. */
function rules(host: NudgeCouponPopup) {
  const c = host.widgetConfig;
  // An audience in config is evaluated by the SDK before it hands out props; here only the default applies.
  return {
    audience: c?.audience ? 'all' : host.audience,
    trigger: c?.trigger ?? host.trigger ?? {},
    frequency: c?.frequency ?? host.frequency,
  };
}

export function eligible(host: NudgeCouponPopup): boolean {
  if (host.open || host._banner || host._expired || host.configDisabled || !host.code) return false;
  const { audience, frequency } = rules(host);
  const segments = host.segments;
  if (audience === 'new' && segments.length && !segments.includes('new')) return false;
  return allowedByFrequency(host._key, frequency);
}

/** Arms the triggers if the popup may show; returns the disarm function. */
export function arm(host: NudgeCouponPopup): () => void {
  if (!eligible(host)) return () => {};
  return armTriggers(
    rules(host).trigger,
    () => {
      if (!eligible(host)) return;
      if (host.display === 'banner' || (host.display === 'auto' && fromSearchEngine())) host._banner = true;
      else if (takeModalSlot(host._key)) host.open = true;
    },
    host._pageViews,
  );
}

// The view records shows, dismissals and claims through this module, so the frequency caps share the gate's chunk:
// a page that mounts the popup from config always loads the gate first, and the caps as a file of their own cost it
// one more request (~150 bytes gzip). A popup opened only by show() or `open` fetches the gate with its view.
export { hasClaimed, recordClaim, recordDismiss, recordShown, takeModalSlot } from '../internal/frequency.js';
