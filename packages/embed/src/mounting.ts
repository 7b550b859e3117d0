// Part of the runtime's page file (nudge-page, with the product reader, Lit and the widgets): the mounter and safe
// element definitions.
import { $config, $user } from '@nudge/core';
import { createMounter, tagFor, type WidgetSpec } from './mount.js';
import type { Scheduler } from './scheduling.js';
import { defineSafely } from './safe-define.js';
import { widgetModules } from './widget-modules.js';

export interface WidgetMounterOptions {
  /** Language for widget text (the tag's data-locale). */
  locale?: string | undefined;
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
    // The widgets are in this file (build.mjs): defining one is all there is to load.
    async load(type) {
      const module = widgetModules[type];
      if (!module) throw new Error(`this build of nudge.js has no "${type}" widget`);
      defineSafely(tagFor(type), module, (el, e) => mounter.failed(el, e));
      // The page's own definition of the tag (an older copy of Nudge, a theme's element) is no widget: it would stay a
      // blank box, so the widget is reported (nudge_error) instead of placed.
      if (!('widgetId' in customElements.get(tagFor(type))!.prototype))
        throw new Error(`the page already defines <${tagFor(type)}> as an element of its own`);
    },
    onError(spec, error) {
      o.quiet(`widget "${spec.id}" (${spec.type}) failed and was removed`)(error);
      o.reportError({ source: 'widget', widget_id: spec.id, widget_type: spec.type }, error);
    },
    onSkip: (_spec, why) => o.quiet(why)(''),
    attributes: (spec, anchor) => widgetAttributes(o, spec, anchor),
  });
  // The runtime's list is every widget config and audience enable; schedules are checked here. The window arithmetic
  // is a chunk of its own (~1.3 KB), fetched only for a config with a schedule, before anything scheduled is placed.
  let wanted: readonly WidgetSpec[] = [];
  let scheduler: Promise<Scheduler> | undefined;
  const scheduled = () => {
    const c = $config.get();
    return [...(c?.widgets ?? []), ...(c?.experiments ?? [])].some((x) => x.schedule);
  };
  async function sync(specs: readonly WidgetSpec[]) {
    wanted = specs;
    if (scheduled())
      scheduler ??= import('./scheduling.js').then((m) =>
        m.createScheduler(window, () => void sync(wanted).catch(o.quiet('scheduled sync failed'))),
      );
    const s = await scheduler;
    if (wanted !== specs) return; // a newer sync started while the chunk loaded
    s?.arm();
    const now = s ? specs.filter((spec) => s.allows(spec.id)) : specs;
    for (const m of mounter.mounted()) if (!now.some((spec) => spec.id === m.id)) mounter.hide(m.id);
    return mounter.sync(now);
  }
  return { ...mounter, sync };
}
