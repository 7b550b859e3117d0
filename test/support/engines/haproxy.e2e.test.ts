// The haproxy starter over two stand-in backends: round robin, /readyz checks take a draining one out, stop by PID.
import { createServer, type Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { haproxyMissing, startHaproxy, type HaproxyEngine } from './haproxy.js';

interface Backend {
  url: string;
  ready: boolean;
  forwardedFor: (string | undefined)[];
  server: Server;
}

/** An HTTP server that names itself on every path and answers /readyz as told. */
async function backend(name: string): Promise<Backend> {
  const b = { ready: true, forwardedFor: [] as (string | undefined)[] } as Backend;
  b.server = createServer((req, res) => {
    if (req.url === '/readyz') return res.writeHead(b.ready ? 200 : 503).end();
    b.forwardedFor.push(req.headers['x-forwarded-for'] as string | undefined);
    res.end(name);
  });
  await new Promise<void>((ok) => b.server.listen(0, '127.0.0.1', ok));
  b.url = `http://127.0.0.1:${(b.server.address() as { port: number }).port}`;
  return b;
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = async (lb: HaproxyEngine, n: number) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await (await fetch(`${lb.url}/who`)).text());
  return out;
};

it.skipIf(haproxyMissing())(
  'balances over the ready backends, checks /readyz, stops by its PID',
  async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    cleanup.push(
      () => new Promise((ok) => a.server.close(ok)),
      () => new Promise((ok) => b.server.close(ok)),
    );
    const lb = await startHaproxy({ backends: [a.url, b.url], checkEveryMs: 200 });
    cleanup.push(() => lb.stop());
    // bounded: the first checks pass within a few intervals
    let seen: string[] = [];
    for (let i = 0; i < 50 && new Set(seen).size < 2; i++) seen = await names(lb, 4);
    expect(new Set(seen)).toEqual(new Set(['a', 'b']));
    expect(a.forwardedFor.at(-1)).toBe('127.0.0.1');

    b.ready = false; // draining: two missed checks take it out
    let only: string[] = [];
    for (let i = 0; i < 50 && !(only.length && only.every((n) => n === 'a')); i++) {
      await sleep(100);
      only = await names(lb, 4);
    }
    expect(only).toEqual(['a', 'a', 'a', 'a']);

    const pid = lb.pid;
    await lb.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  },
  60_000,
);
