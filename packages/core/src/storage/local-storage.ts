// localStorage adapter: every access guarded (blocked storage throws on read in some browsers; a full quota throws on write).
import { guarded, type NudgeStorage } from './storage.js';

/** `localStorage` when it exists and is usable, else undefined. A refused write (QuotaExceededError) returns false. */
/* @__NO_SIDE_EFFECTS__ */
export function localStorageAdapter(): NudgeStorage | undefined {
  let ls: Storage;
  try {
    (ls = globalThis.localStorage).getItem('nudge');
  } catch {
    return undefined;
  }
  return guarded({
    get: (k) => ls.getItem(k),
    set: (k, v) => (ls.setItem(k, v), true),
    remove: (k) => ls.removeItem(k),
    keys: () => Object.keys(ls),
  });
}
