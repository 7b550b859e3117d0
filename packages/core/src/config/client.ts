// Remote config client, eager half: last good document from storage at once, and the first fetch on its way.
import type { ClientState, ConfigClient, ConfigClientOptions } from './client-types.js';
import type { NudgeConfig } from './schema.js';
import { nextTask } from '../next-task.js';
import { readJSON } from '../storage/storage.js';
import { shaped } from './shape.js';

export type { ConfigClient, ConfigClientOptions, ConfigSource } from './client-types.js';

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
    const cached = readJSON(o.storage?.get(s.cacheKey)) as { etag?: string; config: NudgeConfig } | undefined;
    const c = cached?.config;
    if (shaped(c, o.site)) {
      s.etag = cached!.etag;
      s.apply(c, 'cache');
    }
  } catch {}

  // The request leaves in the next task, and the live stream and reconnects load alongside it as a small chunk. The
  // validator is a chunk of its own, loaded only for a document newer than the one in force (at once on a first visit).
  // Not in this task: starting a request costs the main thread 3-12 ms on a 4x slower CPU, and this one already reads
  // the cache and applies it (segments, assignment); the script tag's start made one 48-83 ms task of them.
  // A chunk that does not load, or a start that throws, leaves the cached config in force and nothing unhandled.
  const remote: Promise<Remote | undefined> = nextTask()
    .then(() => {
      let first: Promise<Response> | undefined;
      try {
        first = s.request();
        first?.catch(() => {});
      } catch {}
      // First visit from a static file (nothing cached): its 200 must be validated before anything shows, so the
      // validator loads now too. A Nudge server's answer says it was checked at publish (remote.ts): no validator.
      if (!s.current && isStatic) (s.v = s.load()).catch(() => {});
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
