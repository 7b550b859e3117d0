// The nudge-server CLI as a user runs it: first-start admin token, --seed-demo, and SIGTERM losing nothing acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope } from '../packages/server/src/testing.js';

const BIN = fileURLToPath(new URL('../packages/server/bin/nudge-server.mjs', import.meta.url));
const running: ChildProcess[] = [];

function start(data: string, env: Record<string, string> = {}, args: string[] = []) {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data', data, ...args], {
    env: { ...process.env, NUDGE_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start within 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`exited ${code}:\n${out}`)));
  });
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, ready, exited, output: () => out };
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('nudge-server CLI', () => {
  it('generates an admin token on first start, prints it once, stores only its hash', async () => {
    const data = mkdtempSync(join(tmpdir(), 'nudge-cli-'));
    const a = start(data);
    const url = await a.ready;
    const token = /^\s+(nudge_admin_\S+)$/m.exec(a.output())?.[1];
    expect(token).toBeTruthy();
    expect((await fetch(`${url}/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const b = start(data);
    const url2 = await b.ready;
    expect(b.output()).not.toContain(token!);
    expect((await fetch(`${url2}/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    b.child.kill('SIGTERM');
    await b.exited;
  });

  it('keeps every acknowledged event across SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'nudge-cli-'));
    const env = { NUDGE_ADMIN_TOKEN: 'cli-token' };
    const a = start(data, env, ['--seed-demo', '--rate-address', '100000']);
    const url = await a.ready;
    let acked = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 10; i++) {
          const events = Array.from({ length: 100 }, (_, j) =>
            envelope('page_view', {}, { anonymousId: `v${w}-${i}-${j}` }),
          );
          const r = await fetch(`${url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ site: 'demo', sentAt: Date.now(), events }),
          });
          expect(r.status).toBe(200);
          acked += ((await r.json()) as { accepted: number }).accepted;
        }
      }),
    );
    // Straight after the last acknowledgement, before the periodic flush had a chance.
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.output()).toContain('every acknowledged event is stored');
    const b = start(data, env);
    const url2 = await b.ready;
    const stats = (await (
      await fetch(`${url2}/v1/admin/sites/demo/stats`, { headers: { authorization: 'Bearer cli-token' } })
    ).json()) as { events: number };
    expect(acked).toBe(8000);
    expect(stats.events).toBe(acked);
    b.child.kill('SIGTERM');
    await b.exited;
  });

  it.each([
    ['--trust-proxy', {}, ['--trust-proxy'], true],
    ['NUDGE_TRUST_PROXY=1', { NUDGE_TRUST_PROXY: '1' }, [], true],
    ['neither', {}, [], false],
  ] as const)(
    'answers /healthz and /readyz, and counts X-Forwarded-For in rate limits only when told (%s)',
    async (_, env, flags, trusted) => {
      const a = start(mkdtempSync(join(tmpdir(), 'nudge-cli-')), { ...env }, ['--rate-address', '1', ...flags]);
      const url = await a.ready;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // two requests per address (burst 2), counted before the body is read
      const post = async (xff: string) =>
        (await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'x-forwarded-for': xff } })).status;
      const first = [await post('10.0.0.1'), await post('10.0.0.1'), await post('10.0.0.1')];
      expect(first[2]).toBe(429);
      expect(first.slice(0, 2)).not.toContain(429);
      // another client behind the balancer has its own bucket only when the header is trusted
      expect((await post('10.0.0.2')) === 429).toBe(!trusted);
      a.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
    },
  );

  it('takes the flags after a leading `--`, as `pnpm start -- --seed-demo` passes them', async () => {
    const child = spawn(process.execPath, [BIN, '--', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(out).toContain('usage: nudge-server');
    expect(code).toBe(0);
  });

  it('prints usage for bad flags', async () => {
    const c = start(mkdtempSync(join(tmpdir(), 'nudge-cli-')), {}, ['--port', 'nope']);
    expect(await c.exited).toBe(2);
    expect(c.output()).toContain('usage: nudge-server');
    await c.ready.catch(() => undefined);
  });
});
