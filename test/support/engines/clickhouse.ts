// Starts throwaway clickhouse-server processes (one per shard) on 127.0.0.1 with their own config and data folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClickHouseEngine {
  /** `clickhouse://127.0.0.1:PORT[,127.0.0.1:PORT]/DB`: every shard's HTTP port (the cluster `nudge` spans them), as
   * `--events` takes it: a URL naming only the first shard would make a plain table there and skip the others. */
  url: string;
  /** Each shard's HTTP base URL (`http://127.0.0.1:PORT`). */
  shards: string[];
  pids: number[];
  dataDir: string;
  /** Stops one shard (kills its process); `start` brings it back on the same ports and data. */
  stopShard(i: number): Promise<void>;
  startShard(i: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartClickHouseOptions {
  shards?: 1 | 2;
  /** Folder for the shards' data and config, kept after stop; without one, a temp folder that stop() removes. */
  dataDir?: string;
  database?: string;
  log?: (line: string) => void;
}

/** The server binary, or undefined when ClickHouse is not installed (`apt-get install -y clickhouse-server`). */
export function clickHouseBinary(): string | undefined {
  for (const p of [process.env.NUDGE_CLICKHOUSE_SERVER, '/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server'])
    if (p && existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Ports {
  http: number;
  tcp: number;
  interserver: number;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// 18.16 reads a <yandex> root; current servers still accept it. Small caches: eight engineers share two cores.
function config(dir: string, ports: Ports, all: Ports[]): string {
  const replicas = all
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${xml(dir)}/log/server.log</log><errorlog>${xml(dir)}/log/error.log</errorlog><size>10M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${xml(dir)}/data/</path>
  <tmp_path>${xml(dir)}/tmp/</tmp_path>
  <user_files_path>${xml(dir)}/user_files/</user_files_path>
  <format_schema_path>${xml(dir)}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <timezone>UTC</timezone>
  <remote_servers><nudge>${replicas}</nudge></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

async function ready(base: string, child: ChildProcess, deadline: number, errLog: string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clickhouse-server exited with ${child.exitCode}; see ${errLog}`);
    try {
      const r = await fetch(`${base}/?query=SELECT%201`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline)
      throw new Error(`clickhouse-server did not answer on ${base} within 60 s; see ${errLog}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/** Every shard this process started and has not stopped: killed if the process exits without stopping them (seen: a
 * test whose afterAll threw left both shards running, re-parented to init). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `shards` servers (1 or 2) and a database on each; resolves once every one answers. */
export async function startClickHouse(opts: StartClickHouseOptions = {}): Promise<ClickHouseEngine> {
  const bin = clickHouseBinary();
  if (!bin)
    throw new Error('clickhouse-server is not installed (apt-get install -y clickhouse-server clickhouse-client)');
  const n = opts.shards ?? 1;
  const root = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'nudge-clickhouse-'));
  const db = opts.database ?? 'nudge';
  const ports: Ports[] = [];
  for (let i = 0; i < n; i++)
    ports.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() });
  const dirs = ports.map((p, i) => {
    const dir = join(root, `shard${i + 1}`);
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log'])
      mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'config.xml'), config(dir, p, ports));
    writeFileSync(join(dir, 'users.xml'), USERS);
    return dir;
  });
  const children: (ChildProcess | undefined)[] = new Array(n).fill(undefined);
  const bases = ports.map((p) => `http://127.0.0.1:${p.http}`);

  const startShard = async (i: number) => {
    const child = spawn(bin, ['--config-file', join(dirs[i]!, 'config.xml')], {
      cwd: dirs[i],
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => opts.log?.(`[clickhouse ${i + 1}] ${d.toString().trim()}`));
    children[i] = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    try {
      await ready(bases[i]!, child, Date.now() + 60_000, join(dirs[i]!, 'log/error.log'));
      const r = await fetch(`${bases[i]}/`, { method: 'POST', body: `CREATE DATABASE IF NOT EXISTS ${db}` });
      if (!r.ok) throw new Error(`CREATE DATABASE failed: ${await r.text()}`);
    } catch (err) {
      await kill(child);
      throw err;
    }
  };
  const engine: ClickHouseEngine = {
    url: `clickhouse://${ports.map((p) => `127.0.0.1:${p.http}`).join(',')}/${db}`,
    shards: bases,
    get pids() {
      return children.flatMap((c) => (c?.pid && c.exitCode === null ? [c.pid] : []));
    },
    dataDir: root,
    stopShard: (i) => kill(children[i]),
    startShard,
    stop: async () => {
      await Promise.all(children.map(kill));
      if (!opts.dataDir) rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(ports.map((_, i) => startShard(i)));
  } catch (err) {
    // the folder stays: the error names its log
    await Promise.all(children.map(kill));
    throw err;
  }
  return engine;
}
