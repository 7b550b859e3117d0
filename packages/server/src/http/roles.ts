// Which role each admin route needs, in one table: reads for viewers, drafts for editors, publishing and experiment
// actions for publishers, people, sites, keys and secrets for admins. An unsafe route not listed needs admin, so a
// new route is closed until it is placed here.
import type { Role } from '../accounts/roles.js';

type Rule = [method: 'GET' | 'UNSAFE' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: RegExp, role: Role];

const SITE = String.raw`/sites/[^/]+`;
const re = (s: string) => new RegExp(`^${s}/?$`);

const RULES: Rule[] = [
  // people, tokens and the audit trail
  ['GET', re('/users(/.*)?'), 'admin'],
  ['UNSAFE', re('/users(/.*)?'), 'admin'],
  ['GET', re('/audit'), 'admin'],
  // everyone manages their own tokens (never above their role: checked on creation)
  ['GET', re('/tokens'), 'viewer'],
  ['UNSAFE', re('/tokens(/[^/]+)?'), 'viewer'],
  // and their own summaries (only sites they may read: every role reads every site)
  ['PUT', re('/me/summaries'), 'viewer'],
  ['GET', re(`${SITE}/write-keys`), 'admin'],
  ['UNSAFE', re(`${SITE}/write-keys(/[^/]+)?`), 'admin'],
  ['POST', re('/sites'), 'admin'],
  ['PATCH', re(SITE), 'admin'],
  // checking a document changes nothing
  ['POST', re(`${SITE}/config/validate`), 'editor'],
  ['POST', re(`${SITE}/config/drafts`), 'editor'],
  ['DELETE', re(`${SITE}/config/drafts/[^/]+`), 'editor'],
  ['POST', re(`${SITE}/config/drafts/[^/]+/publish`), 'publisher'],
  ['POST', re(`${SITE}/config`), 'publisher'],
  ['POST', re(`${SITE}/config/rollback`), 'publisher'],
  ['POST', re(`${SITE}/experiments/[^/]+/[^/]+`), 'publisher'],
  // metrics: definitions and an experiment's goal and guardrails are drafting work; the margin changes every profit
  ['PUT', re(`${SITE}/metrics/settings`), 'publisher'],
  ['POST', re(`${SITE}/metrics`), 'editor'],
  ['DELETE', re(`${SITE}/metrics/[^/]+`), 'editor'],
  ['PUT', re(`${SITE}/metrics/experiments/[^/]+`), 'editor'],
  // alert rules are switched by publishers; where alerts go (a URL and its signing secret) by admins
  ['PUT', re(`${SITE}/alerts/delivery`), 'admin'],
  ['POST', re(`${SITE}/alerts`), 'publisher'],
  ['PATCH', re(`${SITE}/alerts/[^/]+`), 'publisher'],
  // rewards: people's data (leads' emails, a visitor's export) and delivery secrets are for admins (a retried lead is
  // answered with its email); pools and the ledger's decisions for publishers
  ['GET', re(`${SITE}/leads(/.*)?`), 'admin'],
  ['GET', re(`${SITE}/visitors/[^/]+`), 'admin'],
  ['DELETE', re(`${SITE}/visitors/[^/]+`), 'admin'],
  ['GET', re(`${SITE}/reward-settings`), 'admin'],
  ['PATCH', re(`${SITE}/reward-settings`), 'admin'],
  ['POST', re(`${SITE}/coupon-pools(/[^/]+/(codes|import))?`), 'publisher'],
  ['POST', re(`${SITE}/rewards/[^/]+/(approve|reject)`), 'publisher'],
  ['POST', re(`${SITE}/leads/[^/]+/retry`), 'admin'],
  // the install tag, allowed origins and where the tag was seen: what anyone helping a merchant install reads
  ['GET', re(`${SITE}/install`), 'viewer'],
  // every other read
  ['GET', /.*/, 'viewer'],
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isSafeMethod = (method: string) => SAFE.has(method.toUpperCase());

/** The role a request needs; `path` is relative to /v1/admin. */
export function neededRole(method: string, path: string): Role {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  for (const [rm, pattern, role] of RULES) {
    const methodMatches = rm === m || (rm === 'UNSAFE' && !SAFE.has(m));
    if (methodMatches && pattern.test(path)) return role;
  }
  return SAFE.has(m) ? 'viewer' : 'admin';
}
