// The config client's shape check for documents validated before (cached, or marked checked by a Nudge server).
import type { NudgeConfig } from './schema.js';

/**
 * The shape check for a document that passed the schema already (the cache's, or one a Nudge server marks as checked
 * at publish, remote.ts): enough that nothing downstream trips over it, without the validator.
 */
export const shaped = (c: NudgeConfig | null | undefined, site: string): c is NudgeConfig =>
  c?.schema === 1 && c.site === site && Array.isArray(c.widgets) && Array.isArray(c.experiments);
