// Two nudge-server instances behind haproxy, kill -9 of one mid-load: senders that retry (as the tracker does) get
// every event acknowledged, and every acknowledged id is stored on one instance or the other.
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';
import { haproxyMissing, startHaproxy, type HaproxyEngine } from './support/engines/haproxy.js';
import { startServerProcess, storedIds } from './support/server-process.js';

const SENDERS = 8;
const BATCH = 50;
/** Batches per sender: a bounded load. */
const BATCHES = 60;
/** Tries per batch (100 ms apart, as a tracker's backoff would space them): bounded too. */
const TRIES = 50;
const KILL_AFTER = (SENDERS * BATCHES * BATCH) / 3;
const running: ChildProcess[] = [];
let lb: HaproxyEngine | undefined;

afterEach(async () => {
  await lb?.stop();
  lb = undefined;
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

it.skipIf(haproxyMissing())(
  'kill -9 of one of two instances behind haproxy: every event is acknowledged, every acknowledged id is stored',
  async () => {
    // Each instance on its own DuckDB folder (the demo site seeded in each): ingest needs no shared control data. With
    // --control and --events both instances would share the stores; the property checked here is the same.
    const dirs = [mkdtempSync(join(tmpdir(), 'nudge-lb-a-')), mkdtempSync(join(tmpdir(), 'nudge-lb-b-'))];
    const env = { NUDGE_ADMIN_TOKEN: 'lb-token' };
    const [a, b] = dirs.map((d) => startServerProcess(d, env, ['--trust-proxy']));
    running.push(a!.child, b!.child);
    lb = await startHaproxy({ backends: [await a!.url, await b!.url], checkEveryMs: 200 });
    const balancer = lb.url;

    const acked = new Set<string>();
    let retries = 0;
    let killedAt = -1;
    const statuses = new Map<string, number>();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, w) => {
        for (let n = 0; n < BATCHES; n++) {
          const events = Array.from({ length: BATCH }, (_, j) =>
            envelope('page_view', {}, { anonymousId: `lb${w}-${n}-${j % 10}` }),
          );
          const body = JSON.stringify({ site: 'demo', sentAt: Date.now(), events });
          for (let t = 0; t < TRIES; t++) {
            let status = 0;
            try {
              const r = await fetch(`${balancer}/v1/events`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              });
              status = r.status;
              await r.arrayBuffer();
            } catch {
              /* cut off: the same batch is sent again */
            }
            statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
            if (status === 200) {
              for (const e of events) acked.add(e.id);
              break;
            }
            retries++;
            await new Promise((r) => setTimeout(r, 100));
          }
          if (acked.size >= KILL_AFTER && killedAt < 0) {
            killedAt = acked.size;
            a!.child.kill('SIGKILL');
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await a!.exited;

    // A restarts on its folder (recovering what the crash left), then both stop and their files are read.
    const again = startServerProcess(dirs[0]!, env);
    running.push(again.child);
    await again.url;
    for (const p of [again, b!]) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    const [onA, onB] = await Promise.all(dirs.map((d) => storedIds(join(d, 'nudge.duckdb'), 'demo')));
    const lost = [...acked].filter((id) => !onA!.has(id) && !onB!.has(id));
    const both = [...onA!].filter((id) => onB!.has(id)).length;
    console.log(
      `balancer kill -9: ${acked.size} of ${SENDERS * BATCHES * BATCH} events acknowledged in ${seconds.toFixed(1)} s ` +
        `(instance A killed after ${killedAt}); stored ${onA!.size} on A, ${onB!.size} on B, ${both} on both ` +
        `(stored by A, its answer lost in the kill, sent again to B: a shared store keeps one); ${lost.length} acknowledged and lost; ` +
        `${retries} retries; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(killedAt).toBeGreaterThan(0);
    expect(acked.size).toBe(SENDERS * BATCHES * BATCH);
    expect(lost).toEqual([]);
    expect(onB!.size).toBeGreaterThan(0);
  },
  180_000,
);
