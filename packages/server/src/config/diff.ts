// Structural diff of two config documents, by field path, for history entries and the console's diff view.
import type { ConfigChange } from './history.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arrays of objects with a `key` or `id` are matched by it, so reordering or inserting one reads as one change. */
function keyOf(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const k = v.key ?? v.id;
  return typeof k === 'string' ? k : undefined;
}

const added = (path: string[], after: unknown): ConfigChange => ({ path, after });
const removed = (path: string[], before: unknown): ConfigChange => ({ path, before });

/** Every field that differs; keyed array items are named by their key or id in the path. */
export function diff(before: unknown, after: unknown, path: string[] = []): ConfigChange[] {
  if (Object.is(before, after)) return [];
  const at = (k: string | number) => [...path, String(k)];
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyed = [...before, ...after].every((v) => keyOf(v) !== undefined);
    if (keyed) {
      const b = new Map(before.map((v) => [keyOf(v)!, v]));
      const a = new Map(after.map((v) => [keyOf(v)!, v]));
      const out: ConfigChange[] = [];
      for (const [k, v] of b) if (!a.has(k)) out.push(removed(at(k), v));
      for (const [k, v] of a) out.push(...(b.has(k) ? diff(b.get(k), v, at(k)) : [added(at(k), v)]));
      return out;
    }
    const out: ConfigChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push(removed(at(i), before[i]));
      else if (i >= before.length) out.push(added(at(i), after[i]));
      else out.push(...diff(before[i], after[i], at(i)));
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const out: ConfigChange[] = [];
    // Own keys only: a key such as `constructor` must not match Object.prototype's.
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) out.push(removed(at(k), before[k]));
    for (const k of Object.keys(after))
      out.push(...(Object.hasOwn(before, k) ? diff(before[k], after[k], at(k)) : [added(at(k), after[k])]));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before, after }];
}

/** The stamps the server sets on every publish: a history entry leaves them out. */
const STAMPS = ['version', 'publishedAt'];

/** What a publish changed, for its history entry. */
export const historyChanges = (before: unknown, after: unknown): ConfigChange[] =>
  diff(before, after).filter((c) => !(c.path.length === 1 && STAMPS.includes(c.path[0]!)));

/** A change as the diff endpoint has always answered it: a dot-joined path and an op. */
export const wireChange = (c: ConfigChange) => ({
  path: c.path.join('.') || '(document)',
  op: !('before' in c) ? ('add' as const) : !('after' in c) ? ('remove' as const) : ('change' as const),
  ...('before' in c ? { before: c.before } : {}),
  ...('after' in c ? { after: c.after } : {}),
});
