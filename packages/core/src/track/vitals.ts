// Core Web Vitals via `web-vitals`; the tracker imports this module (and so web-vitals) only after the load event.
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';

export type Vitals = Partial<Record<'lcp' | 'inp' | 'cls' | 'fcp' | 'ttfb', number>>;

/**
 * Starts collecting; returns a function that hands over the values once (undefined before any arrive or after), with
 * `extra`'s fields (e.g. the sample rate) added when it is an object.
 */
export function watchVitals(extra?: unknown): () => Vitals | undefined {
  const values: Vitals = {};
  let done = false;
  // web-vitals calls queueMicrotask from its observers: a page that deleted it would get an uncaught error on every
  // entry, so such a page goes unmeasured.
  if (typeof queueMicrotask == 'function')
    for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) {
      on(
        (m) => {
          values[m.name.toLowerCase() as keyof Vitals] =
            m.name === 'CLS' ? Math.round(m.value * 1e4) / 1e4 : Math.round(m.value);
        },
        { reportAllChanges: true },
      );
    }
  return () => {
    if (done || !Object.keys(values).length) return undefined;
    done = true;
    return Object.assign({}, extra, values);
  };
}
