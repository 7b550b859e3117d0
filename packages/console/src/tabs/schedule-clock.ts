// Draws the console again when an experiment's schedule next turns on or off: what its notes say visitors see (the
// control outside the schedule, a split inside) is computed at render, and would otherwise change only at the next one.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nextChange, zoneOrUtc, type NudgeConfig } from '@nudge/core';

/** setTimeout holds at most about 24.8 days; after a day the clock simply looks again. */
const MAX_WAIT = 86_400_000;

/** The next instant after `now` at which a running experiment's schedule turns on or off (only those depend on it). */
export function nextBoundary(config: NudgeConfig | null, now: number): number | undefined {
  let next: number | undefined;
  for (const e of config?.experiments ?? []) {
    if (e.status !== 'running' || !e.schedule) continue;
    const at = nextChange(e.schedule, zoneOrUtc(config!.timeZone), now);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

export type ScheduleClockHost = Pick<ReactiveControllerHost, 'addController' | 'requestUpdate'> & {
  readonly config: NudgeConfig | null;
};

export class ScheduleClock implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ScheduleClockHost,
    /** Whether a view with such notes is shown (no timer otherwise). */
    private readonly shows: () => boolean,
  ) {
    host.addController(this);
  }

  /** After each render: one timer, to the next boundary of the config now shown. */
  hostUpdated(): void {
    this.#clear();
    if (!this.shows()) return;
    const at = nextBoundary(this.host.config, Date.now());
    if (at === undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.host.requestUpdate();
      },
      Math.min(Math.max(at - Date.now(), 0), MAX_WAIT),
    );
  }

  hostDisconnected(): void {
    this.#clear();
  }

  #clear() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
