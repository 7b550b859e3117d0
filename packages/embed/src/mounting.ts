// Lazy part of the runtime, loaded only when config enables a widget for this visitor: the mounter, safe element
// definitions and the table of widget chunks.
import { createMounter, tagFor, type WidgetSpec } from './mount.js';
import { defineSafely } from './safe-define.js';
import { widgetChunks } from './widget-chunks.js';

export interface WidgetMounterOptions {
  /** Language for widget text (the tag's data-locale). */
  locale?: string | undefined;
  /** Selector of the page's main buy button (the add-to-cart tracking selector), for a buy bar whose props name none. */
  buyBarTarget(): string | undefined;
  /** The visitor's own referral code (identify trait `referral_code`), for the referral card. */
  referralCode(): string | undefined;
  onError(spec: WidgetSpec, error: unknown): void;
  onSkip(spec: WidgetSpec, why: string): void;
}

const codeAttr = (code: string | null | undefined): Record<string, string> => (code ? { code } : {});

export function createWidgetMounter(o: WidgetMounterOptions) {
  const mounter = createMounter({
    doc: document,
    async load(type) {
      const chunk = widgetChunks[type];
      if (!chunk) throw new Error(`this build of nudge.js has no "${type}" widget`);
      defineSafely(tagFor(type), await chunk(), (el, e) => mounter.failed(el, e));
    },
    onError: o.onError,
    onSkip: o.onSkip,
    attributes: (spec, anchor) => ({
      // The tag's language beats the config's default, so a bilingual shop gets widgets in the page's language.
      ...(o.locale ? { locale: o.locale } : {}),
      // The buy bar clicks the page's main button; the tag's add-to-cart selector names it when config does not.
      ...(spec.type === 'buy-bar' && o.buyBarTarget() ? { target: o.buyBarTarget()! } : {}),
      // Referral codes are per customer, never in config: from the slot (data-nudge-code) or from identify().
      ...(spec.type === 'referral-card' ? codeAttr(anchor.getAttribute('data-nudge-code') ?? o.referralCode()) : {}),
    }),
  });
  return mounter;
}
