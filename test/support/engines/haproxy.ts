// A throwaway haproxy in front of nudge-server instances: 127.0.0.1 on a free port, /readyz checks, stopped by its PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HaproxyEngine {
  /** `http://127.0.0.1:PORT`: the balancer clients talk to */
  url: string;
  port: number;
  pid: number;
  /** the generated haproxy.cfg (kept beside nothing else in its own folder) */
  configFile: string;
  /** SIGTERM (hard stop of haproxy, connections cut), SIGKILL after 5 s; removes its folder. */
  stop(): Promise<void>;
}

export interface HaproxyOptions {
  /** the nudge-server instances, `http://127.0.0.1:PORT` (at least one) */
  backends: string[];
  /** the balancer's port (default: a free one) */
  port?: number;
  /** how often each backend's /readyz is polled (default 1000 ms); two misses take it out, one answer brings it back */
  checkEveryMs?: number;
  log?: (line: string) => void;
}

/** The haproxy binary, or undefined when it is not installed (`apt-get install -y haproxy`). */
export function haproxyBinary(): string | undefined {
  for (const p of [process.env.NUDGE_HAPROXY, '/usr/sbin/haproxy', '/usr/bin/haproxy'])
    if (p && existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/** Why haproxy cannot run here, or undefined when it can. */
export const haproxyMissing = (): string | undefined =>
  haproxyBinary() ? undefined : 'haproxy not found: apt-get install -y haproxy (or set NUDGE_HAPROXY to its path)';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The configuration. Why each part: X-Forwarded-For so `nudge-server --trust-proxy` rate-limits the shopper, not the
 * balancer; `/readyz` checks so a draining (SIGTERM) or store-less instance gets no new requests; `retry-on
 * conn-failure empty-response` with redispatch so a request to an instance that died (kill -9) goes to the other one
 * (safe for ingest: a resent event is stored once, by id); long client/server timeouts for the config SSE streams.
 */
export function haproxyConfig(port: number, backends: string[], checkEveryMs = 1000): string {
  const servers = backends.map((b, i) => {
    const u = new URL(b);
    return `  server nudge${i + 1} ${u.hostname}:${u.port} check`;
  });
  return [
    'global',
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  option httplog',
    '  option forwardfor',
    '  option redispatch',
    '  retries 3',
    '  retry-on conn-failure empty-response',
    '  timeout connect 2s',
    '  timeout client 10m',
    '  timeout server 10m',
    '  timeout http-request 10s',
    '  timeout http-keep-alive 10s',
    '',
    'frontend nudge',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nudge_servers',
    '',
    'backend nudge_servers',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    `  default-server inter ${checkEveryMs} fall 2 rise 1`,
    ...servers,
    '',
  ].join('\n');
}

/** Every haproxy this process started and has not stopped: killed if the process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) if (p.exitCode === null) p.kill('SIGKILL');
});

export async function startHaproxy(opts: HaproxyOptions): Promise<HaproxyEngine> {
  const bin = haproxyBinary();
  if (!bin) throw new Error(haproxyMissing());
  if (!opts.backends.length) throw new Error('haproxy needs at least one backend');
  const dir = mkdtempSync(join(tmpdir(), 'nudge-haproxy-'));
  const configFile = join(dir, 'haproxy.cfg');
  const logs: string[] = [];
  const log = opts.log ?? ((l: string) => logs.push(l));
  for (let attempt = 0; ; attempt++) {
    const port = opts.port ?? (await freePort());
    writeFileSync(configFile, haproxyConfig(port, opts.backends, opts.checkEveryMs));
    // -db: stay in the foreground, so the PID we hold is haproxy's own and stop() reaches it.
    const p = spawn(bin, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(p);
    for (const s of [p.stdout!, p.stderr!])
      s.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach(log));
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    if (await listening(port, exited)) {
      const url = `http://127.0.0.1:${port}`;
      return {
        url,
        port,
        pid: p.pid!,
        configFile,
        async stop() {
          // child.kill, not process.kill: no throw when it has just exited (a terminal's Ctrl-C reached it too).
          if (p.exitCode === null && p.signalCode === null) {
            p.kill('SIGTERM');
            if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) p.kill('SIGKILL');
            await exited;
          }
          running.delete(p);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    running.delete(p);
    if (p.exitCode === null) p.kill('SIGKILL');
    // Another process took the port between the probe and the bind: try a new one.
    if (attempt < 3 && opts.port === undefined && logs.some((l) => /cannot bind|address already in use/i.test(l)))
      continue;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`haproxy did not start on 127.0.0.1:${port}:\n${logs.slice(-20).join('\n')}`);
  }
}

/** Polls the port until it accepts a connection (true), or haproxy exits or 10 s pass (false). */
async function listening(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 100 && !gone; i++) {
    const ok = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), r(true)));
      c.once('error', () => r(false));
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}
