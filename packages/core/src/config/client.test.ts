// Config client: cache first, ETag refresh, stream push with backoff, refusal of bad documents, no rollback.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConfigClient, type ConfigSource } from './client.js';
import { reconnectDelay } from './remote.js';
import type { NudgeConfig } from './schema.js';

const doc = (version: number, label = 'Buy', publishedAt?: number): NudgeConfig => ({
  schema: 1,
  site: 'demo',
  version,
  ...(publishedAt === undefined ? {} : { publishedAt }),
  widgets: [{ id: 'bar', type: 'buy-bar', props: { label } }],
  experiments: [],
});
const TODAY = Date.UTC(2026, 10, 21, 12);
const YESTERDAY = TODAY - 86_400_000;
const kv = () => {
  const m = new Map<string, string>();
  return { get: (k: string) => m.get(k) ?? null, set: (k: string, v: string) => (m.set(k, v), true), m };
};
/** The default validator chunk, loaded through a counter: the tests see when (and whether) zod is fetched. */
const validator = { loads: 0 };
const loadValidator = () => {
  validator.loads++;
  return import('./validator.js');
};

class FakeES {
  static last: FakeES | undefined;
  static count = 0;
  readyState = 0;
  listeners = new Map<string, ((e: unknown) => void)[]>();
  constructor(public url: string) {
    FakeES.last = this;
    FakeES.count++;
  }
  addEventListener(t: string, f: (e: unknown) => void) {
    this.listeners.set(t, [...(this.listeners.get(t) ?? []), f]);
  }
  emit(t: string, e: unknown = {}) {
    for (const f of this.listeners.get(t) ?? []) f(e);
  }
  close() {
    this.readyState = 2;
  }
}

function responder(sequence: (() => Response)[]) {
  const calls: RequestInit[] = [];
  const f = vi.fn(async (_url: string, init: RequestInit) => {
    calls.push(init);
    return (sequence.shift() ?? (() => new Response(null, { status: 304 })))();
  });
  return { f: f as unknown as typeof fetch, calls, mock: f };
}
const json = (body: unknown, etag: string) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: { ETag: etag } });
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createConfigClient', () => {
  it('applies the cached document synchronously, then fetches with If-None-Match', async () => {
    const storage = kv();
    storage.set('nudge_config:demo', JSON.stringify({ etag: '"v3"', config: doc(3) }));
    const seen: [number, ConfigSource][] = [];
    const net = responder([]);
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example/',
      storage,
      loadValidator,
      fetch: net.f,
      onConfig: (c, s) => seen.push([c.version, s]),
    });
    expect(seen).toEqual([[3, 'cache']]);
    await client.refresh();
    expect(net.mock.mock.calls[0]?.[0]).toBe('https://api.example/v1/config/demo');
    expect(net.calls[0]?.headers).toEqual({ 'If-None-Match': '"v3"' });
    expect(seen).toEqual([[3, 'cache']]);
    client.close();
  });

  it('a returning visitor with an unchanged config never loads the validator (cache, 304, stream greeting)', async () => {
    const storage = kv();
    storage.set('nudge_config:demo', JSON.stringify({ etag: '"v3"', config: doc(3) }));
    const seen: [number, ConfigSource][] = [];
    const net = responder([() => new Response(null, { status: 304 })]);
    const loads = validator.loads;
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      storage,
      loadValidator,
      fetch: net.f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: (c, s) => seen.push([c.version, s]),
    });
    await client.refresh();
    // The server greets every new stream with the document in force: same version, nothing to validate.
    FakeES.last!.emit('open');
    FakeES.last!.emit('config', { data: JSON.stringify(doc(3)) });
    await tick();
    expect(validator.loads).toBe(loads);
    expect(seen).toEqual([[3, 'cache']]);
    // A publish is a new document: now the validator loads, once, and the result is stored.
    FakeES.last!.emit('config', { data: JSON.stringify(doc(4)) });
    // (The first validator load imports zod: on a loaded machine it took over waitFor's default second.)
    await vi.waitFor(
      () =>
        expect(seen).toEqual([
          [3, 'cache'],
          [4, 'stream'],
        ]),
      { timeout: 10_000 },
    );
    FakeES.last!.emit('config', { data: JSON.stringify(doc(5)) });
    await vi.waitFor(() => expect(seen.length).toBe(3), { timeout: 10_000 });
    expect(validator.loads).toBe(loads + 1);
    expect(JSON.parse(storage.get('nudge_config:demo')!).config.version).toBe(5);
    client.close();
  });

  it('a first visit from a static file loads the validator alongside the request, once, and stores the document only once it passed', async () => {
    const storage = kv();
    const loads = validator.loads;
    const net = responder([json(doc(2), '"v2"')]);
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://cdn.example/demo.json',
      storage,
      loadValidator,
      fetch: net.f,
      onConfig: () => {},
    });
    // Nothing is requested in the task that created the client (it reads the cache and applies it)...
    expect([net.mock.mock.calls.length, validator.loads]).toEqual([0, loads]);
    await new Promise((r) => setTimeout(r));
    // ...the next task requests the config and the validator side by side, not the validator after the answer.
    expect([net.mock.mock.calls.length, validator.loads]).toEqual([1, loads + 1]);
    await client.refresh();
    expect(validator.loads).toBe(loads + 1);
    expect(client.current()?.version).toBe(2);
    expect(JSON.parse(storage.get('nudge_config:demo')!)).toMatchObject({ etag: '"v2"', config: { version: 2 } });
    client.close();
  });

  it("skips the validator for a Nudge server's documents it marks as checked at publish, and for its stream", async () => {
    const storage = kv();
    const loads = validator.loads;
    const marked = () =>
      new Response(JSON.stringify(doc(2)), { status: 200, headers: { 'Nudge-Config-Checked': '1', ETag: '"v2"' } });
    const net = responder([marked]);
    const seen: [number, ConfigSource][] = [];
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      storage,
      loadValidator,
      fetch: net.f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: (c, src) => seen.push([c.version, src]),
    });
    await client.refresh();
    FakeES.last!.emit('config', { data: JSON.stringify(doc(3)) });
    await vi.waitFor(() =>
      expect(seen).toEqual([
        [2, 'network'],
        [3, 'stream'],
      ]),
    );
    expect(validator.loads).toBe(loads);
    expect(JSON.parse(storage.get('nudge_config:demo')!)).toMatchObject({ config: { version: 3 } });
    // A marked document that is not even shaped like a config still goes through the validator, and is refused.
    const issues: string[] = [];
    client.close();
    const bad = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: responder([
        () => new Response('{"schema":1,"site":"demo","version":2}', { headers: { 'Nudge-Config-Checked': '1' } }),
      ]).f,
      onConfig: () => {},
      onInvalid: (i) => issues.push(...i.map((x) => x.path)),
    });
    await bad.refresh();
    await vi.waitFor(() => expect(issues).toContain('widgets'));
    expect(validator.loads).toBe(loads + 1);
    bad.close();
  });

  it('validates the documents of a server that does not mark them, pushed ones too', async () => {
    const loads = validator.loads;
    const issues: string[] = [];
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: responder([json(doc(2), '"v2"')]).f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: () => {},
      onInvalid: (i) => issues.push(...i.map((x) => x.path)),
    });
    await client.refresh();
    expect(validator.loads).toBe(loads + 1);
    expect(client.current()?.version).toBe(2);
    FakeES.last!.emit('config', { data: JSON.stringify({ ...doc(3), widgets: [{ id: 'bar', type: 'nope' }] }) });
    await vi.waitFor(() => expect(issues).toEqual(['widgets.0.type']));
    expect(client.current()?.version).toBe(2);
    client.close();
  });

  it('stores a new document with its ETag and never rolls back to an older version', async () => {
    const storage = kv();
    const seen: number[] = [];
    const net = responder([json(doc(5), '"v5"'), json(doc(4), '"v4"')]);
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      storage,
      loadValidator,
      fetch: net.f,
      onConfig: (c) => seen.push(c.version),
    });
    await client.refresh();
    await client.refresh();
    expect(seen).toEqual([5]);
    expect(JSON.parse(storage.get('nudge_config:demo')!)).toMatchObject({ etag: '"v5"', config: { version: 5 } });
    client.close();
  });

  it('refuses an invalid document whole, with field paths, and keeps the last good one', async () => {
    const storage = kv();
    storage.set('nudge_config:demo', JSON.stringify({ etag: '"v1"', config: doc(1) }));
    const bad = { ...doc(2), widgets: [{ id: 'bar', type: 'buy-bar', props: { color: 'url(javascript:x)' } }] };
    const issues: string[] = [];
    const net = responder([json(bad, '"v2"')]);
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      storage,
      loadValidator,
      fetch: net.f,
      onConfig: () => {},
      onInvalid: (i) => issues.push(...i.map((x) => x.path)),
    });
    await client.refresh();
    expect(issues).toEqual(['widgets.0.props.color']);
    expect(client.current()?.version).toBe(1);
    expect(JSON.parse(storage.get('nudge_config:demo')!).config.version).toBe(1);
    client.close();
  });

  it('refuses a document for another site', async () => {
    const issues: string[] = [];
    const net = responder([json({ ...doc(9), site: 'other' }, '"x"')]);
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: net.f,
      onConfig: () => {},
      onInvalid: (i) => issues.push(i[0]!.path),
    });
    await client.refresh();
    expect(issues).toEqual(['site']);
    client.close();
  });

  it('works with a static JSON URL: no custom header, no stream', async () => {
    const net = responder([json(doc(1), '"s1"')]);
    FakeES.count = 0;
    const seen: number[] = [];
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://cdn.example/nudge/demo.json',
      loadValidator,
      fetch: net.f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: (c) => seen.push(c.version),
    });
    await client.refresh();
    expect(net.mock.mock.calls[0]?.[0]).toBe('https://cdn.example/nudge/demo.json');
    expect(net.calls[0]).toEqual({ cache: 'no-cache' });
    expect(FakeES.count).toBe(0);
    expect(seen).toEqual([1]);
    client.close();
  });

  it('applies pushed documents and reconnects with backoff when the stream is refused', async () => {
    vi.useFakeTimers();
    const seen: [number, ConfigSource][] = [];
    const net = responder([]);
    FakeES.count = 0;
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: net.f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: (c, s) => seen.push([c.version, s]),
    });
    await vi.advanceTimersByTimeAsync(0); // requests start in the task after the client's
    await client.refresh(); // the stream opens once the lazy remote half has loaded
    const first = FakeES.last!;
    expect(first.url).toBe('https://api.example/v1/config/demo/stream');
    first.emit('open');
    first.emit('config', { data: JSON.stringify(doc(2)) });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([[2, 'stream']]);
    first.readyState = 2;
    first.emit('error');
    expect(FakeES.count).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeES.count).toBe(2);
    FakeES.last!.readyState = 2;
    FakeES.last!.emit('error');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeES.count).toBe(2); // second wait is 1-2 s
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeES.count).toBe(3);
    client.close();
  });

  it('a pushed invalid document is refused and a broken push does not throw', async () => {
    const issues: string[] = [];
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: responder([]).f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: () => {},
      onInvalid: (i) => issues.push(...i.map((x) => x.path || '(root)')),
    });
    await client.refresh();
    FakeES.last!.emit('config', { data: '{"schema":1,' });
    FakeES.last!.emit('config', { data: JSON.stringify({ ...doc(3), version: -1 }) });
    await vi.waitFor(() => expect(issues).toEqual(['(root)', 'version']));
    expect(client.current()).toBeNull();
    client.close();
  });

  it('backoff doubles to a 60 s ceiling with jitter', () => {
    expect(reconnectDelay(0, () => 1)).toBe(1000);
    expect(reconnectDelay(3, () => 1)).toBe(8000);
    expect(reconnectDelay(20, () => 1)).toBe(60_000);
    expect(reconnectDelay(2, () => 0)).toBe(2000);
  });

  it('closes the stream after the tab is hidden a while, and refetches and reopens on return', async () => {
    vi.useFakeTimers();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('document', doc);
    const net = responder([]);
    FakeES.count = 0;
    const client = createConfigClient({
      site: 'demo',
      endpoint: 'https://api.example',
      loadValidator,
      fetch: net.f,
      EventSource: FakeES as unknown as typeof EventSource,
      onConfig: () => {},
      hiddenCloseMs: 30_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    await client.refresh();
    const first = FakeES.last!;
    const fetchesBefore = net.mock.mock.calls.length;
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(first.readyState).not.toBe(2); // a short switch away keeps the stream
    await vi.advanceTimersByTimeAsync(2_000);
    expect(first.readyState).toBe(2);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeES.count).toBe(2);
    expect(net.mock.mock.calls.length).toBe(fetchesBefore + 1);
    client.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeES.last!.readyState).toBe(2);
  });

  describe('a reset server (versions restart, publishedAt later)', () => {
    const cachedV9 = (publishedAt: number | null = YESTERDAY) => {
      const storage = kv();
      storage.set(
        'nudge_config:demo',
        JSON.stringify({ etag: '"demo-v9-old"', config: doc(9, 'Old', publishedAt ?? undefined) }),
      );
      return storage;
    };

    it('replaces a cached v9 published yesterday with a v2 published today from the network, and stores it', async () => {
      const storage = cachedV9();
      const seen: [number, ConfigSource][] = [];
      const net = responder([json(doc(2, 'New', TODAY), '"demo-v2-new"')]);
      const client = createConfigClient({
        site: 'demo',
        endpoint: 'https://api.example',
        storage,
        loadValidator,
        fetch: net.f,
        onConfig: (c, s) => seen.push([c.version, s]),
      });
      await client.refresh();
      expect(net.calls[0]?.headers).toEqual({ 'If-None-Match': '"demo-v9-old"' });
      expect(seen).toEqual([
        [9, 'cache'],
        [2, 'network'],
      ]);
      expect(JSON.parse(storage.get('nudge_config:demo')!)).toEqual({
        etag: '"demo-v2-new"',
        config: doc(2, 'New', TODAY),
      });
      client.close();
    });

    it('replaces it from the stream too (a stale v8 of the old server is refused), and later pushes keep coming', async () => {
      const storage = cachedV9();
      const seen: [number, string, ConfigSource][] = [];
      const loads = validator.loads;
      const client = createConfigClient({
        site: 'demo',
        endpoint: 'https://api.example',
        storage,
        loadValidator,
        fetch: responder([]).f,
        EventSource: FakeES as unknown as typeof EventSource,
        onConfig: (c, s) => seen.push([c.version, (c.widgets[0]!.props as { label: string }).label, s]),
      });
      await client.refresh();
      FakeES.last!.emit('open');
      FakeES.last!.emit('config', { data: JSON.stringify(doc(8, 'Stale', YESTERDAY - 1000)) });
      await tick();
      expect(validator.loads).toBe(loads); // older by both: not even validated
      FakeES.last!.emit('config', { data: JSON.stringify(doc(2, 'New', TODAY)) });
      await vi.waitFor(() =>
        expect(seen).toEqual([
          [9, 'Old', 'cache'],
          [2, 'New', 'stream'],
        ]),
      );
      FakeES.last!.emit('config', { data: JSON.stringify(doc(2, 'New', TODAY)) }); // a reconnect's greeting: same document
      FakeES.last!.emit('config', { data: JSON.stringify(doc(3, 'Next', TODAY + 60_000)) });
      await vi.waitFor(() => expect(seen.length).toBe(3));
      await tick();
      expect(seen.slice(2)).toEqual([[3, 'Next', 'stream']]);
      expect(JSON.parse(storage.get('nudge_config:demo')!).config).toEqual(doc(3, 'Next', TODAY + 60_000));
      client.close();
    });

    it('still refuses a stale v8 published before the cached v9, without loading the validator', async () => {
      const storage = cachedV9();
      const seen: number[] = [];
      const loads = validator.loads;
      const net = responder([json(doc(8, 'Stale', YESTERDAY - 1000), '"cdn-v8"')]);
      const client = createConfigClient({
        site: 'demo',
        endpoint: 'https://api.example',
        storage,
        loadValidator,
        fetch: net.f,
        onConfig: (c) => seen.push(c.version),
      });
      await client.refresh();
      expect(seen).toEqual([9]);
      expect(validator.loads).toBe(loads);
      expect(JSON.parse(storage.get('nudge_config:demo')!)).toMatchObject({
        etag: '"demo-v9-old"',
        config: { version: 9 },
      });
      client.close();
    });

    it('orders by version alone unless both documents carry publishedAt', async () => {
      for (const [cached, incoming] of [
        [null, TODAY],
        [YESTERDAY, undefined],
      ] as const) {
        const seen: number[] = [];
        const net = responder([json(doc(2, 'New', incoming), '"v2"')]);
        const client = createConfigClient({
          site: 'demo',
          endpoint: 'https://api.example',
          storage: cachedV9(cached),
          loadValidator,
          fetch: net.f,
          onConfig: (c) => seen.push(c.version),
        });
        await client.refresh();
        expect(seen, `cached publishedAt ${cached}, incoming ${incoming}`).toEqual([9]);
        client.close();
      }
    });
  });
});
