// The one place values are inlined into ClickHouse SQL: 18.16 has no query parameters, so every value goes through here.

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A value as a ClickHouse literal: text quoted with every backslash, quote and control character escaped; finite
 * numbers as numbers (integers beyond 2^53 refused: they would not round-trip); booleans as 1/0; arrays as arrays;
 * null as NULL. Anything else throws, so an unexpected type can never reach the SQL text.
 */
export function lit(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string')
    // eslint-disable-next-line no-control-regex
    return `'${v.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) throw new Error(`integer out of the exact range: ${v}`);
    // toFloat64 keeps a fraction a fraction; integers stay integers so Int64 columns compare without a cast.
    return Number.isInteger(v) ? String(v) : `toFloat64(${String(v)})`;
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  throw new Error(`cannot inline a ${typeof v} into SQL`);
}

/** A database or table name: plain identifiers only (names come from a URL). */
export function ident(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new Error(`not a plain ClickHouse name: ${JSON.stringify(name)}`);
  return name;
}
