// Resolves in a later task, so a start that would be one long task is split; with scheduler.yield (Chromium 129+) the
// continuation goes ahead of other queued tasks: on a 4x slower CPU a plain setTimeout hop waited behind the page's own
// parser tasks for tens of ms, each time.
export const nextTask = (): Promise<void> => {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r));
};
