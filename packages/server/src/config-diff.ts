// Structural diff of two config documents, by field path, for history entries and the console's diff view.

export interface Change {
  path: string;
  op: 'add' | 'remove' | 'change';
  before?: unknown;
  after?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arrays of objects with a `key` or `id` are matched by it, so reordering or inserting one reads as one change. */
function keyOf(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const k = v.key ?? v.id;
  return typeof k === 'string' ? k : undefined;
}

export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyed = [...before, ...after].every((v) => keyOf(v) !== undefined);
    if (keyed) {
      const b = new Map(before.map((v) => [keyOf(v)!, v]));
      const a = new Map(after.map((v) => [keyOf(v)!, v]));
      const out: Change[] = [];
      for (const [k, v] of b) if (!a.has(k)) out.push({ path: at(k), op: 'remove', before: v });
      for (const [k, v] of a)
        out.push(...(b.has(k) ? diff(b.get(k), v, at(k)) : [{ path: at(k), op: 'add' as const, after: v }]));
      return out;
    }
    const out: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= after.length) out.push({ path: at(i), op: 'remove', before: before[i] });
      else if (i >= before.length) out.push({ path: at(i), op: 'add', after: after[i] });
      else out.push(...diff(before[i], after[i], at(i)));
    }
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const out: Change[] = [];
    // Own keys only: a key such as `constructor` must not match Object.prototype's.
    for (const k of Object.keys(before))
      if (!Object.hasOwn(after, k)) out.push({ path: at(k), op: 'remove', before: before[k] });
    for (const k of Object.keys(after))
      out.push(
        ...(Object.hasOwn(before, k)
          ? diff(before[k], after[k], at(k))
          : [{ path: at(k), op: 'add' as const, after: after[k] }]),
      );
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(document)', op: 'change', before, after }];
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The stamps the server sets on every publish: a change summary leaves them out. */
const STAMPS = ['version', 'publishedAt'];

/** One line per change, e.g. `experiments.bar.status: "running" -> "paused"`. */
export function summarize(changes: Change[]): string[] {
  return changes
    .filter((c) => !STAMPS.includes(c.path))
    .map((c) =>
      c.op === 'add'
        ? `+ ${c.path}: ${short(c.after)}`
        : c.op === 'remove'
          ? `- ${c.path}`
          : `${c.path}: ${short(c.before)} -> ${short(c.after)}`,
    );
}
