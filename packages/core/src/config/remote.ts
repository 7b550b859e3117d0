// Remote config client, lazy half: conditional fetches, live SSE push with backoff, refresh on return. No zod here:
// the validator is its own chunk, loaded only when a document newer than the one in force arrives and no Nudge server
// has vouched for it.
import type { ClientState, ConfigSource } from './client-types.js';
import type { ConfigIssue, ParseConfigResult } from './parse.js';
import type { NudgeConfig } from './schema.js';
import { nextTask } from '../next-task.js';
import { shaped } from './shape.js';

/** The Nudge server's mark on a document that passed the config schema at publish (server routes/config.ts). */
export const CHECKED_HEADER = 'Nudge-Config-Checked';

/** Backoff for stream reconnects: 1 s doubling to 60 s, with jitter so a server restart is not stampeded. */
export const reconnectDelay = (attempt: number, random = Math.random) =>
  Math.min(60_000, 1000 * 2 ** attempt) * (0.5 + random() / 2);

export function startRemote(s: ClientState, first: Promise<Response> | undefined) {
  const o = s.o;
  const ES = o.EventSource ?? (typeof EventSource === 'function' ? EventSource : undefined);
  const doc = typeof document === 'object' ? document : undefined;
  let stream: EventSource | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | undefined;
  let warned = 0;

  // Only a document the validator checked is refused (a vouched-for one passed the shape check, site included), so
  // the validator's chunk is loaded by then and holds the message's text.
  const refuse = async (issues: ConfigIssue[], source: ConfigSource) =>
    o.onInvalid?.(issues, source, (await s.v!).refusalMessage(issues, source));

  const accept = async (json: unknown, source: ConfigSource, tag?: string) => {
    let value = json;
    try {
      if (typeof json === 'string') value = JSON.parse(json);
    } catch {
      // Not JSON: the validator reports it like any other refusal.
    }
    // The stream's greeting, a static file the browser revalidated, an inline copy: a document that is not newer
    // than the one in force would not be applied anyway, so it is not worth loading the validator for.
    const head = value as NudgeConfig | null;
    const cur = s.current;
    if (
      cur &&
      typeof head === 'object' &&
      head?.site === cur.site &&
      typeof head.version === 'number' &&
      !s.newer(head)
    )
      return;
    // A Nudge server validated its documents with the same schema when they were published, and says so on its
    // answers (its stream is vouched for by its first answer, awaited here): zod again cost ~50 ms on a 4x slower CPU.
    // Only its shape is checked, as for the cache. A static file, an inline copy or a server that does not say so
    // (another service behind the endpoint) is validated; so is a marked document that fails the shape check.
    if (source === 'stream') await inflight;
    let result: ParseConfigResult;
    // (An inline copy is accepted before any answer has come, so it is never taken as checked.)
    if (s.checked && !s.isStatic && shaped(head, o.site)) result = { ok: true, config: head };
    else {
      // One load per page; a failed load (offline) is tried again with the next document.
      const validator = await (s.v ??= s.load()).catch((error: unknown) => {
        s.v = undefined;
        throw error;
      });
      result = await validator.parseFor(value, o.site);
      // Validating (zod) and applying (segments, assignment, then the widgets it turns on) are each a task's worth of
      // work on a slow phone: the document is applied in a task of its own, so neither makes one long task with the other.
      await nextTask();
    }
    if (!result.ok) return refuse(result.issues, source);
    if (s.apply(result.config, source) && o.storage) {
      if (source !== 'stream') s.etag = tag;
      o.storage.set(s.cacheKey, JSON.stringify({ etag: s.etag, config: result.config }));
    }
  };

  const receive = async (response: Promise<Response> | undefined) => {
    try {
      const res = await response;
      // An origin the site does not allow: the server's message names it and where to allow it (it may be read).
      // Once per page, though a return to the tab asks again.
      if (res?.status === 403 && !warned++) console.warn('[nudge]', (await res.json()).message);
      s.checked = res?.headers.get(CHECKED_HEADER) == '1';
      if (!res || res.status === 304 || !res.ok) return;
      await accept(await res.text(), 'network', res.headers.get('ETag') ?? undefined);
    } catch {
      // Offline or blocked: the config in force stays; the next return or reconnect tries again.
    }
  };

  const refresh = (): Promise<void> => (inflight ??= receive(s.request()).finally(() => (inflight = undefined)));

  function connect() {
    if (!ES || s.closed || stream || s.isStatic || o.live === false) return;
    let es: EventSource;
    try {
      es = stream = new ES(`${s.url}/stream`);
    } catch {
      return;
    }
    let opened = false;
    es.addEventListener('open', () => {
      // After a drop, publishes may have been missed: catch up with a conditional fetch.
      if (attempt > 0 || opened) void refresh();
      opened = true;
      attempt = 0;
    });
    es.addEventListener('config', (e) => void accept((e as MessageEvent<string>).data, 'stream').catch(() => {}));
    es.addEventListener('error', () => {
      // EventSource retries by itself unless the server refused the stream (CLOSED); then we back off ourselves.
      if (es.readyState !== 2 || stream !== es) return;
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
    clearTimeout(hiddenTimer);
    if (doc?.visibilityState === 'hidden') hiddenTimer = setTimeout(disconnect, o.hiddenCloseMs ?? 60_000);
    else if (!stream && !s.closed) {
      void refresh();
      connect();
    }
  };

  if (o.initial !== undefined) void accept(o.initial, 'inline').catch(() => {});
  // The stream's documents wait for this first answer (inflight), which says whether the server vouches for them.
  inflight = receive(first).finally(() => (inflight = undefined));
  connect();
  if (!s.closed) doc?.addEventListener('visibilitychange', onVisibility);

  return {
    refresh,
    close() {
      s.closed = true;
      disconnect();
      clearTimeout(hiddenTimer);
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
