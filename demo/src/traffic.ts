// `pnpm demo:traffic`: simulated shoppers through the collector API, so the console has results on a fresh machine.
// Each shopper is bucketed with the core's own assign() (the same hash the browser uses), walks the funnel with
// conversion rates that differ per variant, and every event says `simulated: true`. Bounded in count and time.
import { parseArgs } from 'node:util';
import { assign, type NudgeConfig } from '@nudge/core/spec';
import { uuidv7 } from '@nudge/server/testing';

const { values: args } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://127.0.0.1:8787' },
    shop: { type: 'string', default: 'http://127.0.0.1:5173' },
    site: { type: 'string', default: 'demo' },
    shoppers: { type: 'string', default: '1500' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '7' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`pnpm demo:traffic [--endpoint http://127.0.0.1:8787] [--shop http://127.0.0.1:5173] [--site demo]
                  [--shoppers 1500] [--seconds 60] [--seed 7]

  --endpoint   the Nudge server (pnpm demo --server-port N serves it at http://127.0.0.1:N)
  --shop       the shop URL written into the events' page URLs (pnpm demo --port N: http://127.0.0.1:N)
  --site       the site the events are for
  --shoppers   how many shoppers to simulate (at most 5000)
  --seconds    stop after this long even if not all were sent (5 to 600)
  --seed       the same seed tells the same story`);
  process.exit(0);
}
const shopOrigin = new URL(args.shop!).origin;
const shoppers = Math.min(5000, Math.max(1, Number(args.shoppers) || 1500));
const deadline = Date.now() + Math.min(600, Math.max(5, Number(args.seconds) || 60)) * 1000;
const UA = 'nudge-demo-traffic/1 (simulated shoppers)';

// A seeded generator so two runs tell the same story.
let state = Number(args.seed) >>> 0 || 7;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const chance = (p: number) => random() < p;

const products = [
  { item_id: 'TEA-OOL-150', item_name: 'Tieguanyin Oolong, 150 g tin', price: 32, path: '/en/p/tieguanyin-oolong' },
  { item_id: 'WARE-POT-RU', item_name: 'Ru-kiln celadon teapot, 220 ml', price: 89, path: '/en/p/ru-kiln-teapot' },
  { item_id: 'GIFT-BOX-3', item_name: 'Three teas gift box', price: 64, path: '/en/p/gift-box' },
  { item_id: 'TEA-JAS-100', item_name: 'Jasmine Silver Needle, 100 g', price: 24, path: '/en/p/jasmine-silver-needle' },
];

/** Funnel odds per variant: red buy bar converts better than blue; the bigger coupon lifts order value, not rate. */
const odds = {
  addToCart: { red: 0.34, blue: 0.26 } as Record<string, number>,
  checkout: 0.62,
  purchase: { 'spend100-save20': 0.58, 'spend150-save30': 0.5 } as Record<string, number>,
  bigBasket: { 'spend100-save20': 0.3, 'spend150-save30': 0.55 } as Record<string, number>,
};

async function main() {
  const res = await fetch(`${args.endpoint}/v1/config/${args.site}`).catch((e: unknown) => {
    throw new Error(
      `cannot reach the Nudge server at ${args.endpoint} (start it with pnpm demo): ${(e as Error).message}`,
    );
  });
  if (!res.ok) throw new Error(`GET /v1/config/${args.site}: ${res.status} ${await res.text()}`);
  const config = (await res.json()) as NudgeConfig;
  const running = config.experiments.filter((e) => e.status === 'running');
  const referrers: string[] = [];
  let sent = 0,
    done = 0,
    purchases = 0,
    rejected = 0;
  const perVariant: Record<string, { shoppers: number; purchases: number }> = {};

  for (let i = 0; i < shoppers && Date.now() < deadline; i++) {
    const start = Date.now() - Math.floor(random() * 36 * 3600_000);
    let t = start;
    const anonymousId = uuidv7(start);
    const sessionId = uuidv7(start);
    const experiments: Record<string, string> = {};
    for (const e of running) {
      const a = assign(e, anonymousId);
      if (a.variant) experiments[e.key] = a.variant;
    }
    const referral = referrers.length && chance(0.12) ? referrers[Math.floor(random() * referrers.length)] : undefined;
    const product = products[Math.floor(random() * products.length)]!;
    const events: unknown[] = [];
    let seq = 0;
    const add = (name: string, path: string, props: Record<string, unknown> = {}) => {
      t += 2000 + Math.floor(random() * 20_000);
      events.push({
        id: uuidv7(t),
        name,
        ts: t,
        anonymousId,
        sessionId,
        seq: ++seq,
        page: { url: `${shopOrigin}${path}`, path, referrer: '', title: 'Camellia Tea House' },
        context: { locale: 'en', screen: '1280x800', utm: {}, experiments, ...(referral ? { referral } : {}) },
        props: { ...props, simulated: true },
      });
    };
    add('page_view', referral ? `/en/?ref=${referral}` : '/en/');
    add('page_view', product.path);
    add('view_item', product.path, {
      currency: 'USD',
      value: product.price,
      items: [{ ...product, path: undefined, quantity: 1 }],
    });
    for (const [key, variant] of Object.entries(experiments)) {
      add('experiment_exposure', product.path, {
        experiment: key,
        variant,
        widget: key === 'buy-bar-color' ? 'buy-bar' : 'welcome-coupon',
        bucket_version: 0,
      });
    }
    const bar = experiments['buy-bar-color'] ?? 'red';
    const coupon = experiments['coupon-threshold'] ?? 'spend100-save20';
    let converted = false;
    if (chance(odds.addToCart[bar] ?? 0.3)) {
      const quantity = chance(odds.bigBasket[coupon] ?? 0.3) ? 3 : 1;
      const item = { item_id: product.item_id, item_name: product.item_name, price: product.price, quantity };
      const value = product.price * quantity;
      add('add_to_cart', product.path, {
        currency: 'USD',
        value,
        items: [item],
        source: chance(0.4) ? 'buy_bar' : 'page',
      });
      if (chance(odds.checkout)) {
        add('begin_checkout', '/en/checkout', { currency: 'USD', value, items: [item] });
        if (chance(odds.purchase[coupon] ?? 0.5)) {
          add('purchase', '/en/thanks', {
            transaction_id: `SIM-${i}-${anonymousId.slice(-6)}`,
            currency: 'USD',
            value,
            items: [item],
          });
          converted = true;
        }
      }
    }
    // Some buyers share their code; later shoppers may land with it.
    if (converted && chance(0.5)) referrers.push(`R${anonymousId.slice(-8).toUpperCase()}`);
    // A 429 stored nothing: the same shopper's batch is sent again, and the shopper is counted once, when it is stored.
    let post: Response, body: { rejected?: unknown[] };
    for (;;) {
      post = await fetch(`${args.endpoint}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': UA },
        body: JSON.stringify({ site: args.site, sentAt: Date.now(), events }),
      });
      body = (await post.json().catch(() => ({}))) as { rejected?: unknown[] };
      if (post.status !== 429 || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 1000 * Number(post.headers.get('retry-after') ?? 1)));
    }
    if (post.status === 429) break;
    if (!post.ok) throw new Error(`POST /v1/events: ${post.status} ${JSON.stringify(body)}`);
    rejected += body.rejected?.length ?? 0;
    sent += events.length;
    done++;
    if (converted) purchases++;
    for (const [key, variant] of Object.entries(experiments)) {
      const v = (perVariant[`${key}=${variant}`] ??= { shoppers: 0, purchases: 0 });
      v.shoppers++;
      if (converted) v.purchases++;
    }
  }
  console.log(
    `simulated ${done} shoppers (${sent} events, ${purchases} purchases${rejected ? `, ${rejected} rejected` : ''}) against ${args.endpoint}`,
  );
  for (const [k, v] of Object.entries(perVariant).sort())
    console.log(
      `  ${k.padEnd(40)} ${String(v.shoppers).padStart(5)} shoppers  ${String(v.purchases).padStart(4)} purchases  ${((100 * v.purchases) / v.shoppers).toFixed(1)}%`,
    );
  console.log('every event carries simulated: true; open the console to see the results');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
