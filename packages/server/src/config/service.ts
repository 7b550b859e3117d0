// Publishing config: validated with the core's schema, versioned by the store, recorded as data, announced on the bus.
import { createHash } from 'node:crypto';
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigRecord, ControlStore } from '../store/store.js';
import type { ConfigBus } from './bus.js';
import { checkConfig } from './check.js';
import type { Change, Configs, Current, PublishMeta, PublishResult } from './configs.js';
import { historyChanges } from './diff.js';

export { checkConfig, emptyConfig, MAX_CONFIG_DEPTH } from './check.js';
export type { Configs, Current, PublishMeta, PublishResult } from './configs.js';

const etagOf = (site: string, version: number, doc: string) =>
  `"${site}-v${version}-${createHash('sha1').update(doc).digest('base64url').slice(0, 12)}"`;

/** What serving `rec` takes: its JSON text, ETag and widget types, made once per version. */
export const current = (rec: ConfigRecord): Current => {
  const doc = JSON.stringify(rec.doc);
  return {
    doc,
    config: rec.doc,
    version: rec.version,
    etag: etagOf(rec.site, rec.version, doc),
    widgetTypes: new Map((rec.doc.widgets ?? []).map((w) => [w.id, w.type])),
  };
};

/** Publishes that lost a race for a version (another one took it) are built again on the newer one this often. */
const RETRIES = 8;

/** What a publish's builder made: the document to check and insert, or why there is none (never read from `doc`). */
type Built = { doc: unknown } | { fail: PublishResult };

const conflict = (latest: number, base: number): PublishResult => ({
  ok: false,
  status: 409,
  error: 'version_conflict',
  issues: [{ path: 'version', message: `version ${latest} was published since version ${base}; reload and try again` }],
});

/**
 * Versions are the store's: each publish reads the latest record and inserts the next version, which the store
 * refuses when another publish (in this process or another) took it first. This process only caches what is in force,
 * refreshed by what the bus announces.
 */
export class ConfigService implements Configs {
  private readonly cache = new Map<string, Current>();
  /** Each site's history as last read, newest first: read again only once a newer version is in force here. */
  private readonly histories = new Map<string, readonly ConfigRecord[]>();
  /** The last publish queued per site in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The keys the server owns in each site's document, from its own settings (undefined: the key is left out). */
  private ownKeys?: (site: string) => Promise<Record<string, unknown>>;

  constructor(
    private readonly store: Pick<
      ControlStore,
      'listSites' | 'latestConfig' | 'getConfig' | 'insertConfig' | 'configHistory'
    >,
    private readonly bus: ConfigBus,
  ) {
    bus.subscribe('*', (version, site) => void this.at(site, version).catch(() => undefined));
  }

  /**
   * Lets the server set its own keys (rewards: leadDelivery, referral, nextOrder) on every publish, rollback and
   * update, whatever the document says: an earlier copy published again cannot bring back what settings removed.
   */
  serverKeys(of: (site: string) => Promise<Record<string, unknown>>): void {
    this.ownKeys = of;
  }

  async load(): Promise<void> {
    for (const site of await this.store.listSites()) {
      const rec = await this.store.latestConfig(site.id);
      if (rec) this.cache.set(site.id, current(rec));
    }
  }

  get(site: string): Current | undefined {
    return this.cache.get(site);
  }

  config(site: string): NudgeConfig | undefined {
    return this.cache.get(site)?.config;
  }

  /** The document in force at `version` or later (read from the store when this process has not seen it yet). */
  async at(site: string, version: number): Promise<Current | undefined> {
    const cached = this.cache.get(site);
    if (cached && cached.version >= version) return cached;
    const rec = await this.store.latestConfig(site);
    if (rec && rec.version > (this.cache.get(site)?.version ?? 0)) this.cache.set(site, current(rec));
    return this.cache.get(site);
  }

  /** Every version up to the one in force here, newest first (from the store once per version in force, not per call). */
  async history(site: string): Promise<readonly ConfigRecord[]> {
    const kept = this.histories.get(site);
    if (kept && (kept[0]?.version ?? 0) >= (this.cache.get(site)?.version ?? 0)) return kept;
    const read = await this.store.configHistory(site);
    this.histories.set(site, read);
    return read;
  }

  publish(site: string, input: unknown, meta: PublishMeta): Promise<PublishResult> {
    return this.commit(site, meta, () => ({ doc: input }));
  }

  /** Lets `change` edit the document in force and publishes the result (experiment actions use this). */
  update(site: string, change: (c: NudgeConfig) => Change, meta: PublishMeta): Promise<PublishResult> {
    return this.commit(site, meta, (prev) => {
      if (!prev)
        return {
          fail: {
            ok: false,
            status: 404,
            error: 'unknown_site',
            issues: [{ path: 'site', message: `no config for site "${site}"` }],
          },
        };
      const next = change(structuredClone(prev.doc));
      if ('ok' in next) return { fail: next };
      return Array.isArray(next)
        ? { fail: { ok: false, status: 400, error: 'invalid_change', issues: next } }
        : { doc: next };
    });
  }

  rollback(site: string, version: number, meta: PublishMeta): Promise<PublishResult> {
    return this.commit(site, { ...meta, action: meta.action ?? { type: 'rollback', to: version } }, async () => {
      const rec = await this.store.getConfig(site, version);
      if (rec) return { doc: rec.doc };
      return {
        fail: {
          ok: false,
          status: 404,
          error: 'unknown_version',
          issues: [{ path: 'version', message: `site "${site}" has no version ${version}` }],
        },
      };
    });
  }

  /**
   * Publishes on one site run one after another in this process, as they did before the store checked versions, so
   * any number of them succeed in turn; the store's version check still settles races with other processes.
   */
  private commit(
    site: string,
    meta: PublishMeta,
    build: (prev: ConfigRecord | undefined) => Built | Promise<Built>,
  ): Promise<PublishResult> {
    const next = (this.queues.get(site) ?? Promise.resolve()).then(() => this.insert(site, meta, build));
    const settled = next.catch(() => undefined);
    this.queues.set(site, settled);
    void settled.then(() => {
      if (this.queues.get(site) === settled) this.queues.delete(site);
    });
    return next;
  }

  /** Builds the next document on the latest record and inserts it, again on a newer one when the version was taken. */
  private async insert(
    site: string,
    meta: PublishMeta,
    build: (prev: ConfigRecord | undefined) => Built | Promise<Built>,
  ): Promise<PublishResult> {
    for (let attempt = 0; ; attempt++) {
      const prev = await this.store.latestConfig(site);
      const prevVersion = prev?.version ?? 0;
      if (meta.baseVersion !== undefined && meta.baseVersion !== prevVersion)
        return conflict(prevVersion, meta.baseVersion);
      const built = await build(prev);
      if ('fail' in built) return built.fail;
      const r = this.check(site, await this.withOwnKeys(site, built.doc), prev, meta);
      if (!r.ok) return r;
      if (await this.store.insertConfig(r.record)) {
        this.cache.set(site, current(r.record));
        await this.bus.publish(site, r.record.version);
        return r;
      }
      if (meta.baseVersion !== undefined || attempt >= RETRIES) return conflict(prevVersion + 1, prevVersion);
    }
  }

  private async withOwnKeys(site: string, input: unknown): Promise<unknown> {
    if (!this.ownKeys || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const doc = { ...(input as Record<string, unknown>) };
    for (const [key, value] of Object.entries(await this.ownKeys(site)))
      if (value === undefined) delete doc[key];
      else doc[key] = value;
    return doc;
  }

  /** The record `input` would become as the version after `prev`, or why it cannot. */
  private check(site: string, input: unknown, prev: ConfigRecord | undefined, meta: PublishMeta): PublishResult {
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
    // The server owns the version and the publish time: every publish gets the next version and a later time, even
    // if the clock stepped back, so both orders agree; browsers use the time to accept a reset server's versions.
    const publishedAt = Math.max(Date.now(), (prev?.doc.publishedAt ?? 0) + 1);
    const parsed = checkConfig({ ...doc, site, version: (prev?.version ?? 0) + 1, publishedAt });
    if (!parsed.ok) return { ok: false, status: 400, error: 'invalid_config', issues: parsed.issues };
    return {
      ok: true,
      record: {
        site,
        version: parsed.config.version,
        doc: parsed.config,
        author: meta.author || 'admin',
        action: meta.action ?? { type: 'publish' },
        changes: historyChanges(prev?.doc ?? {}, parsed.config),
        createdAt: publishedAt,
      },
    };
  }
}
