// Publishing config: validated with the core's schema, versioned, recorded with who/when/what, pushed to open streams.
import { tooDeep } from './depth.js';
import { createHash } from 'node:crypto';
import { parseConfig, type NudgeConfig, type ParseConfigResult } from '@nudge/core/spec';
import { diff, summarize, type Change } from './config-diff.js';
import type { ConfigAction, ConfigChange } from './config/history.js';
import type { SseHub } from './sse-hub.js';
import type { ConfigRecord, Store } from './store/store.js';

export interface Issue {
  path: string;
  message: string;
}

export interface Current {
  doc: string;
  version: number;
  etag: string;
}

export type PublishResult =
  { ok: true; record: ConfigRecord } | { ok: false; status: 400 | 404 | 409; error: string; issues: Issue[] };

export interface PublishMeta {
  author: string;
  /** the author's note; kept as the action's note */
  message?: string;
  /** what the author did (default: a publish) */
  action?: ConfigAction;
  /** optimistic concurrency: refuse if someone published since this version */
  baseVersion?: number;
}

/** The stamps the server sets on every publish: history leaves them out. */
const STAMPS = ['version', 'publishedAt'];

const toConfigChange = (c: Change): ConfigChange => ({
  path: c.path.split('.'),
  ...(c.op !== 'add' ? { before: c.before } : {}),
  ...(c.op !== 'remove' ? { after: c.after } : {}),
});

/** Today's English words for a history entry, until the console words them itself. */
export function historyWords(rec: ConfigRecord): { message: string; changes: string[] } {
  const a = rec.action;
  const message = a.type === 'rollback' ? a.note || `rollback to version ${a.to}` : (a.note ?? '');
  const changes = summarize(
    rec.changes.map((c) => ({
      path: c.path.join('.'),
      op: !('before' in c) ? 'add' : !('after' in c) ? 'remove' : 'change',
      before: c.before,
      after: c.after,
    })),
  );
  return { message, changes };
}

const etagOf = (site: string, version: number, doc: string) =>
  `"${site}-v${version}-${createHash('sha1').update(doc).digest('base64url').slice(0, 12)}"`;

export const emptyConfig = (site: string): NudgeConfig => ({
  schema: 1,
  site,
  version: 1,
  widgets: [],
  experiments: [],
});

/** How deeply a config document may nest (a real one needs ~10; audience conditions nest through all/any/not). */
export const MAX_CONFIG_DEPTH = 64;

/** The path of the first value nested deeper than MAX_CONFIG_DEPTH, found without recursion. */
/**
 * The server's check of a config: the core's parseConfig, after a depth bound that names where a document got too
 * deep (the core, short of bytes, only says so).
 */
export function checkConfig(value: unknown): ParseConfigResult {
  const deep = tooDeep(value, MAX_CONFIG_DEPTH);
  if (deep !== undefined)
    return { ok: false, issues: [{ path: deep, message: `nested more than ${MAX_CONFIG_DEPTH} levels deep` }] };
  return parseConfig(value);
}

export class ConfigService {
  private readonly current = new Map<string, Current>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly hub: SseHub,
  ) {}

  async load(): Promise<void> {
    for (const site of await this.store.listSites()) {
      const rec = await this.store.latestConfig(site.id);
      if (!rec) continue;
      const text = JSON.stringify(rec.doc);
      this.current.set(site.id, { doc: text, version: rec.version, etag: etagOf(site.id, rec.version, text) });
    }
  }

  get(site: string): Current | undefined {
    return this.current.get(site);
  }

  config(site: string): NudgeConfig | undefined {
    const c = this.current.get(site);
    return c ? (JSON.parse(c.doc) as NudgeConfig) : undefined;
  }

  /** One publish per site at a time, so versions never collide. */
  private exclusive<T>(site: string, task: () => Promise<T>): Promise<T> {
    const prior = this.locks.get(site) ?? Promise.resolve();
    const next = prior.then(task, task);
    this.locks.set(
      site,
      next.catch(() => undefined),
    );
    return next;
  }

  publish(site: string, input: unknown, meta: PublishMeta): Promise<PublishResult> {
    return this.exclusive(site, () => this.publishNow(site, input, meta));
  }

  /** Reads the current document, lets `change` edit it, publishes the result (experiment actions use this). */
  update(site: string, change: (c: NudgeConfig) => NudgeConfig | Issue[], meta: PublishMeta): Promise<PublishResult> {
    return this.exclusive(site, async () => {
      const cur = this.config(site);
      if (!cur)
        return {
          ok: false,
          status: 404,
          error: 'unknown_site',
          issues: [{ path: 'site', message: `no config for site "${site}"` }],
        };
      const next = change(structuredClone(cur));
      if (Array.isArray(next)) return { ok: false, status: 400, error: 'invalid_change', issues: next };
      return this.publishNow(site, next, meta);
    });
  }

  rollback(site: string, version: number, meta: PublishMeta): Promise<PublishResult> {
    return this.exclusive(site, async () => {
      const rec = await this.store.getConfig(site, version);
      if (!rec)
        return {
          ok: false,
          status: 404,
          error: 'unknown_version',
          issues: [{ path: 'version', message: `site "${site}" has no version ${version}` }],
        };
      return this.publishNow(site, rec.doc, {
        ...meta,
        action: { type: 'rollback', to: version, ...(meta.message ? { note: meta.message } : {}) },
      });
    });
  }

  private async publishNow(site: string, input: unknown, meta: PublishMeta): Promise<PublishResult> {
    const prev = this.current.get(site);
    const prevVersion = prev?.version ?? 0;
    if (meta.baseVersion !== undefined && meta.baseVersion !== prevVersion)
      return {
        ok: false,
        status: 409,
        error: 'version_conflict',
        issues: [
          {
            path: 'version',
            message: `version ${prevVersion} was published since version ${meta.baseVersion}; reload and try again`,
          },
        ],
      };
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return {
        ok: false,
        status: 400,
        error: 'invalid_config',
        issues: [{ path: '', message: 'expected a config object' }],
      };
    const doc = input as Record<string, unknown>;
    if (doc.site !== undefined && doc.site !== site)
      return {
        ok: false,
        status: 400,
        error: 'invalid_config',
        issues: [
          { path: 'site', message: `expected "${site}" (the site being published), got ${JSON.stringify(doc.site)}` },
        ],
      };
    const before = prev ? (JSON.parse(prev.doc) as NudgeConfig) : undefined;
    // The server owns the version and the publish time: every publish gets the next version and a later time, even
    // if the clock stepped back, so within one server both orders agree; browsers use the time to accept a reset
    // server's restarted versions.
    const publishedAt = Math.max(Date.now(), (before?.publishedAt ?? 0) + 1);
    const candidate = { ...doc, site, version: prevVersion + 1, publishedAt };
    const parsed = checkConfig(candidate);
    if (!parsed.ok) return { ok: false, status: 400, error: 'invalid_config', issues: parsed.issues };
    const text = JSON.stringify(parsed.config);
    const changes = diff(before ?? {}, parsed.config)
      .filter((c) => !STAMPS.includes(c.path))
      .map(toConfigChange);
    const record: ConfigRecord = {
      site,
      version: parsed.config.version,
      doc: parsed.config,
      author: meta.author || 'admin',
      action: meta.action ?? (meta.message ? { type: 'publish', note: meta.message } : { type: 'publish' }),
      changes,
      createdAt: publishedAt,
    };
    // Another server may have published this version since: the store refuses it, and so does this publish.
    if (!(await this.store.insertConfig(record)))
      return {
        ok: false,
        status: 409,
        error: 'version_conflict',
        issues: [
          { path: 'version', message: `version ${record.version} was published meanwhile; reload and try again` },
        ],
      };
    this.current.set(site, { doc: text, version: record.version, etag: etagOf(site, record.version, text) });
    this.hub.publish(site, text, record.version);
    return { ok: true, record };
  }
}
