// The public config: GET with ETag and CORS, and its SSE stream.
import { describe, expect, it } from 'vitest';
import { ORIGIN, admin, s, useServer } from './test-server.js';

useServer();

describe('GET /v1/config/:site', () => {
  it('serves ETag, short cache with stale-while-revalidate, 304 on If-None-Match', async () => {
    const r = await fetch(`${s.url}/v1/config/shop`);
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(r.headers.get('cache-control')).toMatch(/max-age=\d+.*stale-while-revalidate=\d+/);
    const again = await fetch(`${s.url}/v1/config/shop`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${s.url}/v1/config/nope`)).status).toBe(404);
  });

  it('allows only the site origins', async () => {
    const ok = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const no = await fetch(`${s.url}/v1/config/shop`, { headers: { origin: 'http://evil.test' } });
    expect(no.status).toBe(403);
    expect(await no.json()).toMatchObject({ error: 'origin_not_allowed' });
  });
});

describe('SSE /v1/config/:site/stream', () => {
  it('sends the document on connect, every publish (time printed), and heartbeats', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/v1/config/shop/stream`, { headers: { origin: ORIGIN }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const reader = res.body!.getReader();
    let buf = '';
    const next = async (event: string) => {
      for (;;) {
        const i = buf.indexOf('\n\n');
        if (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          if (ev === event)
            return block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += new TextDecoder().decode(value);
      }
    };
    const first = JSON.parse(await next('config'));
    const t0 = performance.now();
    const pub = await admin.post('/sites/shop/config', {
      config: { ...first, widgets: [{ id: 'bar', type: 'buy-bar', props: { color: 'teal' } }] },
    });
    const pushed = JSON.parse(await next('config'));
    const ms = performance.now() - t0;
    console.log(`SSE publish -> open stream: ${ms.toFixed(1)} ms`);
    expect(pushed.version).toBe(pub.body.version);
    expect(Number(await next('heartbeat'))).toBeGreaterThan(0);
    ctrl.abort();
  });
});
