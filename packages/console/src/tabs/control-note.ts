// When an experiment shows every visitor its control (paused, stopped with no winner, outside its schedule), said where
// its state is shown and on each widget its control patches: that widget's own values for those props do not show.
import { html, nothing } from 'lit';
import { isScheduled, served, zoneOrUtc, type Experiment, type NudgeConfig, type Schedule } from '@nudge/core';
import { aw } from '../i18n/experiment-action-words.js';
import type { Lang, MessageKey } from '../i18n.js';
import { labelOf } from '../widget-form.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
export type ControlWhy = 'paused' | 'stopped' | 'unscheduled';

/** The core's schedule check in the site's zone at `now`, as the script tag runs it. */
const scheduleAt = (timeZone: string | undefined, now: number) => (s: Schedule) =>
  isScheduled(s, zoneOrUtc(timeZone), now);

/**
 * Why every visitor gets the first variant's patch now, as the core serves it (served()); null when they do not (a
 * draft patches nothing, a shipped winner is its own patch, a running experiment in its schedule splits visitors).
 */
export function controlShown(e: Experiment, timeZone: string | undefined, now = Date.now()): ControlWhy | null {
  const live = served(e, scheduleAt(timeZone, now));
  const control = e.variants[0];
  if (live === e.variants || !control || live[0] !== control) return null;
  if (e.status === 'running') return 'unscheduled';
  return e.status === 'paused' ? 'paused' : e.winner === control.key ? null : 'stopped';
}

const EXPERIMENT_WORD = {
  paused: 'controlPaused',
  stopped: 'controlStopped',
  unscheduled: 'controlUnscheduled',
} as const satisfies Record<ControlWhy, MessageKey>;
const WIDGET_WORD = {
  paused: 'widgetControlPaused',
  stopped: 'widgetControlStopped',
  unscheduled: 'widgetControlUnscheduled',
} as const satisfies Record<ControlWhy, MessageKey>;

/**
 * Later experiments win per prop (core variantPatch): those that set, for some visitors, a prop this control sets on
 * `widgetId` (any widget when omitted). Where they do, "every visitor sees its control" is not true, and is said so.
 */
export function overriddenBy(e: Experiment, config: NudgeConfig, widgetId?: string): string[] {
  const control = e.variants[0]?.patch ?? {};
  const sets = (other: Experiment) =>
    served(other, scheduleAt(config.timeZone, Date.now())).some((v) =>
      Object.entries(v.patch ?? {}).some(
        ([w, props]) =>
          (widgetId === undefined || w === widgetId) && Object.keys(props ?? {}).some((p) => p in (control[w] ?? {})),
      ),
    );
  return config.experiments
    .slice(config.experiments.indexOf(e) + 1)
    .filter(sets)
    .map((o) => o.name ?? o.key);
}

const butWhere = (by: string[], t: T) => (by.length ? ` ${t('controlOverridden', { e: by.join(', ') })}` : '');

/** Under the experiment's state: what every visitor sees while it is so. */
export function experimentControlNote(e: Experiment, config: NudgeConfig, t: T) {
  const why = controlShown(e, config.timeZone);
  return why
    ? html`<p class="control-note">
        ${t(EXPERIMENT_WORD[why], { v: e.variants[0]!.key })}${butWhere(overriddenBy(e, config), t)}
      </p>`
    : nothing;
}

/**
 * Under the experiment's state: what its visitors see now (the core's served()): nothing as a draft, a split while it
 * runs, the winner once shipped, else the control note above.
 */
export function experimentVisitorsNote(e: Experiment, config: NudgeConfig, t: T, lang: Lang) {
  if (controlShown(e, config.timeZone)) return experimentControlNote(e, config, t);
  const live = served(e, scheduleAt(config.timeZone, Date.now()));
  const text = !live[0]
    ? aw(lang, 'stateDraft')
    : live === e.variants
      ? aw(lang, 'stateRunning', { p: Math.round(e.traffic * 100), v: e.variants.map((v) => v.key).join(', ') })
      : aw(lang, 'stateShipped', { v: live[0].key });
  return html`<p class="muted">${text}</p>`;
}

/** On a widget being edited: each experiment whose control sets some of its props for every visitor now. */
export function widgetControlNotes(widget: { id: string; type: string }, config: NudgeConfig, lang: Lang, t: T) {
  const notes = config.experiments.flatMap((e) => {
    const why = controlShown(e, config.timeZone);
    const patch = e.variants[0]?.patch?.[widget.id];
    if (!why || !patch || !Object.keys(patch).length) return [];
    const props = Object.keys(patch)
      .map((p) => labelOf(lang, widget.type, p))
      .join(', ');
    return [
      t(WIDGET_WORD[why], { e: e.name ?? e.key, v: e.variants[0]!.key, p: props }) +
        butWhere(overriddenBy(e, config, widget.id), t),
    ];
  });
  return notes.length ? notes.map((n) => html`<p class="control-note">${n}</p>`) : nothing;
}
