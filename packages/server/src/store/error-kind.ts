// What tells one kind of error without a code from another: its message with what varies per page, visitor or id taken out.
import { NO_ADD_TO_CART, ONCE_PER_SESSION_CODES, TARGET_NOT_FOUND } from '@nudge/core/spec';

/** Elements a selector in a message starts with (`button.cart`, `form#buy`); `window.fetch` is not one. */
const TAGS = 'a|button|div|form|input|span|section|main|li|ul|p|img|label|nav|header|footer|article|aside|select';

/**
 * `[RE2 pattern, replacement]`, applied in order, in DuckDB (`regexp_replace(.., 'g')`) and ClickHouse
 * (`replaceRegexpAll`) alike, so every backend groups the same events the same way: URLs, quoted values (a selector, a
 * colour, a feed address, in "", '' or ``), CSS selectors (`#buy`, `.add`, `button.cart`: an element's name, not `window.fetch`), any token holding a digit
 * (ids, counts, status codes, indexes) and sku-like tokens (a hyphen and an uppercase run: `ALPHA-tea`) become
 * placeholders. RE2 has no look-around: a single quote opens a value only at the start or after a non-word character
 * (so the apostrophe of "can't" does not), which the pattern captures and `\1` puts back.
 */
export const KIND_RULES: readonly (readonly [string, string])[] = [
  ['[A-Za-z][A-Za-z0-9+.-]*://[^ \t\r\n"\'`]*', '<url>'],
  ['"[^"]*"', '"…"'],
  ["(^|[^A-Za-z0-9_])'[^']*'", "\\1'…'"],
  ['`[^`]*`', '`…`'],
  ['(^|[ \t(,>+~])[#.][A-Za-z_][A-Za-z0-9_.#:-]*', '\\1#'],
  [`(^|[^A-Za-z0-9_.])(${TAGS})[#.][A-Za-z_][A-Za-z0-9_.#:-]*`, '\\1#'],
  ['[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*', '#'],
  ['[A-Za-z0-9_]*[A-Z][A-Z][A-Za-z0-9_]*-[A-Za-z0-9_-]*|[A-Za-z0-9_]+-[A-Za-z0-9_-]*[A-Z][A-Z][A-Za-z0-9_-]*', '#'],
  ['[ \t\r\n\f]+', ' '],
  ['^ | $', ''],
];

/**
 * Messages older clients sent without a code, normalised as above, and the code today's client sends for the same
 * failure (the buy bar's missing-button report, packages/widgets/src/buy-bar/missing-button.ts): grouped under the
 * code, so one failure is one row whichever version of the widget reported it.
 */
export const KNOWN_MESSAGES: readonly (readonly [kind: string, code: string])[] = [
  ['found no add-to-cart button on the page (set target); the bar stays hidden', NO_ADD_TO_CART],
  ['target "…" matches no element; the bar stays hidden', TARGET_NOT_FOUND],
];

/** What an error group's count counts: sessions for a report the browser sends once per session, else page views. */
export type ErrorCounts = 'sessions' | 'page_views';

/**
 * Codes the browser sends at most once per browser session, widget and page type (the core's list, which the buy bar's
 * missing-button report sends from); every other error goes each time it happens, mostly once per page view. Every
 * backend's errors report reads it here (errorCounts), the console shows it.
 */
const ONCE_PER_SESSION: ReadonlySet<string> = new Set(ONCE_PER_SESSION_CODES);

/** What the count of a group with this code (the sender's or the one of its known message) counts. */
export const errorCounts = (code: string | null): ErrorCounts =>
  code !== null && ONCE_PER_SESSION.has(code) ? 'sessions' : 'page_views';

type Quote = (s: string) => string;
type Replace = (expr: string, pattern: string, replacement: string) => string;

/** `message` normalised by KIND_RULES, in the backend's dialect. */
function normalisedSql(message: string, quote: Quote, replace: Replace): string {
  return KIND_RULES.reduce((e, [p, r]) => replace(e, quote(p), quote(r)), message);
}

/** The SQL expression of the code: the one the sender named, else the one of a known message (KNOWN_MESSAGES). */
export function codeSql(code: string, message: string, quote: Quote, replace: Replace): string {
  const n = normalisedSql(message, quote, replace);
  return `coalesce(${code}, CASE ${KNOWN_MESSAGES.map(([k, c]) => `WHEN ${n} = ${quote(k)} THEN ${quote(c)}`).join(' ')} END)`;
}

/**
 * The SQL expression of the kind: the code (codeSql) when there is one, else the message normalised; null with neither.
 * `replace` builds one step in the backend's dialect from the inner expression and the quoted pattern/replacement.
 */
export function kindSql(code: string, message: string, quote: Quote, replace: Replace): string {
  return `coalesce(${codeSql(code, message, quote, replace)}, ${normalisedSql(message, quote, replace)})`;
}
