// Config validator chunk: loaded only when a new document body must be accepted (first visit, new version, push).
import * as z from 'zod/mini';
import type { ConfigSource } from './client-types.js';
import type { ConfigIssue } from './parse.js';

// Under a strict CSP zod's JIT probe (new Function) would log a violation; skip the probe.
z.config({ jitless: true });

export { parseConfig } from './parse.js';

/**
 * The line a refused document is reported with (onInvalid). Only a document this chunk has checked is ever refused,
 * so its text is here, not in the config client every page loads.
 */
export const refusalMessage = (issues: ConfigIssue[], source: ConfigSource) =>
  `config from ${source} refused, the last good one stays in force: ${issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ')}`;
