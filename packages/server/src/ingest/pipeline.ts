// Ingest as a list of named steps over a batch of events; any step may drop an event with a reason.

/** One step: it edits the events it is given in place, or drops some of them with a reason. */
export interface Step<E, C, R> {
  name: string;
  run(events: E[], ctx: C, drop: (event: E, reason: R) => void): void | Promise<void>;
}

export interface Dropped<E, R> {
  event: E;
  step: string;
  reason: R;
}

/** Runs `steps` in order; each sees only the events no earlier step dropped. */
export async function runSteps<E, C, R>(
  steps: readonly Step<E, C, R>[],
  events: E[],
  ctx: C,
): Promise<{ kept: E[]; dropped: Dropped<E, R>[] }> {
  let kept = events;
  const dropped: Dropped<E, R>[] = [];
  for (const step of steps) {
    const out = new Set<E>();
    await step.run(kept, ctx, (event, reason) => {
      out.add(event);
      dropped.push({ event, step: step.name, reason });
    });
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
