// The one variant-patch rule: which props a visitor's variants change for each widget (SDK, server preview, console).
import type { Experiment, Variant } from '../config/schema.js';

/** The variant chosen for an experiment key (an assignment, or the one a console previews); null/undefined: none. */
export type VariantOf = (experimentKey: string) => string | null | undefined;

/** What the rule reads of an experiment: a config's, or a console's copy of one. */
export type PatchingExperiment = Pick<Experiment, 'key'> & { variants: Pick<Variant, 'key' | 'patch'>[] };

/** The patch the chosen variant of an experiment makes (per widget id), if any. */
const chosenPatch = (e: PatchingExperiment, variantOf: VariantOf) =>
  e.variants.find((v) => v.key === variantOf(e.key))?.patch;

/** Per widget id, the patches the chosen variants make to it, in experiment order. */
export function variantPatches(
  experiments: PatchingExperiment[],
  variantOf: VariantOf,
): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const e of experiments) {
    const patch = chosenPatch(e, variantOf);
    for (const id in patch) (out[id] ??= []).push(patch[id]!);
  }
  return out;
}

/**
 * One widget's patches merged, later experiments winning per prop. A boolean `enabled` in a patch turns the widget on
 * or off for this visitor, whatever the widget's own `enabled` says. Any other value there is dropped: not every
 * document reaching this rule was validated (the SDK applies its cache with shape checks only, a console previews its
 * copy), and `null` or `"no"` must not switch on a widget its config turns off.
 */
export function variantPatch(
  experiments: PatchingExperiment[],
  variantOf: VariantOf,
  widgetId: string,
): Record<string, unknown> & { enabled?: boolean } {
  const out = {};
  for (const e of experiments) {
    const { enabled, ...props } = chosenPatch(e, variantOf)?.[widgetId] ?? {};
    Object.assign(out, props, typeof enabled == 'boolean' && { enabled });
  }
  return out;
}
