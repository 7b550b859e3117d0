// What tells one kind of error without a code from another: its message with what varies per page, visitor or id taken out.

/**
 * `[RE2 pattern, replacement]`, applied in order, in DuckDB (`regexp_replace(.., 'g')`) and ClickHouse
 * (`replaceRegexpAll`) alike, so every backend groups the same events the same way: URLs, quoted values (a selector, a
 * colour, a feed address) and any token holding a digit (ids, counts, status codes, indexes) become placeholders.
 */
export const KIND_RULES: readonly (readonly [string, string])[] = [
  ['[A-Za-z][A-Za-z0-9+.-]*://[^ \t\r\n"\']*', '<url>'],
  ['"[^"]*"', '"…"'],
  ['[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*', '#'],
  ['[ \t\r\n\f]+', ' '],
  ['^ | $', ''],
];

/**
 * The SQL expression of the kind: `code` when the sender named one, else the message normalised; null with neither.
 * `replace` builds one step in the backend's dialect from the inner expression and the quoted pattern/replacement.
 */
export function kindSql(
  code: string,
  message: string,
  quote: (s: string) => string,
  replace: (expr: string, pattern: string, replacement: string) => string,
): string {
  const normalised = KIND_RULES.reduce((e, [p, r]) => replace(e, quote(p), quote(r)), message);
  return `coalesce(${code}, ${normalised})`;
}
