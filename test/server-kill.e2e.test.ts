// kill -9 of nudge-server mid-load: after a restart on the same data folder, every acknowledged event id is stored.
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';
import { startServerProcess, storedIds } from './support/server-process.js';

const SENDERS = 8;
const BATCH = 50;
/** Per sender: the load is bounded even if the kill never comes. */
const MAX_BATCHES = 400;
/** The kill comes once this many events are acknowledged, so it lands mid-load. */
const KILL_AFTER = 10_000;
const running: ChildProcess[] = [];

function start(data: string) {
  const p = startServerProcess(data, { NUDGE_ADMIN_TOKEN: 'kill-token' });
  running.push(p.child);
  return p;
}

afterEach(() => {
  // By PID, each one this file started.
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

it('kill -9 mid-load: every acknowledged event id is stored after a restart on the same data folder', async () => {
  const data = mkdtempSync(join(tmpdir(), 'nudge-kill-'));
  const a = start(data);
  const url = await a.url;
  const acked = new Set<string>();
  const latencies: number[] = [];
  let refused = 0;
  let failed = 0;
  let killedAt = -1;
  const kill = () => {
    if (killedAt >= 0) return;
    killedAt = acked.size;
    a.child.kill('SIGKILL');
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, w) => {
      for (let b = 0; b < MAX_BATCHES && failed === 0; b++) {
        const events = Array.from({ length: BATCH }, (_, j) =>
          envelope('page_view', {}, { anonymousId: `k${w}-${b}-${j % 10}` }),
        );
        const t = performance.now();
        let answer: { status: number; accepted?: number } | undefined;
        try {
          const r = await fetch(`${url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events }),
          });
          answer = { status: r.status, ...((await r.json()) as { accepted?: number }) };
        } catch {
          failed++; // the server is gone: this sender stops (its batch was never acknowledged)
          continue;
        }
        latencies.push(performance.now() - t);
        if (answer.status !== 200) refused++;
        else {
          expect(answer.accepted).toBe(BATCH);
          for (const e of events) acked.add(e.id);
        }
        if (acked.size >= KILL_AFTER) kill();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  kill(); // bounded: if the load ended first, the kill still comes (and the print says so)
  await a.exited;

  // Restart on the same folder (it recovers what the crash left), then read every stored id from the file.
  const b = start(data);
  const url2 = await b.url;
  const stats = (await (
    await fetch(`${url2}/v1/admin/sites/demo/stats`, { headers: { authorization: 'Bearer kill-token' } })
  ).json()) as { events: number };
  b.child.kill('SIGTERM');
  await b.exited;
  const stored = await storedIds(join(data, 'nudge.duckdb'), 'demo');

  const lost = [...acked].filter((id) => !stored.has(id));
  latencies.sort((x, y) => x - y);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  console.log(
    `kill -9: ${acked.size} events acknowledged, ${stored.size} stored after restart, ${lost.length} acknowledged and ` +
      `lost; killed after ${killedAt} acknowledged (${killedAt < SENDERS * MAX_BATCHES * BATCH ? 'mid-load' : 'after the load'}), ` +
      `${failed} requests cut off, ${refused} refused; load ${Math.round(acked.size / seconds)} events/s, ` +
      `request latency p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms (${BATCH} events per request, ${SENDERS} senders)`,
  );
  expect(failed).toBeGreaterThan(0); // the kill landed while senders were sending
  expect(refused).toBe(0);
  expect(lost).toEqual([]);
  expect(stats.events).toBe(stored.size);
}, 120_000);
