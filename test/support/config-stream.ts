// An open `GET /v1/config/:site/stream` read as a test would: each `next()` is the next `config` event's document.

export interface ConfigStream {
  /** The next `config` event's document; rejects when the stream ends or `timeoutMs` (default 10 s) passes first. */
  next(timeoutMs?: number): Promise<{ version: number; [k: string]: unknown }>;
  close(): void;
}

export async function openStream(base: string, site: string): Promise<ConfigStream> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/v1/config/${site}/stream`, { signal: ctrl.signal });
  if (res.status !== 200) throw new Error(`stream ${base}/v1/config/${site}/stream answered ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const read = async (): Promise<{ version: number; [k: string]: unknown }> => {
    for (;;) {
      const i = buf.indexOf('\n\n');
      if (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/^event: config$/m.test(block))
          return JSON.parse(
            block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n'),
          );
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buf += decoder.decode(value, { stream: true });
    }
  };
  return {
    // bounded, so a push that never comes fails the test instead of hanging it
    async next(timeoutMs = 10_000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no config event within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([read(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => ctrl.abort(),
  };
}
