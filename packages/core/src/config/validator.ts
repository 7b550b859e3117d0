// Config validator chunk: loaded only when a new document body must be accepted (first visit, new version, push).
import * as z from 'zod/mini';
import type { ConfigSource } from './client-types.js';
import type { ConfigIssue } from './parse.js';

// Under a strict CSP zod's JIT probe (new Function) would log a violation; skip the probe.
z.config({ jitless: true });

import { parseConfig, type ParseConfigResult } from './parse.js';

export { parseConfig };

/** parseConfig, and a document for another site refused (the site check's words live here, off every page). */
export function parseFor(value: unknown, site: string): ParseConfigResult {
  const r = parseConfig(value);
  return r.ok && r.config.site !== site
    ? { ok: false, issues: [{ path: 'site', message: `document is for site "${r.config.site}", not "${site}"` }] }
    : r;
}

/**
 * The line a refused document is reported with (onInvalid). Only a document this chunk has checked is ever refused,
 * so its text is here, not in the config client every page loads.
 */
export const refusalMessage = (issues: ConfigIssue[], source: ConfigSource) =>
  `config from ${source} refused, the last good one stays in force: ${issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ')}`;
