// Resolves in a later task, so a start that would be one long task is split; with scheduler.yield (Chromium 129+) the
// continuation goes ahead of other queued tasks: on a 4x slower CPU a plain setTimeout hop waited behind the page's own
// parser tasks for tens of ms, each time. A page's broken scheduler (a shim that throws or returns no promise) gets the
// setTimeout hop.
export const nextTask = (): Promise<void> =>
  new Promise((r) => {
    try {
      (globalThis as unknown as { scheduler: { yield(): Promise<void> } }).scheduler.yield().then(r, r);
    } catch {
      setTimeout(r);
    }
  });

/**
 * Runs `f` in a microtask without the page's globals: a host page may have deleted queueMicrotask or replaced
 * Promise (zone.js), but an async function's promise is always the engine's own.
 */
export const microtask = (f: () => void): void => void (async () => {})().then(f);
