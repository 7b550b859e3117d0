// The nudge-server CLI with its control data on Postgres: two processes share sites, configs and the admin token;
// /readyz follows Postgres going down and coming back; a bad --control URL is refused before anything starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseName, postgresMissing, startPostgres, type PostgresEngine } from './support/engines/postgres.js';

const BIN = fileURLToPath(new URL('../packages/server/bin/nudge-server.mjs', import.meta.url));
const missing = postgresMissing();
if (missing) console.warn(`skipped: ${missing}`);

const running: ChildProcess[] = [];

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], {
    env: { ...process.env, NUDGE_ADMIN_TOKEN: '', NUDGE_CONTROL_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const ready = new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start within 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    void exited.then((code) => fail(new Error(`exited ${code}:\n${out}`)));
  });
  // a start expected to fail is awaited through `exited`, not `ready`
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => out };
}

describe.skipIf(!!missing)('nudge-server --control postgres://', () => {
  let pg: PostgresEngine;
  let url: string;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
    url = await pg.createDatabase(freshDatabaseName());
  });
  afterAll(async () => {
    for (const c of running.splice(0)) if (c.exitCode === null) process.kill(c.pid!, 'SIGKILL');
    await pg?.stop();
  });

  it('shares sites, configs and the admin token between two processes; /readyz follows Postgres', async () => {
    const data = () => mkdtempSync(join(tmpdir(), 'nudge-pg-cli-'));
    const a = start(['--data', data(), '--seed-demo'], { NUDGE_CONTROL_URL: url });
    const aUrl = await a.ready;
    const token = /^\s+(nudge_admin_\S+)$/m.exec(a.output())?.[1];
    expect(token).toBeTruthy();
    expect(a.output()).toContain(`control data: ${url}`);
    const b = start(['--data', data(), '--control', url]);
    const bUrl = await b.ready;
    expect(b.output()).not.toMatch(/nudge_admin_/);
    const sites = await fetch(`${bUrl}/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await sites.json()) as { sites: { id: string }[] }).sites.map((s) => s.id)).toEqual(['demo']);
    expect((await fetch(`${bUrl}/v1/config/demo`)).status).toBe(200);

    expect((await fetch(`${aUrl}/readyz`)).status).toBe(200);
    process.kill(pg.pid, 'SIGINT');
    await expect
      .poll(async () => {
        const r = await fetch(`${aUrl}/readyz`);
        return r.status === 503 && ((await r.json()) as { message: string }).message;
      })
      .toContain('the control store');
    // the public config is served from memory meanwhile
    expect((await fetch(`${bUrl}/v1/config/demo`)).status).toBe(200);
    await pg.restart();
    await expect.poll(async () => (await fetch(`${aUrl}/readyz`)).status, { timeout: 15_000 }).toBe(200);

    for (const p of [a, b]) p.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });

  it('refuses a --control URL that is not Postgres, naming the flag, and never prints a password', async () => {
    const bad = start(['--data', ':memory:', '--control', 'mysql://me:hunter2@db.example/x']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('--control: expected a postgres:// URL');
    const down = start(['--data', ':memory:', '--control', `postgres://me:hunter2@127.0.0.1:${pg.port + 1}/x`]);
    expect(await down.exited).toBe(1);
    expect(down.output()).toContain('the control store at postgres://me:***@127.0.0.1');
    expect(bad.output() + down.output()).not.toContain('hunter2');
  });
});
