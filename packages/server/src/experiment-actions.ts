// Experiment controls as edits of the config document; each one becomes a publish with its own history entry.
import type { NudgeConfig } from '@nudge/core/spec';
import type { Issue } from './config-service.js';

export type ExperimentAction =
  | { action: 'start' }
  | { action: 'pause' }
  | { action: 'stop'; winner?: string }
  | { action: 'traffic'; traffic: number }
  | { action: 'weights'; weights: Record<string, number> };

export function describeAction(key: string, a: ExperimentAction): string {
  switch (a.action) {
    case 'start':
      return `start experiment ${key}`;
    case 'pause':
      return `pause experiment ${key}`;
    case 'stop':
      return a.winner ? `stop experiment ${key}, ship ${a.winner}` : `stop experiment ${key}`;
    case 'traffic':
      return `experiment ${key}: traffic ${Math.round(a.traffic * 100)}%`;
    case 'weights':
      return `experiment ${key}: weights ${Object.entries(a.weights)
        .map(([k, w]) => `${k}=${w}`)
        .join(', ')}`;
  }
}

/** Parses an action from a request body, reporting bad fields by path. */
export function parseAction(name: string, body: Record<string, unknown>): ExperimentAction | Issue[] {
  switch (name) {
    case 'start':
    case 'pause':
      return { action: name };
    case 'stop':
      if (body.winner !== undefined && typeof body.winner !== 'string')
        return [{ path: 'winner', message: 'expected a variant key' }];
      return body.winner === undefined ? { action: 'stop' } : { action: 'stop', winner: body.winner as string };
    case 'traffic': {
      const t = body.traffic;
      if (typeof t !== 'number' || !(t >= 0 && t <= 1))
        return [{ path: 'traffic', message: 'expected a number from 0 to 1' }];
      return { action: 'traffic', traffic: t };
    }
    case 'weights': {
      const w = body.weights;
      if (typeof w !== 'object' || w === null || Array.isArray(w))
        return [{ path: 'weights', message: 'expected { variantKey: weight }' }];
      const bad = Object.entries(w).find(([, v]) => typeof v !== 'number' || !(v >= 0));
      if (bad) return [{ path: `weights.${bad[0]}`, message: 'expected a number >= 0' }];
      return { action: 'weights', weights: w as Record<string, number> };
    }
    default:
      return [{ path: 'action', message: `unknown action "${name}"; expected start, pause, stop, traffic or weights` }];
  }
}

export function applyAction(config: NudgeConfig, key: string, a: ExperimentAction): NudgeConfig | Issue[] {
  const i = config.experiments.findIndex((e) => e.key === key);
  const exp = config.experiments[i];
  if (!exp) return [{ path: 'experiment', message: `no experiment "${key}"` }];
  const at = `experiments.${i}`;
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
  }
  return config;
}
