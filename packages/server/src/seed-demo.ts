// --seed-demo: the `demo` site with all four widgets and two running experiments, ready for the demo shop.
import type { NudgeConfig } from '@nudge/core/spec';
import type { ConfigService } from './config/service.js';
import type { Sites } from './sites.js';

export const DEMO_SITE = 'demo';

/**
 * What `--seed-demo` allows before it knows where the shop runs: localhost or 127.0.0.1 on the usual dev ports. A shop
 * on another port is added with allowShopOrigins once it listens (`pnpm demo` does).
 */
export const DEMO_ORIGINS = [5173, 5174, 4173, 8080, 3000].flatMap((p) => [
  `http://localhost:${p}`,
  `http://127.0.0.1:${p}`,
]);

/** Names a browser on this machine may use for a server bound to loopback or to every address. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]']);

/**
 * The origins a browser sends for pages served at `shopUrl`: its own, and for a local shop the same port as both
 * http://127.0.0.1 and http://localhost (the URL printed is one, the address bar often gets the other).
 */
export function shopOrigins(shopUrl: string): string[] {
  const u = new URL(shopUrl);
  const local = LOCAL_HOSTS.has(u.hostname)
    ? ['127.0.0.1', 'localhost'].map((h) => `${u.protocol}//${h}${u.port ? `:${u.port}` : ''}`)
    : [];
  return [...new Set([u.origin, ...local])];
}

/**
 * Adds the shop's origins to a site's allowed origins, keeping every origin already there (what the growth team set
 * stays); returns the ones added. Nothing is added to a site that allows `*`, or that does not exist.
 */
export async function allowShopOrigins(sites: Sites, site: string, shopUrl: string): Promise<string[]> {
  const current = sites.get(site)?.allowedOrigins;
  if (!current || current.includes('*')) return [];
  const added = shopOrigins(shopUrl).filter((o) => !current.includes(o));
  if (added.length) await sites.update(site, { allowedOrigins: [...current, ...added] });
  return added;
}

/**
 * The demo config sets no shopper-facing sentences: the widgets' built-in en / zh-CN / zh-TW strings say "A welcome
 * gift for you", "Spend $100, save $20", "Add to cart" in the page's language (a heading here would need a value per
 * locale, CONFIG.md "Copy per locale", to read right on the Chinese pages). Rewards are amounts, which read in either
 * language.
 */
export function demoConfig(): NudgeConfig {
  return {
    schema: 1,
    site: DEMO_SITE,
    version: 1,
    currency: 'USD',
    segments: { activeWithinDays: 30, dormantAfterDays: 90, highValue: { minOrders: 3, minSpent: 500 } },
    widgets: [
      {
        id: 'welcome-coupon',
        type: 'coupon-popup',
        enabled: true,
        trigger: { delayMs: 4000, exitIntent: true },
        frequency: { quietDaysAfterDismiss: 7, oncePerSession: true },
        props: { code: 'WELCOME20', amount: 20, threshold: 100, currency: 'USD' },
      },
      {
        id: 'stock',
        type: 'stock-banner',
        enabled: true,
        props: { lowStockThreshold: 10, maxAgeSeconds: 900, source: 'demo-inventory' },
      },
      {
        id: 'refer-a-friend',
        type: 'referral-card',
        enabled: true,
        props: { inviterReward: '$10', friendReward: '$10' },
      },
      {
        id: 'buy-bar',
        type: 'buy-bar',
        enabled: true,
        props: { position: 'bottom', color: '#1f2937' },
      },
    ],
    experiments: [
      {
        key: 'buy-bar-color',
        name: 'Buy bar colour: red vs blue',
        status: 'running',
        traffic: 1,
        variants: [
          { key: 'red', weight: 0.5, patch: { 'buy-bar': { color: '#d92d20' } } },
          { key: 'blue', weight: 0.5, patch: { 'buy-bar': { color: '#1d4ed8' } } },
        ],
      },
      {
        key: 'coupon-threshold',
        name: 'Coupon: spend 100 save 20 vs spend 150 save 30',
        status: 'running',
        traffic: 1,
        variants: [
          { key: 'spend100-save20', weight: 0.5, patch: { 'welcome-coupon': { threshold: 100, amount: 20 } } },
          {
            key: 'spend150-save30',
            weight: 0.5,
            patch: { 'welcome-coupon': { code: 'WELCOME30', threshold: 150, amount: 30 } },
          },
        ],
      },
    ],
  };
}

/** Creates the demo site once; later starts leave what the growth team changed alone. */
export async function seedDemo(
  n: { sites: Sites; configs: ConfigService },
  author = 'seed-demo',
): Promise<'created' | 'exists'> {
  if (n.sites.get(DEMO_SITE)) return 'exists';
  try {
    await n.sites.create({
      id: DEMO_SITE,
      name: 'Nudge demo shop',
      allowedOrigins: DEMO_ORIGINS,
      createdAt: Date.now(),
    });
  } catch (err) {
    // Another server instance on the same control database seeded it at the same moment.
    await n.sites.reload(DEMO_SITE);
    if (n.sites.get(DEMO_SITE)) return 'exists';
    throw err;
  }
  const r = await n.configs.publish(DEMO_SITE, demoConfig(), {
    author,
    action: { type: 'create', demo: true },
  });
  if (!r.ok) throw new Error(`demo config is invalid: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return 'created';
}
