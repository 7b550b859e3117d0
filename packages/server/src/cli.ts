// nudge-server [--port 8787] [--host 127.0.0.1] [--data .nudge] [--seed-demo] [--trust-proxy] [--control URL] [--events URL]
import { parseArgs } from 'node:util';
import { startServer } from './server.js';
import { controlUrlProblem, eventsUrlProblem } from './store/open.js';

const USAGE = `usage: nudge-server [--port 8787] [--host 127.0.0.1] [--data .nudge] [--seed-demo] [--trust-proxy]
                    [--control postgres://USER@HOST:PORT/DB] [--events URL]

  --port       port to listen on (0 picks a free one)         env PORT
  --host       address to bind                                env HOST
  --data       data folder, created on first start            env NUDGE_DATA
  --seed-demo  create the "demo" site with four widgets and two running experiments
  --control postgres://USER@HOST:PORT/DB   sites, write keys, configs, counters and retry keys on Postgres, shared by
               every instance given the same URL (publishes reach all their streams)   env NUDGE_CONTROL_URL
  --events URL   events and reports elsewhere than the DuckDB file                      env NUDGE_EVENTS_URL
               (what neither names stays in the DuckDB file in --data, the default)
  --trust-proxy  behind a load balancer: rate limits count the client address it appended last to
                 X-Forwarded-For (without it the header is ignored: a client could forge it)   env NUDGE_TRUST_PROXY=1
  --rate-site N, --rate-address N   ingest requests per second per site (2000) / per client address (50)
  --streams-address N, --streams-total N   open config streams per client address (50) / in all (5000)
  --schedule-check S   seconds between looks for scheduled starts and stops to record in the history (15)
                       env NUDGE_SCHEDULE_CHECK
  env NUDGE_ADMIN_TOKEN  admin token (otherwise one is generated on first start and printed once)

  GET /healthz answers 200 while the process runs; GET /readyz 200 when its stores answer, 503 when one does not
  (within 1 s) or once SIGTERM/SIGINT starts draining.`;

async function main(): Promise<void> {
  let args;
  try {
    // `pnpm start -- --seed-demo` hands the `--` on: one leading `--` is the package manager's, not an argument.
    const argv = process.argv.slice(2);
    args = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'seed-demo': { type: 'boolean' },
        'trust-proxy': { type: 'boolean' },
        control: { type: 'string' },
        events: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        // benchmarks raise the ingest limits: requests per second per site / per client address
        'rate-site': { type: 'string' },
        'rate-address': { type: 'string' },
        'streams-address': { type: 'string' },
        'streams-total': { type: 'string' },
        'schedule-check': { type: 'string' },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(args.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: expected 0-65535, got ${args.port}\n\n${USAGE}`);
    process.exit(2);
  }
  const rate = (v: string | undefined) => (v ? { rate: Number(v), burst: Number(v) * 2 } : undefined);
  const perSite = rate(args['rate-site']);
  const perAddress = rate(args['rate-address']);
  const streams: { perAddress?: number; total?: number } = {};
  for (const [flag, key] of [
    ['streams-address', 'perAddress'],
    ['streams-total', 'total'],
  ] as const) {
    const v = args[flag];
    if (v === undefined) continue;
    if (!/^\d+$/.test(v) || Number(v) < 1) {
      console.error(`--${flag}: expected a whole number of at least 1, got ${v}\n\n${USAGE}`);
      process.exit(2);
    }
    streams[key] = Number(v);
  }
  const scheduleCheck = args['schedule-check'] ?? process.env.NUDGE_SCHEDULE_CHECK;
  if (scheduleCheck !== undefined && !(Number(scheduleCheck) >= 0.1 && Number(scheduleCheck) <= 3600)) {
    console.error(`--schedule-check: expected seconds between 0.1 and 3600, got ${scheduleCheck}\n\n${USAGE}`);
    process.exit(2);
  }
  const control = args.control ?? (process.env.NUDGE_CONTROL_URL || undefined);
  const events = args.events ?? (process.env.NUDGE_EVENTS_URL || undefined);
  for (const [flag, url, problem] of [
    ['control', control, controlUrlProblem],
    ['events', events, eventsUrlProblem],
  ] as const) {
    const why = url === undefined ? undefined : problem(url);
    if (why) {
      console.error(`--${flag}: ${why}\n\n${USAGE}`);
      process.exit(2);
    }
  }
  const server = await startServer({
    port,
    host: args.host ?? process.env.HOST ?? '127.0.0.1',
    data: args.data ?? process.env.NUDGE_DATA ?? '.nudge',
    seedDemo: !!args['seed-demo'],
    ...(control ? { control } : {}),
    ...(events ? { events } : {}),
    trustProxy: !!args['trust-proxy'] || ['1', 'true'].includes(process.env.NUDGE_TRUST_PROXY ?? ''),
    ...(Object.keys(streams).length ? { streams } : {}),
    ...(scheduleCheck !== undefined ? { schedulesIntervalMs: Number(scheduleCheck) * 1000 } : {}),
    ...(perSite || perAddress
      ? { rateLimit: { ...(perSite ? { perSite } : {}), ...(perAddress ? { perAddress } : {}) } }
      : {}),
  });
  console.log(`nudge-server listening on ${server.url}  (console: ${server.url}/console/)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining (/readyz answers 503), flushing events and closing the store...`);
    server.close().then(
      () => {
        console.log('nudge-server stopped; every acknowledged event is stored');
        process.exit(0);
      },
      (e: unknown) => {
        console.error('shutdown failed', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error('nudge-server failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
