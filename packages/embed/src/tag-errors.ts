// A tag Nudge cannot start from, worded for the console: a chunk of its own, fetched only by a page whose tag failed a
// check (readTag in attributes.ts), so the messages are not on every page.
import { readTag, type ParseResult, type ScriptLike, type TagFault } from './attributes.js';

/** What is wrong with the tag, as the console prints it. */
export function tagError(fault: TagFault, script: ScriptLike): string {
  const data = (name: string) => script.getAttribute(`data-${name}`)?.trim();
  return [
    'data-site is missing on the Nudge script tag',
    `the Nudge script URL must be http(s): ${script.src}`,
    `data-endpoint must be an http(s) URL: ${data('endpoint')}`,
    `data-consent must be "required" or "granted", got "${data('consent')}"`,
  ][fault]!;
}

/** Parses the tag; a missing data-site or a non-http(s) endpoint is an error the loader prints instead of throwing. */
export function parseScriptAttributes(script: ScriptLike, pageUrl: string): ParseResult {
  const r = readTag(script, pageUrl);
  return typeof r == 'number' ? { ok: false, error: tagError(r, script) } : { ok: true, options: r };
}
