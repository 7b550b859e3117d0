// Ingest as a list of named steps over a batch of events; any step may drop an event with a reason.

/**
 * A step over one event at a time: it edits the event in place, or drops it with a reason. A throw drops only that
 * event (see `runSteps`' `failed`), so one event a check trips over cannot take the batch's good events down.
 */
export interface EachStep<E, C, R> {
  name: string;
  each(event: E, ctx: C, drop: (reason: R) => void): void;
}

/** A step over the whole batch at once, for a lookup done once per batch (a store query); a throw fails the batch. */
export interface BatchStep<E, C, R> {
  name: string;
  run(events: E[], ctx: C, drop: (event: E, reason: R) => void): void | Promise<void>;
}

export type Step<E, C, R> = EachStep<E, C, R> | BatchStep<E, C, R>;

export interface Dropped<E, R> {
  event: E;
  step: string;
  reason: R;
}

/**
 * Runs `steps` in order; each sees only the events no earlier step dropped. An event whose `each` step throws is
 * dropped by that step with the reason `failed` gives for the error.
 */
export async function runSteps<E, C, R>(
  steps: readonly Step<E, C, R>[],
  events: E[],
  ctx: C,
  failed: (event: E, err: unknown) => R,
): Promise<{ kept: E[]; dropped: Dropped<E, R>[] }> {
  let kept = events;
  const dropped: Dropped<E, R>[] = [];
  for (const step of steps) {
    const out = new Set<E>();
    const drop = (event: E, reason: R) => {
      // Only the first reason counts: a step that drops and then throws has already said why.
      if (out.has(event)) return;
      out.add(event);
      dropped.push({ event, step: step.name, reason });
    };
    if ('each' in step)
      for (const event of kept) {
        try {
          step.each(event, ctx, (reason) => drop(event, reason));
        } catch (err) {
          drop(event, failed(event, err));
        }
      }
    else await step.run(kept, ctx, drop);
    if (out.size) kept = kept.filter((e) => !out.has(e));
  }
  return { kept, dropped };
}

/** Fills each row's widgetType from the site's live config (widget id -> type); an unknown id stays null. */
export function fillWidgetTypes(
  rows: { widget: string | null; widgetType: string | null }[],
  types: ReadonlyMap<string, string>,
): void {
  for (const r of rows) r.widgetType = (r.widget !== null && types.get(r.widget)) || null;
}
