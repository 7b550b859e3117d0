// The demo shop's HTTP server: renders pages (en / zh), serves images, its own assets and the built Nudge loader,
// with a strict Content-Security-Policy on every page.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoConfig } from '@nudge/server/demo';
import { createCatalog, type Lang, type Product } from './catalog.js';
import { productSvg } from './images.js';
import {
  cartPage,
  checkoutPage,
  homePage,
  productPage,
  thanksPage,
  type CartLine,
  type Order,
  type PageContext,
} from './pages.js';

export interface ShopOptions {
  /** Nudge endpoint (collector + config service) the script tag points at. */
  endpoint: string;
  site?: string;
  /** Folder with the built nudge.js and its chunks (packages/embed/dist). */
  embedDir: string;
  stubSnippet: string;
  port?: number;
  host?: string;
}

const publicDir = resolve(import.meta.dirname, '../public');

/**
 * The cart shop.js mirrors into its cookie, checked against the catalog (names in the shopper's words are kept as the
 * script shows them; prices are the catalog's). Anything unreadable is an empty cart.
 */
function cartFrom(req: IncomingMessage, catalog: Product[]): CartLine[] {
  const raw = /(?:^|;\s*)demo_cart=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
  try {
    const lines = JSON.parse(decodeURIComponent(raw ?? '[]')) as CartLine[];
    return (Array.isArray(lines) ? lines : []).flatMap((l) => {
      const p = catalog.find((x) => x.sku === l?.sku);
      const quantity = Math.floor(Number(l?.quantity));
      return p && quantity >= 1
        ? [{ sku: p.sku, slug: p.slug, name: String(l.name ?? p.name.en).slice(0, 200), price: p.price, quantity }]
        : [];
    });
  } catch {
    return [];
  }
}

/**
 * What this browser has bought in the demo, by SKU (its cookie). A test order moves the stock and sold figures this
 * shopper sees, so the stock banner follows it, but never what the next person sees: the shared catalog stays as it
 * started (a demo run by many people would otherwise sell out for all of them).
 */
function boughtFrom(req: IncomingMessage, catalog: Product[]): Map<string, number> {
  const raw = /(?:^|;\s*)demo_bought=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
  const bought = new Map<string, number>();
  try {
    const v: unknown = JSON.parse(decodeURIComponent(raw ?? '{}'));
    for (const p of catalog) {
      const n = v && typeof v === 'object' ? (v as Record<string, unknown>)[p.sku] : undefined;
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) bought.set(p.sku, n);
    }
  } catch {
    /* unreadable: nothing bought */
  }
  return bought;
}

/** The catalog as this shopper sees it: their own orders taken off the stock and added to the units sold. */
const asSeenBy = (catalog: Product[], bought: Map<string, number>): Product[] =>
  catalog.map((p) => {
    const n = Math.min(bought.get(p.sku) ?? 0, p.stock);
    return n ? { ...p, stock: p.stock - n, sold24h: p.sold24h + n } : p;
  });

type Offer = { amount: number; threshold: number };
/**
 * The welcome coupons the demo config offers, by code: the coupon popup's own props and each variant's patch of it.
 * Read from the seeded config, so the checkout honours exactly what the popup promises.
 */
const COUPONS: Record<string, Offer> = (() => {
  const config = demoConfig();
  const popup = config.widgets.find((w) => w.type === 'coupon-popup');
  const out: Record<string, Offer> = {};
  const add = (p: Record<string, unknown> | undefined) => {
    const o = { ...popup?.props, ...p } as { code?: string; amount?: number; threshold?: number };
    if (o.code && o.amount) out[o.code.toUpperCase()] = { amount: o.amount, threshold: o.threshold ?? 0 };
  };
  add(undefined);
  for (const e of config.experiments ?? [])
    for (const v of e.variants) add(v.patch?.[popup?.id ?? ''] as Record<string, unknown> | undefined);
  return out;
})();
const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

async function body(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startShop(
  options: ShopOptions,
): Promise<{ url: string; close(): Promise<void>; orders: Map<string, Order> }> {
  const shared = createCatalog();
  const orders = new Map<string, Order>();
  const site = options.site ?? 'demo';
  const endpointOrigin = new URL(options.endpoint).origin;

  /**
   * Static files as a CDN serves them: gzip when the browser accepts it, an ETag for revalidation, and the cache rule
   * packages/embed/README.md gives merchants (content-hashed chunks for a year, nudge.js and the runtime revalidated).
   */
  const compressed = new Map<string, Buffer>();
  const serveFile = async (req: IncomingMessage, res: ServerResponse, root: string, rel: string) => {
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) return notFound(res);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return notFound(res);
    }
    const etag = `"${createHash('sha1').update(data).digest('base64url').slice(0, 20)}"`;
    const hashed = /[\\/]chunks[\\/][^\\/]+-[\w-]{8}\.js$/.test(file);
    const headers: Record<string, string> = {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && extname(file) !== '.png') {
      const key = `${file}:${etag}`;
      let zipped = compressed.get(key);
      if (!zipped) compressed.set(key, (zipped = gzipSync(data, { level: 9 })));
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      return res.end(zipped);
    }
    res.writeHead(200, headers);
    res.end(data);
  };
  const notFound = (res: ServerResponse) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://shop.local');
    const host = req.headers.host ?? 'localhost';
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      const zh = /^zh\b/i.test(req.headers['accept-language'] ?? '');
      // The query goes along: an invite link (`/?ref=CODE`) must land with its code.
      res.writeHead(302, { location: (zh ? '/zh/' : '/en/') + url.search });
      return res.end();
    }
    if (path.startsWith('/nudge/')) return serveFile(req, res, options.embedDir, path.slice('/nudge/'.length));
    if (path.startsWith('/assets/')) return serveFile(req, res, publicDir, path.slice('/assets/'.length));
    const bought = boughtFrom(req, shared);
    const catalog = asSeenBy(shared, bought);
    const img = /^\/img\/([a-z0-9-]+)-([0-2])\.svg$/.exec(path);
    if (img) {
      const p = catalog.find((x) => x.slug === img[1]);
      if (!p) return notFound(res);
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=3600' });
      return res.end(productSvg(p, Number(img[2]), p.name.en));
    }
    const m = /^\/(en|zh)(\/.*)$/.exec(path);
    if (!m) return notFound(res);
    const lang: Lang = m[1] === 'zh' ? 'zh-CN' : 'en';
    const rest = m[2]!;
    const nonce = randomBytes(16).toString('base64');
    const ctx: PageContext = {
      lang,
      nonce,
      site,
      stubSnippet: options.stubSnippet,
      path: rest + url.search,
      cart: cartFrom(req, catalog),
      endpoint: url.searchParams.get('nudge') === 'off' ? null : options.endpoint,
    };
    const html = (status: number, text: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // Strict: no inline script without the nonce, no eval, styles only from files (Nudge uses adopted sheets).
        'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${endpointOrigin}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      });
      res.end(text);
    };
    if (rest === '/' || rest === '') return html(200, homePage(ctx, catalog));
    if (rest === '/cart') return html(200, cartPage(ctx));
    if (rest === '/checkout') return html(200, checkoutPage(ctx));
    if (rest === '/thanks') {
      // The purchase call is rendered on the first view of the page only, as a shop should: a reload or a return from
      // the history would otherwise send the order again (the reports count a transaction_id once, raw events do not).
      const order = orders.get(url.searchParams.get('order') ?? '');
      const first = !!order && !order.tracked;
      if (order) order.tracked = true;
      return html(200, thanksPage(ctx, order, first));
    }
    const prod = /^\/p\/([a-z0-9-]+)$/.exec(rest);
    if (prod) {
      const p = catalog.find((x) => x.slug === prod[1]);
      if (!p) return html(404, homePage(ctx, catalog));
      // The referral card's slot only where it has something to show: an invite link's visitor, or a customer.
      const card = url.searchParams.has('ref') || bought.size > 0;
      return html(200, productPage(ctx, p, `http://${host}${path}`, new Date().toISOString(), card));
    }
    if (rest === '/order' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      let wanted: { sku: string; quantity: number }[] = [];
      try {
        wanted = JSON.parse(form.get('items') ?? '[]') as typeof wanted;
      } catch {
        /* an empty order below */
      }
      const items: Order['items'] = [];
      const before = new Map(bought);
      for (const w of Array.isArray(wanted) ? wanted : []) {
        const p = catalog.find((x) => x.sku === w.sku);
        // The stock this shopper sees, less what earlier lines of this order took.
        const left = p ? p.stock - ((bought.get(p.sku) ?? 0) - (before.get(p.sku) ?? 0)) : 0;
        const quantity = Math.min(Math.max(1, Math.floor(Number(w.quantity) || 1)), left);
        if (!p || quantity < 1) continue;
        // This shopper's stock moves (their cookie), so their next page's JSON-LD and stock banner show the new figure.
        bought.set(p.sku, (bought.get(p.sku) ?? 0) + quantity);
        items.push({ item_id: p.sku, item_name: p.name[lang], price: p.price, quantity });
      }
      const id = `D${Date.now().toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;
      const coupon = form.get('coupon')?.trim();
      // The customer's own referral code (a real shop keeps one per customer account).
      const referralCode = `${
        (form.get('name') ?? '')
          .replace(/[^a-z]/gi, '')
          .slice(0, 6)
          .toUpperCase() || 'FRIEND'
      }${randomBytes(2).readUInt16BE() % 1000}`;
      const subtotal = Math.round(items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;
      // The welcome coupons the demo config offers (each variant has its own code): amount off from a threshold.
      const offer = coupon ? COUPONS[coupon.toUpperCase()] : undefined;
      const discount = offer && subtotal >= offer.threshold ? offer.amount : 0;
      const order: Order = {
        id,
        referralCode,
        value: subtotal - discount,
        items,
        ...(coupon ? { coupon: coupon.toUpperCase() } : {}),
        ...(discount ? { discount } : {}),
      };
      orders.set(id, order);
      res.writeHead(303, {
        location: `/${m[1]}/thanks?order=${encodeURIComponent(id)}`,
        'set-cookie': `demo_bought=${encodeURIComponent(JSON.stringify(Object.fromEntries(bought)))}; Path=/; Max-Age=86400; SameSite=Lax; HttpOnly`,
      });
      return res.end();
    }
    return html(404, homePage(ctx, catalog));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('error');
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    orders,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
