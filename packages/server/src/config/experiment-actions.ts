// Experiment controls as edits of the config document; each one becomes a publish with its own history entry.
import { actionRefusal, scheduleSchema, type NudgeConfig, type ScheduleConfig } from '@nudge/core/spec';
import { z } from 'zod';
import type { Change } from './configs.js';
import type { ConfigAction } from './history.js';

export type ExperimentAction =
  | { action: 'start' }
  | { action: 'pause' }
  | { action: 'stop'; winner?: string }
  | { action: 'traffic'; traffic: number }
  | { action: 'weights'; weights: Record<string, number> }
  /** A new start, end and repeating windows; null removes the schedule (the experiment runs whenever it is running). */
  | { action: 'schedule'; schedule: ScheduleConfig | null };

/** The history's record of an action: which experiment, what was done, with what. */
export function actionRecord(experiment: string, a: ExperimentAction): ConfigAction {
  const { action, ...args } = a;
  return { type: 'experiment', experiment, action, ...(Object.keys(args).length ? { args } : {}) };
}

/** Each action's request body; a bad field is reported by its path. */
export const actionBodies = {
  start: z.object({}),
  pause: z.object({}),
  stop: z.object({ winner: z.string({ error: 'expected a variant key' }).optional() }),
  traffic: z.object({
    traffic: z
      .number({ error: 'expected a number from 0 to 1' })
      .min(0, 'expected a number from 0 to 1')
      .max(1, 'expected a number from 0 to 1'),
  }),
  weights: z.object({
    weights: z.record(z.string(), z.number({ error: 'expected a number >= 0' }).min(0, 'expected a number >= 0'), {
      error: 'expected { variantKey: weight }',
    }),
  }),
  // the core's own schema, so a schedule the console sends is read as the config document reads it
  schedule: z.object({
    schedule: z.union([scheduleSchema, z.null()], { error: 'expected a schedule { start, end, windows } or null' }),
  }),
} satisfies Record<ExperimentAction['action'], z.ZodType>;

/**
 * The action done to the document in force; the fields it got wrong (400); or 409 when it makes no sense in the
 * experiment's state (the core's actionRefusal: no ship or pause of a draft, no traffic, weights or schedule while
 * stopped, nothing done twice), decided on the latest version, so two people's clicks cannot both pass.
 */
export function applyAction(config: NudgeConfig, key: string, a: ExperimentAction): Change {
  const i = config.experiments.findIndex((e) => e.key === key);
  const exp = config.experiments[i];
  if (!exp) return [{ path: 'experiment', message: `no experiment "${key}"` }];
  const at = `experiments.${i}`;
  const ship = a.action === 'stop' && a.winner !== undefined;
  const refused = actionRefusal(exp, ship ? 'ship' : a.action, ship ? a.winner : undefined);
  if (refused)
    return { ok: false, status: 409, error: 'invalid_state', issues: [{ path: `${at}.status`, message: refused }] };
  switch (a.action) {
    case 'start':
      exp.status = 'running';
      delete exp.winner;
      break;
    case 'pause':
      exp.status = 'paused';
      break;
    case 'stop':
      if (a.winner !== undefined && !exp.variants.some((v) => v.key === a.winner))
        return [{ path: `${at}.winner`, message: `no variant "${a.winner}" in ${key}` }];
      exp.status = 'stopped';
      if (a.winner === undefined) delete exp.winner;
      else exp.winner = a.winner;
      break;
    case 'traffic':
      exp.traffic = a.traffic;
      break;
    case 'weights': {
      const unknown = Object.keys(a.weights).filter((k) => !exp.variants.some((v) => v.key === k));
      if (unknown.length) return unknown.map((k) => ({ path: `weights.${k}`, message: `no variant "${k}" in ${key}` }));
      for (const v of exp.variants) if (Object.hasOwn(a.weights, v.key)) v.weight = a.weights[v.key]!;
      break;
    }
    case 'schedule':
      // end after start and the windows' times are the document's own checks, run on the publish
      if (a.schedule === null) delete exp.schedule;
      else exp.schedule = a.schedule;
      break;
  }
  return config;
}
