// Issue 17's goals as verdict lines, from one run's loads: pure, so what bench:page prints is tested (goals.test.ts).
import { addedRatio, bootstrap } from './stats.js';

/** Below this many loads per variant a line says so instead of a verdict: an interval from fewer is not to be trusted. */
export const MIN_LOADS_FOR_VERDICT = 8;

export type GoalVariant =
  'bare' | 'nudge first visit' | 'nudge returning' | 'base first visit' | 'base returning' | 'growthbook' | 'posthog';

/** What a goal needs of a load: its main-thread CPU and when its tool was ready (0: never within the timeout). */
export interface GoalLoad {
  cpuMs: number;
  ready: number;
}

export interface Goal {
  what: string;
  /** median, with the 5th and 95th percentiles of the bootstrap (NaN: undefined, settles nothing) */
  at: number;
  lo: number;
  hi: number;
  limit: number;
  digits: number;
  verdict: 'met' | 'not met' | 'not settled by this run' | 'too few loads';
}

/** Met when the whole interval is at or below the limit, not met when all of it is above; else not settled. */
export function verdict(b: { lo: number; hi: number }, limit: number, loads: number): Goal['verdict'] {
  if (loads < MIN_LOADS_FOR_VERDICT) return 'too few loads';
  // an undefined interval (NaN) is neither below nor above the limit
  return b.hi <= limit ? 'met' : b.lo > limit ? 'not met' : 'not settled by this run';
}

/**
 * Issue 17's goals, each with a 90% bootstrap interval over this run's loads (the bare page resampled too): a medians'
 * verdict flips between runs when the spread is wide, so each says whether the interval settles it. `base` rows
 * (the build) give the ratio goals; without them those lines are left out.
 */
export function goals(r: Partial<Record<GoalVariant, GoalLoad[]>>, readyTimeoutMs: number): Goal[] {
  const loads = Math.min(...Object.values(r).map((l) => l.length));
  const cpu = (v: GoalVariant) => (r[v] ?? []).map((l) => l.cpuMs);
  // a load whose tool was not ready in time has ready 0: counted as the timeout (a lower bound), not as instant
  const ready = (v: GoalVariant) => (r[v] ?? []).map((l) => l.ready || readyTimeoutMs);
  const out: Goal[] = [];
  const line = (what: string, b: { at: number; lo: number; hi: number }, limit: number, digits = 0) =>
    out.push({ what, ...b, limit, digits, verdict: verdict(b, limit, loads) });
  const minus = (a: number, b: number, z: number, k = 1) => a - z - k * (b - z);
  for (const visit of ['first visit', 'returning'] as const) {
    const ours = `nudge ${visit}` as const;
    const base = `base ${visit}` as const;
    if (r[base]?.length)
      line(
        `added CPU, ${ours} / ${base}`,
        bootstrap([cpu(ours), cpu(base), cpu('bare')], (a, b, z) => addedRatio(a!, b!, z!)),
        0.5,
        2,
      );
    line(
      `added CPU, ${ours} - 2 x growthbook (ms)`,
      bootstrap([cpu(ours), cpu('growthbook'), cpu('bare')], (a, b, z) => minus(a!, b!, z!, 2)),
      0,
    );
    line(
      `added CPU, ${ours} - posthog (ms)`,
      bootstrap([cpu(ours), cpu('posthog'), cpu('bare')], (a, b, z) => minus(a!, b!, z!)),
      0,
    );
    line(
      `ready, ${ours} - growthbook (ms)`,
      bootstrap([ready(ours), ready('growthbook')], (a, b) => a! - b!),
      0,
    );
  }
  line(
    'added CPU, returning - first visit (ms)',
    bootstrap([cpu('nudge returning'), cpu('nudge first visit')], (a, b) => a! - b!),
    0,
  );
  return out;
}
