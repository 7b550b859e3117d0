// The answer to a publish (config, rollback, experiment action): the new version's record, or the refusal.
import type { Context } from 'hono';
import type { PublishResult } from '../../../config/configs.js';
import { fail, issueLine } from '../../errors.js';

export const published = (c: Context, r: PublishResult) =>
  r.ok
    ? c.json({
        version: r.record.version,
        author: r.record.author,
        action: r.record.action,
        changes: r.record.changes,
        createdAt: r.record.createdAt,
        config: r.record.doc,
      })
    : fail(c, r.status, r.error, issueLine(r.issues), r.issues);
