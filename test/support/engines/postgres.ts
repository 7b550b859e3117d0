// A throwaway PostgreSQL for tests and `pnpm stack`: its own data folder, 127.0.0.1 on a free port, stopped by its PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { postgresClient, postgresSql } from '../../../packages/server/src/store/postgres/sql.js';
import type { Sql } from '../../../packages/server/src/store/sql/sql.js';

export interface PostgresEngine {
  /** `postgres://nudge@127.0.0.1:PORT/postgres` (trust auth, reachable only from this machine) */
  url: string;
  port: number;
  /** the postmaster's PID (changes on restart) */
  pid: number;
  dataDir: string;
  /** Fast shutdown (SIGINT, then SIGQUIT, then SIGKILL after 10 s each); removes the data folder if it made it. */
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and data folder (clients see their connections drop). */
  restart(): Promise<void>;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

export interface PostgresOptions {
  /** data folder (initdb runs when it holds no cluster yet); default: a new temp folder, removed by stop() */
  dataDir?: string;
  /** false skips fsync (tests: faster, and a crash of the machine may lose commits); default true */
  fsync?: boolean;
  /** server log lines (default: kept in memory and shown when the start fails) */
  log?: (line: string) => void;
}

const SUPERUSER = 'nudge';

/** The folder holding `initdb` and `postgres`: NUDGE_PG_BIN, the newest /usr/lib/postgresql/N/bin, or `pg_config`. */
export function postgresBinDir(): string | undefined {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (process.env.NUDGE_PG_BIN) return has(process.env.NUDGE_PG_BIN) ? process.env.NUDGE_PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(root, v, 'bin'))) return join(root, v, 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return has(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Why Postgres tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  return postgresBinDir()
    ? undefined
    : 'PostgreSQL binaries not found (initdb, postgres): apt-get install -y postgresql, or set NUDGE_PG_BIN to their folder';
}

/** Postgres refuses to run as root: as root, the engine runs as the `postgres` user and owns its folder. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error('running as root needs a "postgres" user to run the engine as (apt-get install postgresql)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function run(bin: string, args: string[], user: ReturnType<typeof runAs>): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', fail);
    p.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`${bin} ${args.join(' ')} exited ${code}:\n${out}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every engine this process started and has not stopped: killed if the process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGQUIT');
});

export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresEngine> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresMissing());
  const user = runAs();
  const madeDir = !opts.dataDir;
  const base = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'nudge-pg-'));
  mkdirSync(base, { recursive: true });
  // The socket sits in the data folder (a short path: sockets are limited to ~100 characters) so no system folder is
  // needed, and the engine only listens on 127.0.0.1.
  const dataDir = base;
  if (user) chownSync(dataDir, user.uid, user.gid);
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    await run(
      join(bin, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        SUPERUSER,
        '--auth=trust',
        '-E',
        'UTF8',
        '--locale=C',
        ...(opts.fsync === false ? ['-N'] : []),
      ],
      user,
    );

  let port = 0;
  let proc: ChildProcess | undefined;
  const logs: string[] = [];
  const log = opts.log ?? ((l: string) => logs.push(l));

  const boot = async () => {
    for (let attempt = 0; ; attempt++) {
      port ||= await freePort();
      const p = spawn(
        join(bin, 'postgres'),
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${dataDir}`,
          '-c',
          'max_connections=200',
          ...(opts.fsync === false
            ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
            : []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) },
      );
      running.add(p);
      for (const s of [p.stdout!, p.stderr!])
        s.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach(log));
      const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
      const ready = await waitReady(bin, port, user, exited);
      if (ready) {
        proc = p;
        return;
      }
      running.delete(p);
      // Another process took the port between the probe and the bind: try a new one (a restart keeps its port).
      if (attempt < 3 && !proc && logs.some((l) => /could not (bind|create listen)/i.test(l))) {
        port = 0;
        continue;
      }
      throw new Error(`postgres did not start on 127.0.0.1:${port}:\n${logs.slice(-20).join('\n')}`);
    }
  };

  const halt = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
      process.kill(p.pid!, signal);
      const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (done) break;
    }
    running.delete(p);
  };

  await boot();
  const url = (db: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  const engine: PostgresEngine = {
    get url() {
      return url('postgres');
    },
    get port() {
      return port;
    },
    get pid() {
      return proc!.pid!;
    },
    dataDir,
    async stop() {
      await halt();
      if (madeDir) rmSync(base, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await boot();
    },
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
        throw new Error(`database name ${JSON.stringify(name)}: use a-z, 0-9, _`);
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, name], user);
      return url(name);
    },
  };
  return engine;
}

/** Polls pg_isready until the server accepts connections (true), or it exits or 30 s pass (false). */
async function waitReady(
  bin: string,
  port: number,
  user: ReturnType<typeof runAs>,
  exited: Promise<number | null>,
): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 300 && !gone; i++) {
    try {
      await run(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER], user);
      return true;
    } catch {
      await sleep(100);
    }
  }
  return false;
}

let databases = 0;
/** A database name no other call in this process (or a concurrent test process) has used. */
export function freshDatabaseName(prefix = 'nudge'): string {
  return `${prefix}_${process.pid}_${++databases}_${Date.now().toString(36)}`;
}

let shared: Promise<PostgresEngine> | undefined;

/** One engine for this test process (fsync off), started on first use; stop it with stopSharedPostgres in afterAll. */
export function sharedPostgres(): Promise<PostgresEngine> {
  return (shared ??= startPostgres({ fsync: false }));
}

export async function stopSharedPostgres(): Promise<void> {
  const engine = shared;
  shared = undefined;
  await (await engine?.catch(() => undefined))?.stop();
}

/**
 * A new, empty database on the shared engine with the server's Postgres adapter of the `Sql` seam over it: for a
 * store written on `Sql` (rewards, metrics, ...) to run its tests on Postgres as well as DuckDB. `close()` ends the
 * pool (the database stays until the engine stops). Fits `sqlContract(name, freshPostgresSql)`.
 */
export async function freshPostgresSql(): Promise<{ url: string; sql: Sql; close(): Promise<void> }> {
  const url = await (await sharedPostgres()).createDatabase(freshDatabaseName());
  const client = postgresClient(url);
  return { url, sql: postgresSql(client), close: () => client.end({ timeout: 5 }) };
}
