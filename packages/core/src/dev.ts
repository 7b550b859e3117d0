// The guard that keeps every tracker method from throwing into the page (and says why in development).

declare const process: { env: Record<string, string | undefined> };
/** Folded to false by production builds (see tracker.ts), which then drop the warning. */
const DEV = process.env.NODE_ENV !== 'production';

/** `fn` made safe to call from the page: an exception is swallowed (and shown in development). */
export const guard =
  <A extends unknown[]>(fn: (...a: A) => void) =>
  (...a: A): void => {
    try {
      fn(...a);
    } catch (e) {
      if (DEV) console.warn('[nudge]', e);
    }
  };
