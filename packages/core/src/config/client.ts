// Remote config client, eager half: last good document from storage at once, and the first fetch on its way.
import type { ConfigIssue, ParseConfigResult } from './parse.js';
import type { NudgeConfig } from './schema.js';

export type ConfigSource = 'cache' | 'inline' | 'network' | 'stream';

export interface ConfigClientOptions {
  site: string;
  /**
   * Nudge server base URL (config at `{endpoint}/v1/config/{site}`, live push at `.../stream`), or any URL
   * ending in `.json` that serves the document (static hosting: no live push, refreshed on each visit/return).
   */
  endpoint: string;
  /** Where the last good document is kept (the tracker's storage adapters fit). */
  storage?: { get(key: string): string | null; set(key: string, value: string): unknown };
  /** A document given in code; used until a newer version arrives. */
  initial?: unknown;
  onConfig(config: NudgeConfig, source: ConfigSource): void;
  /** A document was refused (it never replaces the config in force); `message` lists every bad field. */
  onInvalid?(issues: ConfigIssue[], source: ConfigSource, message: string): void;
  /** Live push through server-sent events (default true for a Nudge server endpoint). */
  live?: boolean;
  /** Close the stream after the tab has been hidden this long (default 60 s); refresh on return. */
  hiddenCloseMs?: number;
  /**
   * Loads the validator (default: the zod/mini chunk, validator.ts). Called only when a document newer than the one
   * in force must be accepted, so a returning visitor whose config is unchanged never downloads it.
   */
  loadValidator?: () => Validator;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export interface ConfigClient {
  /** Fetch now (conditional on the ETag). Never rejects. */
  refresh(): Promise<void>;
  close(): void;
  current(): NudgeConfig | null;
}

/** What the lazily loaded remote half (remote.ts) shares with this one. */
export interface ClientState {
  o: ConfigClientOptions;
  url: string;
  isStatic: boolean;
  cacheKey: string;
  current: NudgeConfig | null;
  etag?: string;
  closed?: boolean;
  /**
   * The one rule for replacing the document in force (apply() and remote.ts's early check): a higher version, or,
   * when both carry `publishedAt`, a later publish (a reset server restarts its versions at 1). A document older by
   * both, such as a stale CDN copy, is refused; without `publishedAt` on both, the version alone decides.
   */
  newer(config: Pick<NudgeConfig, 'version' | 'publishedAt'>): boolean;
  /** Applies newer documents only, so a slow response or a stale CDN copy never rolls back a pushed config. */
  apply(config: NudgeConfig, source: ConfigSource): boolean;
  /** Starts a conditional GET, or undefined when there is no fetch. */
  request(): Promise<Response> | undefined;
  load: () => Validator;
  /** The validator once loading has started (on a first visit at once, else for the first newer document). */
  v?: Validator;
}

/** The validator chunk's shape (validator.ts); tests pass a stand-in to count or fake loads. */
type Validator = Promise<{ parseConfig(json: unknown): ParseConfigResult | Promise<ParseConfigResult> }>;

interface Remote {
  refresh(): Promise<void>;
  close(): void;
}

/* @__NO_SIDE_EFFECTS__ */
export function createConfigClient(o: ConfigClientOptions): ConfigClient {
  // `?? ''`: a missing endpoint (an unset env variable in a plain-JS app) means this site, never a throw.
  const base = `${o.endpoint ?? ''}`.replace(/\/+$/, '');
  const isStatic = /\.json([?#].*)?$/i.test(base);
  const doFetch = o.fetch ?? globalThis.fetch?.bind(globalThis);
  const s: ClientState = {
    o,
    isStatic,
    url: isStatic ? base : `${base}/v1/config/${encodeURIComponent(o.site)}`,
    cacheKey: `nudge_config:${o.site}`,
    current: null,
    // A missing publishedAt makes its comparison false (undefined > n), so only the version can order it.
    newer: (config, cur = s.current) => !cur || config.version > cur.version || config.publishedAt! > cur.publishedAt!,
    apply(config, source) {
      if (!s.newer(config)) return false;
      s.current = config;
      try {
        o.onConfig(config, source);
      } catch {}
      return true;
    },
    request() {
      if (!doFetch || s.closed) return;
      // Static files: the browser revalidates with its own ETag (a custom header would force a CORS preflight).
      return doFetch(
        s.url,
        isStatic || !s.etag ? { cache: 'no-cache' } : { headers: { 'If-None-Match': s.etag }, cache: 'no-store' },
      );
    },
    load: o.loadValidator ?? (() => import('./validator.js')),
  };

  // Start-up: the cache holds only documents that passed validation, so it is applied synchronously, without zod.
  try {
    const cached = JSON.parse(o.storage?.get(s.cacheKey) || 'null') as { etag?: string; config: NudgeConfig } | null;
    const c = cached?.config;
    if (c && c.schema === 1 && c.site === o.site && Array.isArray(c.widgets) && Array.isArray(c.experiments)) {
      s.etag = cached.etag;
      s.apply(c, 'cache');
    }
  } catch {}

  // The request leaves in the next task, and the live stream and reconnects load alongside it as a small chunk. The
  // validator is a chunk of its own, loaded only for a document newer than the one in force (at once on a first visit).
  // Not in this task: starting a request costs the main thread 3-12 ms on a 4x slower CPU, and this one already reads
  // the cache and applies it (segments, assignment); the script tag's start made one 48-83 ms task of them.
  // A chunk that does not load, or a start that throws, leaves the cached config in force and nothing unhandled.
  const remote: Promise<Remote | undefined> = new Promise((r) => setTimeout(r))
    .then(() => {
      let first: Promise<Response> | undefined;
      try {
        first = s.request();
        first?.catch(() => {});
      } catch {}
      // First visit (nothing cached): a 200 must be validated before anything shows, so the validator loads now too.
      if (!s.current) (s.v = s.load()).catch(() => {});
      return import('./remote.js').then((m) => m.startRemote(s, first));
    })
    .catch(() => undefined);

  return {
    refresh: () => remote.then((r) => r?.refresh()),
    close() {
      s.closed = true;
      void remote.then((r) => r?.close());
    },
    current: () => s.current,
  };
}
