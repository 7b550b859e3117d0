// Which experiment actions make sense in which state: the API refuses the rest (409) and the console offers only these.
import type { Experiment } from '../config/schema.js';

/** `ship` is a stop with a winner: every visitor then sees that variant. */
export type LifecycleAction = 'start' | 'pause' | 'stop' | 'ship' | 'traffic' | 'weights' | 'schedule';

/**
 * Why `action` makes no sense for `e` as it is now, in words for an API error; undefined when it does. `winner` is the
 * variant a ship would show. A draft has no results to ship and nothing to pause or stop; a stopped experiment's
 * traffic, weights and schedule reach no visitor (it shows everyone one variant) until it is started again.
 */
export function actionRefusal(
  e: Pick<Experiment, 'key' | 'status' | 'winner'>,
  action: LifecycleAction,
  winner?: string,
): string | undefined {
  const is = `experiment "${e.key}" is ${e.status === 'draft' ? 'a draft' : e.status}`;
  switch (e.status) {
    case 'draft':
      if (action === 'pause' || action === 'stop') return `${is}: it has not started, so there is nothing to ${action}`;
      if (action === 'ship') return `${is}: it has no results to pick a winner from; start it first`;
      return;
    case 'running':
      return action === 'start' ? `${is} already` : undefined;
    case 'paused':
      return action === 'pause' ? `${is} already` : undefined;
    case 'stopped':
      if (action === 'pause') return `${is}: start it again to run it`;
      if (action === 'stop') return `${is} already; ship a variant to change what visitors see`;
      if (action === 'ship' && winner === e.winner) return `${is} and ships "${winner}" already`;
      if (action === 'traffic' || action === 'weights' || action === 'schedule')
        return `${is}: its ${action} reaches no visitor (everyone sees one variant); start it again first`;
      return;
  }
}
