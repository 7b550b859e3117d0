// `pnpm stack`: Postgres, two ClickHouse shards, two nudge-server instances and haproxy on this machine, the demo shop
// against the balancer; prints the URLs; Ctrl-C stops everything it started (each by its PID).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { STUB_SNIPPET } from '@nudge/embed';
import { buildEmbed } from '@nudge/embed/build';
import { DEFAULT_CONSOLE_DIR } from '@nudge/server';
import { startShop } from '../demo/src/shop-server.js';
import { haproxyBinary, startHaproxy } from '../test/support/engines/haproxy.js';

const root = resolve(import.meta.dirname, '..');
const BIN = join(root, 'packages/server/bin/nudge-server.mjs');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8780' },
    'shop-port': { type: 'string', default: '5180' },
    data: { type: 'string', default: join(root, '.nudge/stack') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`pnpm stack [--port 8780] [--shop-port 5180] [--data .nudge/stack]

  --port        the balancer's port (haproxy; the shop's script tag and the console go through it)
  --shop-port   the demo shop's port
  --data        folder for Postgres, the ClickHouse shards and the servers (kept between runs)

Starts, all on 127.0.0.1: PostgreSQL (control data), two ClickHouse shards (events), two nudge-server instances
(--control postgres://... --events clickhouse://...), haproxy in front of them (health checks on /readyz), and the
demo shop against the balancer. Ctrl-C stops all of it.`);
  process.exit(0);
}
const data = resolve(args.data!);
mkdirSync(data, { recursive: true });

/** The system packages this needs, by what is missing; printed as one apt-get line. */
function missingPackages(): string[] {
  const pg = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => hasPostgres(v));
  const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  const clickhouse = onPath('clickhouse-server') || existsSync('/usr/bin/clickhouse-server');
  return [
    ...(pg || process.env.NUDGE_PG_BIN ? [] : ['postgresql']),
    ...(clickhouse || process.env.NUDGE_CLICKHOUSE_SERVER ? [] : ['clickhouse-server', 'clickhouse-client']),
    ...(haproxyBinary() ? [] : ['haproxy']),
  ];
}
const hasPostgres = (version: string) => existsSync(join('/usr/lib/postgresql', version, 'bin/postgres'));

/** Whether this server has the flags for remote stores (`nudge-server --help` lists them). */
function serverHasRemoteStores(): boolean {
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  return /--control\b/.test(help.stdout + help.stderr) && /--events\b/.test(help.stdout + help.stderr);
}

// The engine starters the Postgres and ClickHouse tests use, loaded by path: their shape is all this script needs.
interface Engine {
  url: string;
  stop(): Promise<void>;
}
type StartPostgres = (o: {
  dataDir: string;
  log?: (l: string) => void;
}) => Promise<Engine & { createDatabase(name: string): Promise<string> }>;
type StartClickHouse = (o: {
  shards: 2;
  dataDir: string;
  database?: string;
  log?: (l: string) => void;
}) => Promise<Engine & { shards: string[] }>;
async function engines(): Promise<{ startPostgres: StartPostgres; startClickHouse: StartClickHouse } | string> {
  const dir = join(root, 'test/support/engines');
  const pg = join(dir, 'postgres.ts');
  const ch = join(dir, 'clickhouse.ts');
  if (!existsSync(pg) || !existsSync(ch)) return 'test/support/engines/postgres.ts and clickhouse.ts are not here';
  const [p, c] = (await Promise.all([import(pathToFileURL(pg).href), import(pathToFileURL(ch).href)])) as [
    { startPostgres: StartPostgres },
    { startClickHouse: StartClickHouse },
  ];
  return { startPostgres: p.startPostgres, startClickHouse: c.startClickHouse };
}

const missing = missingPackages();
if (missing.length) {
  console.error(`pnpm stack needs system packages that are not installed. As root:

  apt-get install -y ${missing.join(' ')}
`);
  process.exit(1);
}

const stops: (() => Promise<unknown>)[] = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping the shop, the servers (their queued events are written), haproxy and the engines...');
    // Last started, first stopped: the shop and balancer before the servers, the servers before their stores.
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => console.error(`  could not stop cleanly: ${String(err)}`));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));
watchLaunchers();

/**
 * `kill <pnpm's PID>` ends pnpm without passing the signal on (seen: pnpm and its shell gone, this script, the servers
 * and the engines left running). So the processes that launched this one are watched, and when one is gone the stack
 * stops as on Ctrl-C. Linux only (/proc); elsewhere a terminal's Ctrl-C, which reaches the whole group, still works.
 */
function watchLaunchers(): void {
  const parentOf = (pid: number): number | undefined => {
    try {
      // the command name may hold spaces and parentheses: the parent PID is the second field after the last ')'
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  const launchers: number[] = [];
  for (let pid = process.ppid; pid > 1 && launchers.length < 4; pid = parentOf(pid) ?? 0) {
    launchers.push(pid);
    // up to pnpm (or whatever ran `tsx scripts/stack.ts`), not the user's shell: closing a terminal is a SIGHUP anyway
    if (/pnpm|npm/.test(readFileSafe(`/proc/${pid}/cmdline`))) break;
  }
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  setInterval(() => {
    if (!stopping && launchers.some((pid) => !alive(pid))) {
      console.log('pnpm stack: the process that started it is gone');
      void stopAll(0);
    }
  }, 1000).unref();
}
function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const adminTokenFile = join(data, 'admin-token.txt');
const adminToken =
  process.env.NUDGE_ADMIN_TOKEN ||
  (existsSync(adminTokenFile)
    ? readFileSync(adminTokenFile, 'utf8').trim()
    : `nudge_admin_stack_${randomBytes(12).toString('hex')}`);
writeFileSync(adminTokenFile, adminToken, { mode: 0o600 });

/** One nudge-server as a child process; resolves with its URL once it listens. Stopped with SIGTERM by its PID. */
async function startInstance(name: string, extra: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [BIN, '--port', '0', '--host', '127.0.0.1', '--data', join(data, name), '--seed-demo', '--trust-proxy', ...extra],
    // In this process group: a terminal's Ctrl-C reaches each server too, and it drains on its own (pnpm may end this
    // script before its SIGTERMs go out). Nothing acknowledged is lost to the order: a 2xx means already stored.
    { env: { ...process.env, NUDGE_ADMIN_TOKEN: adminToken }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  process.once('exit', () => gone() || child.kill('SIGKILL'));
  stops.push(async () => {
    if (gone()) return;
    child.kill('SIGTERM');
    await exited;
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`${name} exited ${code}:\n${out}`)));
  });
  return { url, child };
}

try {
  console.log('Nudge stack: building the script-tag loader...');
  const embedDir = await buildEmbed({ logLevel: 'silent' });
  if (!existsSync(join(DEFAULT_CONSOLE_DIR, 'index.html'))) {
    console.log('Nudge stack: building the growth console...');
    spawnSync('pnpm', ['--filter', '@nudge/console', 'build'], { cwd: root, stdio: 'inherit' });
  }

  const lines: string[] = [];
  const servers: string[] = [];
  const starters = serverHasRemoteStores() ? await engines() : 'nudge-server has no --control / --events flags yet';
  if (typeof starters === 'string') {
    // Two instances cannot share one DuckDB file: without remote stores, one instance stands behind the balancer.
    console.log(`Nudge stack: ${starters}; running ONE instance on its embedded DuckDB store behind haproxy.`);
    servers.push((await startInstance('server-1', [])).url);
  } else {
    console.log('Nudge stack: starting PostgreSQL and two ClickHouse shards...');
    const pg = await starters.startPostgres({ dataDir: join(data, 'postgres') });
    stops.push(() => pg.stop());
    const control = await pg.createDatabase('nudge').catch((err: unknown) => {
      if (/already exists/.test(String(err))) return pg.url.replace(/\/postgres$/, '/nudge');
      throw err;
    });
    const ch = await starters.startClickHouse({ shards: 2, dataDir: join(data, 'clickhouse'), database: 'nudge' });
    stops.push(() => ch.stop());
    lines.push(`  PostgreSQL:       ${control}`, `  ClickHouse:       ${ch.shards.join('  ')}  (cluster "nudge")`);
    // One after the other: the first runs the migrations and seeds the demo site, the second finds them done.
    for (const name of ['server-1', 'server-2'])
      servers.push((await startInstance(name, ['--control', control, '--events', ch.url])).url);
  }

  const lb = await startHaproxy({ backends: servers, port: Number(args.port) });
  stops.push(() => lb.stop());
  const shop = await startShop({
    endpoint: lb.url,
    embedDir,
    stubSnippet: STUB_SNIPPET,
    port: Number(args['shop-port']),
    host: '127.0.0.1',
  });
  stops.push(() => shop.close());
  await allowShop(lb.url, shop.url);

  console.log(`
  Shop (English):   ${shop.url}/en/
  Shop (中文):      ${shop.url}/zh/
  Growth console:   ${lb.url}/console/
  Admin token:      ${adminToken}
  Balancer:         ${lb.url}  (haproxy, config ${lb.configFile})
  Instances:        ${servers.join('  ')}
${lines.join('\n')}
  Data:             ${data}

  Simulated shoppers:  pnpm demo:traffic --endpoint ${lb.url} --shop ${shop.url}   (in another terminal)
  Ctrl-C stops everything above.
`);
} catch (err) {
  console.error(`pnpm stack: ${(err as Error).message}`);
  await stopAll(1);
}

/** The demo site allows the shop's origin (through the balancer, so every instance learns it from the store). */
async function allowShop(api: string, shopUrl: string): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const r = await fetch(`${api}/v1/admin/sites`, { headers });
  const { sites } = (await r.json()) as { sites: { id: string; allowedOrigins: string[] }[] };
  const current = sites.find((s) => s.id === 'demo')?.allowedOrigins ?? [];
  const port = new URL(shopUrl).port;
  const wanted = [`http://127.0.0.1:${port}`, `http://localhost:${port}`].filter((o) => !current.includes(o));
  if (!wanted.length || current.includes('*')) return;
  const patched = await fetch(`${api}/v1/admin/sites/demo`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ allowedOrigins: [...current, ...wanted] }),
  });
  if (!patched.ok) throw new Error(`could not allow the shop's origin: ${patched.status} ${await patched.text()}`);
}
