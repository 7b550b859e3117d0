// Part of the page file: which widgets their schedules allow now, the experiments' full schedule check, and one
// timer to the next boundary so the page follows the schedules without a reload or a server job.
import { $config, $runtime, isScheduled, nextChange, zoneOrUtc, type Schedule } from '@nudge/core';

const DAY = 86_400_000;
/** Fire a little after the boundary: a timer may run a few ms early, and the boundary itself must count as passed. */
const LATE_MS = 25;

export interface Scheduler {
  /** Whether this widget's schedule lets it show now (no schedule, or unknown widget: yes). */
  allows(widgetId: string): boolean;
  /** Re-arms the one timer for the current config (cheap when nothing changed). */
  arm(): void;
  stop(): void;
}

/** `changed` runs when a boundary passes (after the experiments were re-assigned): the mounter re-syncs. */
export function createScheduler(win: Window, changed: () => void): Scheduler {
  const zone = () => zoneOrUtc($config.get()?.timeZone);
  const on = (s: Schedule | undefined) => isScheduled(s, zone(), Date.now());
  const scheduledExperiments = () => ($config.get()?.experiments ?? []).some((e) => e.schedule);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor: number | undefined;
  let config = $config.get();

  let installed = false;
  // Experiments with a schedule are off on every page until this full check is in place (assign.ts); once in, the
  // core keeps it (it reads the config in force), also for experiments a pushed config adds later.
  const install = () => {
    if (installed || !scheduledExperiments()) return;
    installed = true;
    $runtime.get()?.schedule?.(on);
  };

  const fire = () => {
    armedFor = undefined;
    if (installed) $runtime.get()?.schedule?.(on);
    changed();
    arm();
  };

  function arm() {
    install();
    const now = Date.now();
    let next: number | undefined;
    const c = $config.get();
    for (const x of [...(c?.widgets ?? []), ...(c?.experiments ?? [])]) {
      if (!x.schedule) continue;
      // At most a day ahead: a longer setTimeout overflows (24.8 days), and a day keeps each look-ahead short.
      const t = nextChange(x.schedule, zone(), now, DAY) ?? now + DAY;
      if (next === undefined || t < next) next = t;
    }
    // One timer, replaced only when the next boundary moves (a pushed config): store changes never stack timers.
    if (next === armedFor && c === config) return;
    config = c;
    clearTimeout(timer);
    armedFor = next;
    if (next !== undefined) timer = setTimeout(fire, next - now + LATE_MS);
  }

  // A hidden tab's timers are throttled and a sleeping laptop's are late: look again when the page is seen.
  const seen = () => {
    if (win.document.visibilityState === 'visible' && armedFor !== undefined && Date.now() >= armedFor) fire();
  };
  win.document.addEventListener('visibilitychange', seen);
  install();

  return {
    allows(widgetId) {
      return on($config.get()?.widgets.find((w) => w.id === widgetId)?.schedule);
    },
    arm,
    stop() {
      clearTimeout(timer);
      win.document.removeEventListener('visibilitychange', seen);
    },
  };
}
