// The server's check of a config document: the core's schema, after a depth bound that names where it got too deep.
import { parseConfig, type NudgeConfig, type ParseConfigResult } from '@nudge/core/spec';
import { tooDeep } from '../depth.js';
import { colourIssues } from './colours.js';
import { localeIssues } from './locales.js';

export const emptyConfig = (site: string): NudgeConfig => ({
  schema: 1,
  site,
  version: 1,
  widgets: [],
  experiments: [],
});

/** How deeply a config document may nest (a real one needs ~10; audience conditions nest through all/any/not). */
export const MAX_CONFIG_DEPTH = 64;

/**
 * The core's parseConfig, after a depth bound that names where a document got too deep (the core only says so), then
 * colour names checked against CSS's list (the core's pattern takes any word) and per-locale copy's locales against
 * the languages Intl knows.
 */
export function checkConfig(value: unknown): ParseConfigResult {
  const deep = tooDeep(value, MAX_CONFIG_DEPTH);
  if (deep !== undefined)
    return { ok: false, issues: [{ path: deep, message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` }] };
  const r = parseConfig(value);
  if (!r.ok) return r;
  const issues = [...colourIssues(r.config), ...localeIssues(r.config)];
  return issues.length ? { ok: false, issues } : r;
}
