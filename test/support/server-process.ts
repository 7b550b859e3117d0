// nudge-server as a child process (the CLI, as users run it), for the kill and balancer tests; stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../packages/server/bin/nudge-server.mjs', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** resolves with `http://127.0.0.1:PORT` once it listens; rejects if it exits first or takes over 30 s */
  url: Promise<string>;
  exited: Promise<void>;
  /** stdout and stderr so far */
  output(): string;
}

/** Starts the CLI on a free port with `data` as its folder, the demo site seeded and ingest rate limits out of the way. */
export function startServerProcess(data: string, env: Record<string, string> = {}, args: string[] = []): ServerProcess {
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      data,
      '--seed-demo',
      '--rate-site',
      '1000000',
      '--rate-address',
      '1000000',
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start within 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`exited ${code ?? signal}:\n${out}`)));
  });
  url.catch(() => undefined); // a caller that never awaits it (killed early) must not see an unhandled rejection
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return { child, url, exited, output: () => out };
}

/** Every event id stored for `site` in a stopped server's DuckDB file. */
export async function storedIds(dbFile: string, site: string): Promise<Set<string>> {
  const { Connection } = await import('../../packages/server/src/store/duckdb/connection.js');
  const db = new Connection(dbFile);
  await db.open();
  try {
    return new Set((await db.rows('SELECT id FROM events WHERE site = $site', { site })).map((r) => String(r.id)));
  } finally {
    db.close();
  }
}
