// How deep a JSON value nests, checked without recursion (a hostile document must not overflow the stack).

/** The path (dot-joined keys) where `value` first nests `max` levels deep, or undefined when it never does. */
export function tooDeep(value: unknown, max: number): string | undefined {
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path.join('.');
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
  }
  return undefined;
}
