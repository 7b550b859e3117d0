// `pnpm demo`: builds the loader (and the console when missing or stale), starts the Nudge server with the seeded demo site
// on its embedded store, serves the shop, prints the three URLs; Ctrl-C stops everything.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONSOLE_DIR } from '@nudge/server';
import { DEMO_SITE } from '@nudge/server/demo';
import { buildEmbed } from '@nudge/embed/build';
import { ALL_FOUR_PATH, startDemo } from './start-demo.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    'server-port': { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: join(root, '.nudge/demo') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`pnpm demo [--port 5173] [--server-port 8787] [--host 127.0.0.1] [--data .nudge/demo]

  --port          the shop's port (0 picks a free one); the demo site is made to allow it
  --server-port   the Nudge server's port: collector, config service, console (0 picks a free one)
  --host          address both bind to
  --data          folder for the server's DuckDB file and the admin token

Simulated shoppers for a server on another port: pnpm demo:traffic --endpoint http://127.0.0.1:<server-port>`);
  process.exit(0);
}

console.log('Nudge demo: building the script-tag loader...');
const embedDir = await buildEmbed({ logLevel: 'silent' });
/** Newest modification time of the files under these paths (0 when none exist). */
const newest = (paths: string[]): number =>
  Math.max(
    0,
    ...paths
      .filter((p) => existsSync(p))
      .map((p) => {
        const st = statSync(p);
        return st.isDirectory()
          ? newest(
              readdirSync(p)
                .filter((n) => n !== 'node_modules')
                .map((n) => join(p, n)),
            )
          : st.mtimeMs;
      }),
  );
// The console is built when missing or older than its sources (its own, and the widgets and core its preview runs),
// so a checkout that moved on never serves a console from before.
const consoleIndex = join(DEFAULT_CONSOLE_DIR, 'index.html');
const consoleSources = [
  'packages/console/src',
  'packages/console/vite.config.ts',
  'packages/widgets/src',
  'packages/core/src',
].map((p) => join(root, p));
if (!existsSync(consoleIndex) || statSync(consoleIndex).mtimeMs < newest(consoleSources)) {
  console.log('Nudge demo: building the growth console...');
  const r = spawnSync('pnpm', ['--filter', '@nudge/console', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.warn('the console build failed; the shop and the API still run');
}

// A token the demo can print on every start: the one in the environment, else one kept beside the demo data.
mkdirSync(args.data!, { recursive: true });
const tokenFile = join(args.data!, 'admin-token.txt');
const adminToken =
  process.env.NUDGE_ADMIN_TOKEN ||
  (existsSync(tokenFile)
    ? readFileSync(tokenFile, 'utf8').trim()
    : `nudge_admin_demo_${randomBytes(12).toString('hex')}`);
writeFileSync(tokenFile, adminToken, { mode: 0o600 });

const demo = await startDemo({
  port: Number(args.port),
  serverPort: Number(args['server-port']),
  host: args.host!,
  data: args.data!,
  adminToken,
  embedDir,
  log: (l) => console.log(l.trim()),
});
const { server, shop } = demo;
if (demo.allowed.length) console.log(`Nudge demo: site "${DEMO_SITE}" now also allows ${demo.allowed.join(' and ')}`);
// the traffic command for these ports (its defaults are the demo's)
const trafficCmd = [
  'pnpm demo:traffic',
  server.url !== 'http://127.0.0.1:8787' && `--endpoint ${server.url}`,
  shop.url !== 'http://127.0.0.1:5173' && `--shop ${shop.url}`,
]
  .filter(Boolean)
  .join(' ');

console.log(`
  Shop (English):   ${shop.url}/en/
  Shop (中文):      ${shop.url}/zh/
  Growth console:   ${server.url}/console/
  Admin token:      ${adminToken}

  All four widgets (a product page opened from a friend's invite link): ${shop.url}${ALL_FOUR_PATH}
  Referral card: also on the home page and the thank-you page after an order (your own invite link)
  Simulated shoppers for the console:  ${trafficCmd}   (in another terminal)
  Ctrl-C stops the shop and the server.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the shop and the server (flushing stored events)...');
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
