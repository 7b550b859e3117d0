// Remote config client: last good document from storage at once, then ETag fetch, live SSE push, refresh on return.
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
  /** A document was refused (it never replaces the config in force). */
  onInvalid?(issues: ConfigIssue[], source: ConfigSource): void;
  /** Live push through server-sent events (default true for a Nudge server endpoint). */
  live?: boolean;
  /** Close the stream after the tab has been hidden this long (default 60 s); refresh on return. */
  hiddenCloseMs?: number;
  /** Validator; default loads zod/mini lazily. */
  validate?: (json: unknown) => Promise<ParseConfigResult>;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

export interface ConfigClient {
  /** Fetch now (conditional on the ETag). Never rejects. */
  refresh(): Promise<void>;
  close(): void;
  current(): NudgeConfig | null;
}

interface CacheEntry { etag?: string; config: NudgeConfig }

const defaultValidate = (json: unknown) => import('./validate.js').then((m) => m.parseConfig(json));

/** Backoff for stream reconnects: 1 s doubling to 60 s, with jitter so a server restart is not stampeded. */
export const reconnectDelay = (attempt: number, random = Math.random) => Math.min(60_000, 1000 * 2 ** attempt) * (0.5 + random() / 2);

/* @__NO_SIDE_EFFECTS__ */
export function createConfigClient(options: ConfigClientOptions): ConfigClient {
  const o = options;
  const base = o.endpoint.replace(/\/+$/, '');
  const isStatic = /\.json([?#].*)?$/i.test(base);
  const url = isStatic ? base : `${base}/v1/config/${encodeURIComponent(o.site)}`;
  const cacheKey = `nudge_config:${o.site}`;
  const doFetch = o.fetch ?? (typeof fetch === 'function' ? fetch.bind(globalThis) : undefined);
  const ES = o.EventSource ?? (typeof EventSource === 'function' ? EventSource : undefined);
  const doc = typeof document === 'object' ? document : undefined;
  const validate = o.validate ?? defaultValidate;

  let current: NudgeConfig | null = null;
  let etag: string | undefined;
  let stream: EventSource | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let inflight: Promise<void> | undefined;

  /** Newer versions only, so a slow response or a stale CDN copy never rolls back a pushed config. */
  const apply = (config: NudgeConfig, source: ConfigSource): boolean => {
    if (config.site !== o.site) {
      o.onInvalid?.([{ path: 'site', message: `document is for site "${config.site}", not "${o.site}"` }], source);
      return false;
    }
    if (current && config.version <= current.version) return false;
    current = config;
    try {
      o.onConfig(config, source);
    } catch {}
    return true;
  };

  const accept = async (json: unknown, source: ConfigSource, tag?: string) => {
    const result = await validate(json);
    if (!result.ok) return o.onInvalid?.(result.issues, source);
    if (apply(result.config, source) && o.storage) {
      if (source !== 'stream') etag = tag;
      o.storage.set(cacheKey, JSON.stringify({ etag, config: result.config } satisfies CacheEntry));
    }
  };

  // Start-up: the cached document was validated before it was stored; apply it synchronously so nothing flickers.
  try {
    const cached = JSON.parse(o.storage?.get(cacheKey) || 'null') as CacheEntry | null;
    const c = cached?.config;
    if (c && c.schema === 1 && c.site === o.site && Array.isArray(c.widgets) && Array.isArray(c.experiments)) {
      etag = cached.etag;
      apply(c, 'cache');
    }
  } catch {}

  function refresh(): Promise<void> {
    if (!doFetch || closed) return Promise.resolve();
    return (inflight ??= (async () => {
      try {
        // Static files: let the browser revalidate with its own ETag (a custom header would force a CORS preflight).
        const res = await doFetch(url, isStatic || !etag ? { cache: 'no-cache' } : { headers: { 'If-None-Match': etag }, cache: 'no-store' });
        if (res.status === 304 || !res.ok) return;
        const text = await res.text();
        await accept(text, 'network', res.headers.get('ETag') ?? undefined);
      } catch {
        // Offline or blocked: the config in force stays; the next return or reconnect tries again.
      } finally {
        inflight = undefined;
      }
    })());
  }

  function connect() {
    if (!ES || closed || stream || isStatic || o.live === false) return;
    let s: EventSource;
    try {
      s = stream = new ES(`${url}/stream`);
    } catch {
      return;
    }
    let opened = false;
    s.addEventListener('open', () => {
      // After a drop, publishes may have been missed: catch up with a conditional fetch.
      if (attempt > 0 || opened) void refresh();
      opened = true;
      attempt = 0;
    });
    s.addEventListener('config', (e) => void accept((e as MessageEvent<string>).data, 'stream').catch(() => {}));
    s.addEventListener('error', () => {
      // EventSource retries by itself unless the server refused the stream (CLOSED); then we back off ourselves.
      if (s.readyState !== 2 || stream !== s) return;
      stream = undefined;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, reconnectDelay(attempt++));
    });
  }

  function disconnect() {
    clearTimeout(retryTimer);
    stream?.close();
    stream = undefined;
  }

  const onVisibility = () => {
    if (doc?.visibilityState === 'hidden') {
      clearTimeout(hiddenTimer);
      hiddenTimer = setTimeout(disconnect, o.hiddenCloseMs ?? 60_000);
    } else {
      clearTimeout(hiddenTimer);
      if (!stream && !closed) {
        void refresh();
        connect();
      }
    }
  };

  if (o.initial !== undefined) void accept(o.initial, 'inline').catch(() => {});
  void refresh();
  connect();
  doc?.addEventListener('visibilitychange', onVisibility);

  return {
    refresh,
    close() {
      closed = true;
      disconnect();
      clearTimeout(hiddenTimer);
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
    current: () => current,
  };
}
