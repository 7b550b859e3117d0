// The running part of `pnpm demo`: the Nudge server with the seeded demo site, and the shop, whose own origin the
// site is made to allow wherever it listens (the seed knows only the usual dev ports).
import { startServer, type RunningServer } from '@nudge/server';
import { allowShopOrigins, DEMO_SITE } from '@nudge/server/demo';
import { STUB_SNIPPET } from '@nudge/embed';
import { startShop } from './shop-server.js';

/**
 * The page that shows all four widgets: a product page (coupon popup, stock banner, buy bar) opened from a friend's
 * invite link, so the referral card has the friend's welcome reward to show.
 */
export const ALL_FOUR_PATH = '/en/p/tieguanyin-oolong?ref=FRIEND10';

export interface DemoOptions {
  /** the shop's port; 0 picks a free one */
  port: number;
  /** the Nudge server's port; 0 picks a free one */
  serverPort: number;
  host: string;
  /** the server's data folder, or ':memory:' */
  data: string;
  adminToken: string;
  /** folder with the built loader (nudge.js and its chunks) */
  embedDir: string;
  log?: (line: string) => void;
}

export interface RunningDemo {
  server: RunningServer;
  shop: Awaited<ReturnType<typeof startShop>>;
  /** origins added to the demo site's allowed origins on this start (none when it already had them) */
  allowed: string[];
  close(): Promise<void>;
}

export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const server = await startServer({
    port: o.serverPort,
    host: o.host,
    data: o.data,
    seedDemo: true,
    adminToken: o.adminToken,
    log: o.log ?? (() => {}),
  });
  const shop = await startShop({
    endpoint: server.url,
    embedDir: o.embedDir,
    stubSnippet: STUB_SNIPPET,
    port: o.port,
    host: o.host,
  });
  // without it the shop's config fetch, live stream and events are refused by CORS
  const allowed = await allowShopOrigins(server.sites, DEMO_SITE, shop.url);
  return {
    server,
    shop,
    allowed,
    async close() {
      await shop.close();
      await server.close();
    },
  };
}
