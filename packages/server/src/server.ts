// Starts the server: opens the store, resolves the admin token, listens, and shuts down without losing events.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions, type NudgeApp } from './app.js';
import { newSecret, sha256 } from './auth.js';
import { seedDemo } from './seed-demo.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** data folder; ':memory:' keeps everything in memory (tests) */
  data?: string;
  seedDemo?: boolean;
  /** defaults to env NUDGE_ADMIN_TOKEN, else a stored hash, else a new token printed once */
  adminToken?: string;
  consoleDir?: string;
  /** the embed's built files, served under /nudge/v1/ (default: dist/embed, else the workspace's embed build) */
  embedDir?: string;
  heartbeatMs?: number;
  rateLimit?: AppOptions['rateLimit'];
  streams?: AppOptions['streams'];
  trustProxy?: boolean;
  /** control data on Postgres (`postgres://USER@HOST:PORT/DB`); default: the DuckDB file in `data` */
  control?: string;
  /** events and reports elsewhere (see store/open.ts); default: the DuckDB file in `data` */
  events?: string;
  log?: (line: string) => void;
  /** how often alert rules are evaluated (default 5 minutes; 0: never, e.g. tests that run it themselves) */
  alertsIntervalMs?: number;
  /** how often scheduled starts and stops are recorded in the history (default 15 s; 0: never) */
  schedulesIntervalMs?: number;
}

export interface RunningServer extends NudgeApp {
  url: string;
  port: number;
  store: Store;
  /** the admin token when this start created or was given it (never read back from storage) */
  adminToken?: string;
  close(): Promise<void>;
}

export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/console');
/** The server build's copy of the embed (precompressed), then, in the workspace, the embed package's own build. */
export const DEFAULT_EMBED_DIRS = [
  resolve(dirname(fileURLToPath(import.meta.url)), '../dist/embed'),
  resolve(dirname(fileURLToPath(import.meta.url)), '../../embed/dist'),
];

async function resolveAdminToken(
  store: Store,
  given: string | undefined,
  log: (l: string) => void,
): Promise<{ hash: string; token?: string }> {
  if (given) {
    const hash = sha256(given);
    await store.setMeta('admin_token_sha256', hash);
    return { hash, token: given };
  }
  const stored = await store.getMeta('admin_token_sha256');
  if (stored) return { hash: stored };
  const token = newSecret('nudge_admin');
  const hash = sha256(token);
  await store.setMeta('admin_token_sha256', hash);
  log(`\nAdmin token (shown once, only its hash is stored; set NUDGE_ADMIN_TOKEN to choose your own):\n\n  ${token}\n`);
  return { hash, token };
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const data = opts.data ?? '.nudge';
  let dbPath = ':memory:';
  if (data !== ':memory:') {
    mkdirSync(data, { recursive: true });
    dbPath = join(data, 'nudge.duckdb');
  }
  const opened = await openStore({ duckdb: dbPath, control: opts.control, events: opts.events, log });
  const store = opened.store;
  if (opts.control || opts.events) log(opened.where);
  const admin = await resolveAdminToken(store, opts.adminToken ?? (process.env.NUDGE_ADMIN_TOKEN || undefined), log);
  const nudge = createApp({
    store,
    adminTokenHash: admin.hash,
    consoleDir: opts.consoleDir ?? DEFAULT_CONSOLE_DIR,
    embedDirs: opts.embedDir ? [opts.embedDir] : DEFAULT_EMBED_DIRS,
    ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.streams ? { streams: opts.streams } : {}),
    ...(opts.trustProxy ? { trustProxy: true } : {}),
    log,
    ...(opened.bus ? { bus: opened.bus } : {}),
  });
  await nudge.sites.load();
  await nudge.configs.load();
  await opened.connect(nudge);
  if (opts.seedDemo && (await seedDemo(nudge)) === 'created')
    log('seeded site "demo" (four widgets, two running experiments)');

  const host = opts.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: nudge.app.fetch, port: opts.port ?? 8787, hostname: host }, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const stopAlerts = opts.alertsIntervalMs === 0 ? () => {} : nudge.alerts.start(opts.alertsIntervalMs ?? 300_000, log);
  // summaries are checked as often as alerts (each is sent once per period, whatever the interval)
  const stopSummaries =
    opts.alertsIntervalMs === 0 ? () => {} : nudge.summaries.start(opts.alertsIntervalMs ?? 300_000, log);
  const stopSchedules =
    opts.schedulesIntervalMs === 0 ? () => {} : nudge.schedules.start(opts.schedulesIntervalMs ?? 15_000, log);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Readiness answers 503 at once (balancers stop sending new requests here); requests in flight finish. Then
      // stop accepting, end live streams, and write every acknowledged event before closing the database.
      nudge.drain();
      stopAlerts();
      stopSummaries();
      stopSchedules();
      const stopped = new Promise<void>((ok) => server.close(() => ok()));
      nudge.closeStreams();
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 3000))]);
      await nudge.refused.flush().catch(() => {});
      await nudge.seen.flush().catch(() => {});
      // Rows of refused appends still queued are stored now, not by close: their rewards' work (onStored) then starts
      // here, and settle waits for it. Then redemptions, referral rewards and leads are written before the store closes.
      await store.flush().catch(() => {});
      await nudge.settle();
      await store.close();
    })());

  return { ...nudge, url, port, store, ...(admin.token ? { adminToken: admin.token } : {}), close };
}
