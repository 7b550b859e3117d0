// assign(): which variant a unit sees, and why. Pure: all state (sticky, forced, audience) comes in as data.
import type { Experiment, ScheduleConfig, Variant } from '../config/schema.js';
import { evaluate, type AudienceContext } from './conditions.js';
import { BUCKETS, bucket } from './hash.js';

export type AssignReason =
  'assigned' | 'forced' | 'not-in-audience' | 'not-in-traffic' | 'not-running' | 'winner' | 'layer-taken';

export interface AssignResult {
  variant: string | null;
  reason: AssignReason;
  forced?: boolean;
  /** Kept from an earlier assignment rather than drawn now. */
  sticky?: boolean;
}

/** A remembered assignment: the variant and the bucketVersion it was drawn under. */
export interface StickyEntry {
  variant: string;
  bucketVersion: number;
}

export interface AssignContext {
  audience?: AudienceContext;
  /** experiment key -> variant key (QA overrides from ?nudge_force). */
  forced?: Readonly<Record<string, string>>;
  /** experiment key -> earlier assignment of this unit. */
  sticky?: Readonly<Record<string, StickyEntry>>;
  /** Layer buckets owned by experiments listed before this one in its layer (assignAll computes it). */
  layerOffset?: number;
  /** Key of another experiment that already holds this unit in the layer. */
  layerTaken?: string;
  /**
   * Whether a schedule is on now (config/schedule.ts in the site's zone; the script tag's page file installs it).
   * Without it an experiment with a schedule enrols no one: on every page the check would cost bytes for a few sites.
   */
  schedule?: ((schedule: ScheduleConfig) => boolean) | undefined;
}

/** In the experiment right now: paused, stopped and excluded units are not (no exposure, no event context). */
export const enrolled = <T extends { variant: string | null; reason: string }>(a: T): a is T & { variant: string } =>
  a.variant !== null && (a.reason === 'assigned' || a.reason === 'forced');

export const experimentSeed = (e: Pick<Experiment, 'key' | 'bucketVersion'>) => `${e.key}:${e.bucketVersion ?? 0}`;

/** Variant for a bucket: the first whose cumulative weight share exceeds bucket / 10,000. */
export function pickVariant(variants: Experiment['variants'], b: number): string | null {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (!(total > 0)) return null;
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight;
    if (v.weight > 0 && b < (cumulative / total) * BUCKETS) return v.key;
  }
  return null;
}

const result = (variant: string | null, reason: AssignReason): AssignResult => ({ variant, reason });

export function assign(experiment: Experiment, unit: string, context: AssignContext = {}): AssignResult {
  const e = experiment;
  // Variant keys are strings, so an undefined `k` matches none.
  const has = (k: string | undefined): k is string => e.variants.some((v) => v.key === k);
  const forced = context.forced?.[e.key];
  if (has(forced)) return { variant: forced, reason: 'forced', forced: true };
  if (e.status === 'draft') return result(null, 'not-running');
  if (e.status === 'stopped' && has(e.winner)) return result(e.winner, 'winner');
  if (e.status !== 'running' || (e.schedule && !context.schedule?.(e.schedule)))
    return result(e.variants[0]?.key ?? null, 'not-running');
  if (!evaluate(e.audience, context.audience ?? {})) return result(null, 'not-in-audience');
  if (e.layer && context.layerTaken && context.layerTaken !== e.key) return result(null, 'layer-taken');
  const sticky = context.sticky?.[e.key];
  if (sticky && sticky.bucketVersion === (e.bucketVersion ?? 0) && has(sticky.variant)) {
    return { variant: sticky.variant, reason: 'assigned', sticky: true };
  }
  const share = e.traffic * BUCKETS;
  const offset = context.layerOffset ?? 0;
  const b = e.layer ? bucket(`layer:${e.layer}`, unit) - offset : bucket(`${experimentSeed(e)}:traffic`, unit);
  const variant = b >= 0 && b < share ? pickVariant(e.variants, bucket(experimentSeed(e), unit)) : null;
  return result(variant, variant === null ? 'not-in-traffic' : 'assigned');
}

/**
 * The variants an experiment serves now: none as a draft, its winner once shipped, its control (the first variant) to
 * every visitor while paused, stopped without a winner or outside its schedule, else all of them (`e.variants` itself),
 * split by traffic and weight. `on` says whether a schedule is on now (AssignContext.schedule; without it a scheduled
 * experiment is outside its schedule). Read off assign()'s own decision, so the rule lives there once and the every-page
 * bundle, which needs only assign(), carries no second copy (calling this from assign cost 17-33 gzip bytes).
 */
export function served(e: Experiment, on?: AssignContext['schedule']): Variant[] {
  const { variant, reason } = assign(e, '', { schedule: on });
  return reason === 'winner' || reason === 'not-running' ? e.variants.filter((v) => v.key === variant) : e.variants;
}

/**
 * Assign every experiment of a config in order. Within a layer each non-draft experiment owns the next
 * `traffic` share of the layer's buckets, so layer members never overlap; a sticky member keeps its layer.
 */
export function assignAll(
  experiments: readonly Experiment[],
  unit: string,
  context: Omit<AssignContext, 'layerOffset' | 'layerTaken'> = {},
): Record<string, AssignResult> {
  const out: Record<string, AssignResult> = {};
  // Without a prototype: a layer named `constructor` or `valueOf` must not find Object.prototype's members.
  const offsets: Record<string, number> = Object.create(null);
  const holder: Record<string, string> = Object.create(null);
  for (const e of experiments) {
    const s = context.sticky?.[e.key];
    if (e.layer && e.status === 'running' && s && s.bucketVersion === (e.bucketVersion ?? 0)) holder[e.layer] ??= e.key;
  }
  for (const e of experiments) {
    let layerOffset: number | undefined;
    if (e.layer && e.status !== 'draft') {
      layerOffset = offsets[e.layer] ?? 0;
      offsets[e.layer] = layerOffset + e.traffic * BUCKETS;
    }
    const result = assign(e, unit, { ...context, layerOffset, layerTaken: e.layer && holder[e.layer] });
    if (e.layer && enrolled(result)) holder[e.layer] ??= e.key;
    out[e.key] = result;
  }
  return out;
}
