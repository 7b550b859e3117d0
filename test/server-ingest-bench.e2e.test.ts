// Ingest benchmark: the server runs as its own process (the CLI), this process posts batched events for a bounded
// time and prints events/s and request latency. Prints numbers only; correctness (stored == acknowledged) is checked.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';

const BIN = fileURLToPath(new URL('../packages/server/bin/nudge-server.mjs', import.meta.url));
const SECONDS = 5;
const CONCURRENCY = 8;
const BATCH = 250;

it(`ingest: batches of ${BATCH} from ${CONCURRENCY} connections for ${SECONDS} s`, async () => {
  const data = mkdtempSync(join(tmpdir(), 'nudge-bench-'));
  const child = spawn(
    process.execPath,
    [BIN, '--port', '0', '--data', data, '--seed-demo', '--rate-site', '1000000', '--rate-address', '1000000'],
    {
      env: { ...process.env, NUDGE_ADMIN_TOKEN: 'bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((ok) => child.on('exit', ok));
  try {
    const url = await new Promise<URL>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(out)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok(new URL(m[1]!));
        }
      });
    });
    // Bodies are prepared up front so the measurement is the server's, not this process building JSON.
    const bodies: string[] = [];
    for (let b = 0; b < 1000; b++) {
      bodies.push(
        JSON.stringify({
          site: 'demo',
          sentAt: Date.now(),
          events: Array.from({ length: BATCH }, (_, i) =>
            envelope(
              i % 5 ? 'page_view' : 'view_item',
              i % 5 ? {} : { currency: 'USD', value: 10, items: [{ item_id: 'p' }] },
              { anonymousId: `b${b}-${i % 50}`, experiments: { 'buy-bar-color': i % 2 ? 'red' : 'blue' } },
            ),
          ),
        }),
      );
    }
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (body: string) =>
      new Promise<{ status: number; accepted: number }>((ok, fail) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: '/v1/events',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () =>
              ok({ status: res.statusCode ?? 0, accepted: (JSON.parse(text) as { accepted?: number }).accepted ?? 0 }),
            );
          },
        );
        req.on('error', fail);
        req.end(body);
      });
    await post(bodies[0]!); // warm-up: JIT, first appender flush
    let next = 1;
    let acked = 0;
    let failed = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline && next < bodies.length) {
          const body = bodies[next++]!;
          const t = performance.now();
          const r = await post(body);
          latencies.push(performance.now() - t);
          if (r.status === 200) acked += r.accepted;
          else failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    // The stats read writes whatever is still queued first: with acknowledgements that wait for the write (group
    // commit) that is nothing; when acknowledging ran ahead of writing, it is the backlog, so the stored rate counts it.
    const stats = (await (
      await fetch(`${url.origin}/v1/admin/sites/demo/stats`, { headers: { authorization: 'Bearer bench' } })
    ).json()) as { events: number };
    const storedAfter = (performance.now() - started) / 1000;
    console.log(
      `ingest: ${Math.round(acked / seconds)} events/s (${acked} events in ${seconds.toFixed(1)} s, ${latencies.length} requests of ${BATCH}, ` +
        `${CONCURRENCY} connections); request latency p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms; ` +
        `all stored ${storedAfter.toFixed(1)} s after the start (${Math.round(acked / storedAfter)} events/s stored)`,
    );
    expect(failed).toBe(0);
    expect(stats.events).toBe(acked + BATCH);
    agent.destroy();
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}, 90_000);
