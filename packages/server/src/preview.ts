// What one visitor would get: the core's assignAll over the current experiments, for the console's preview.
import {
  assignAll,
  isScheduled,
  variantPatches,
  zoneOrUtc,
  type AssignResult,
  type NudgeConfig,
} from '@nudge/core/spec';

export interface Preview {
  unit: string;
  assignments: Record<string, AssignResult>;
  /** per widget: the variant patches that apply to this visitor, in experiment order */
  patches: Record<string, Record<string, unknown>[]>;
}

/** `force` is `exp:variant,exp2:variant`, the same form as the `?nudge_force` QA parameter. */
export function preview(config: NudgeConfig, unit: string, force?: string): Preview {
  const forced: Record<string, string> = {};
  for (const pair of (force ?? '').split(',')) {
    const [k, v] = pair.split(':');
    if (k && v) forced[k.trim()] = v.trim();
  }
  // Now, in the site's zone: a scheduled experiment outside its schedule previews as the browser shows it.
  const zone = zoneOrUtc(config.timeZone);
  const schedule = (s: Parameters<typeof isScheduled>[0]) => isScheduled(s, zone, Date.now());
  const assignments = assignAll(config.experiments, unit, { forced, schedule });
  const patches = variantPatches(config.experiments, (k) => assignments[k]?.variant);
  return { unit, assignments, patches };
}
