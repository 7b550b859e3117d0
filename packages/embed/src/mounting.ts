// Lazy part of the runtime, loaded only when config enables a widget for this visitor: the mounter, safe element
// definitions and the table of widget chunks.
import { $config, $user } from '@nudge/core';
import { createMounter, tagFor, type WidgetSpec } from './mount.js';
import { preload } from './preload.js';
import { defineSafely } from './safe-define.js';
import { widgetChunks } from './widget-chunks.js';

export interface WidgetMounterOptions {
  /** Language for widget text (the tag's data-locale). */
  locale?: string | undefined;
  /** Where nudge.js was loaded from (chunk URLs are relative to it), and the tag's CSP nonce. */
  base: string;
  nonce?: string | undefined;
  /** The tag's data-track-add-to-cart: the buy bar's target when neither its props nor the config's tracking name one. */
  tagAddToCart?: string | undefined;
  /** Prints `what` (and the error) in debug mode. */
  quiet(what: string): (e: unknown) => void;
  /** Sends a nudge_error with these props and the error's message. */
  reportError(props: Record<string, unknown>, error: unknown): void;
}

/** `{ [name]: value }` for a non-empty value, else nothing. */
const attr = (name: string, value: string | null | undefined): Record<string, string> =>
  value ? { [name]: value } : {};

/** Attributes a mounted widget gets beyond its config props: page language, buy-bar target, referral code. */
export function widgetAttributes(
  o: Pick<WidgetMounterOptions, 'locale' | 'tagAddToCart'>,
  spec: WidgetSpec,
  anchor: Element,
): Record<string, string> {
  return {
    // The tag's language beats the config's default, so a bilingual shop gets widgets in the page's language.
    ...attr('locale', o.locale),
    // The buy bar clicks the page's main button; the tag's add-to-cart selector names it when config does not.
    ...(spec.type === 'buy-bar' ? attr('target', $config.get()?.tracking?.addToCart ?? o.tagAddToCart) : {}),
    // Referral codes are per customer, never in config: from the slot (data-nudge-code) or from identify().
    ...(spec.type === 'referral-card'
      ? attr('code', anchor.getAttribute('data-nudge-code') ?? $user.get().ownReferralCode)
      : {}),
  };
}

export function createWidgetMounter(o: WidgetMounterOptions) {
  const mounter = createMounter({
    doc: document,
    async load(type) {
      const chunk = widgetChunks[type];
      if (!chunk) throw new Error(`this build of nudge.js has no "${type}" widget`);
      const element = chunk();
      // Lit, the view and styles are fetched side by side with the element, not one import level per round trip. In
      // a task of their own: starting a request costs the main thread (~1-7 ms each on a 4x slower CPU), and one
      // task for every widget's files had reached 20-100 ms there.
      setTimeout(() => preload(type, o.base, o.nonce));
      defineSafely(tagFor(type), await element, (el, e) => mounter.failed(el, e));
    },
    onError(spec, error) {
      o.quiet(`widget "${spec.id}" (${spec.type}) failed and was removed`)(error);
      o.reportError({ source: 'widget', widget_id: spec.id, widget_type: spec.type }, error);
    },
    onSkip: (_spec, why) => o.quiet(why)(''),
    attributes: (spec, anchor) => widgetAttributes(o, spec, anchor),
  });
  return mounter;
}
