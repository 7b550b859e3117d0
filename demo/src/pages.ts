// Server-rendered pages of the demo shop. Every text goes through esc(); JSON in <script> is escaped for HTML.
import { CURRENCY, type Lang, type Product } from './catalog.js';
import { formatPrice, langPath, other, t } from './i18n.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside <script> (no "</script>" or "<!--" can end it early). */
export const scriptJson = (v: unknown) =>
  JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export interface PageContext {
  lang: Lang;
  /** Per-response CSP nonce for the two small inline scripts (stub snippet, purchase one-liner). */
  nonce: string;
  /** Base URL of the Nudge collector/config service; null renders the page without Nudge (page-cost baseline). */
  endpoint: string | null;
  site: string;
  stubSnippet: string;
  /** Path of this page without the language prefix, for the language switch. */
  path: string;
  /** The cart as the shop's script last saved it (its cookie), so pages render it before any script runs. */
  cart?: CartLine[];
}

/** A cart line as shop.js keeps it (localStorage, mirrored in the demo_cart cookie). */
export interface CartLine {
  sku: string;
  slug: string;
  name: string;
  price: number;
  quantity: number;
}

/** The cart box's content, the same markup shop.js renders, so its script changes nothing on screen (no shift). */
function cartBox(ctx: PageContext, removable: boolean): string {
  const { lang } = ctx;
  const lines = ctx.cart ?? [];
  if (!lines.length) return `<p>${esc(t(lang, 'emptyCart'))}</p>`;
  const total = Math.round(lines.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;
  return `<ul class="cart-lines">${lines.map((i) => `<li><img src="/img/${esc(i.slug)}-0.svg" alt="" width="64" height="64"><span>${esc(`${i.name} × ${i.quantity}`)}</span><span>${formatPrice(lang, i.price * i.quantity)}</span>${removable ? `<button type="button">${esc(t(lang, 'remove'))}</button>` : ''}</li>`).join('')}</ul><p class="cart-total">${esc(t(lang, 'total'))}: ${formatPrice(lang, total)}</p>`;
}

function layout(ctx: PageContext, title: string, body: string, head = '', tail = ''): string {
  const { lang } = ctx;
  const lp = langPath(lang);
  const nudge = ctx.endpoint
    ? `<script nonce="${esc(ctx.nonce)}">${ctx.stubSnippet}</script>
<script async src="/nudge/nudge.js" nonce="${esc(ctx.nonce)}" data-site="${esc(ctx.site)}" data-endpoint="${esc(ctx.endpoint)}" data-locale="${lang}" data-track-add-to-cart="#add-to-cart" data-track-checkout="#checkout-button"></script>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(t(lang, 'shopName'))}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/shop.css">
<script type="module" src="/assets/shop.js"></script>
${head}
${nudge}
</head>
<body>
<header class="site-header">
  <a class="brand" href="/${lp}/">${esc(t(lang, 'shopName'))}</a>
  <nav aria-label="${esc(t(lang, 'mainNav'))}">
    <a href="/${lp}/">${esc(t(lang, 'home'))}</a>
    <a href="/${lp}/cart" id="cart-link">${esc(t(lang, 'cart'))} (<span id="cart-count">${(ctx.cart ?? []).reduce((n, i) => n + i.quantity, 0)}</span>)</a>
    <a href="/${langPath(other(lang))}${esc(ctx.path)}" hreflang="${other(lang)}" lang="${other(lang)}" id="lang-switch">${esc(t(lang, 'language'))}</a>
  </nav>
</header>
<main id="main">
${body}
</main>
<footer class="site-footer" id="site-footer"><p>${esc(t(lang, 'footer'))}</p></footer>
${tail}
</body>
</html>`;
}

const card = (lang: Lang, p: Product) => `<li class="card">
  <a href="/${langPath(lang)}/p/${p.slug}">
    <img src="/img/${p.slug}-0.svg" alt="${esc(p.name[lang])}" width="600" height="600">
    <span class="card-name">${esc(p.name[lang])}</span>
    <span class="card-price">${formatPrice(lang, p.price)}${p.compareAtPrice ? ` <s>${formatPrice(lang, p.compareAtPrice)}</s>` : ''}</span>
    ${p.stock === 0 ? `<span class="badge">${esc(t(lang, 'soldOut'))}</span>` : ''}
  </a>
</li>`;

export function homePage(ctx: PageContext, products: Product[]): string {
  const { lang } = ctx;
  return layout(
    ctx,
    t(lang, 'home'),
    `<section class="hero">
  <h1>${esc(t(lang, 'shopName'))}</h1>
  <p>${esc(t(lang, 'tagline'))}</p>
</section>
<ul class="grid" id="product-grid">${products.map((p) => card(lang, p)).join('')}</ul>
<section class="nudge-slot nudge-slot-referral" id="nudge-referral" data-nudge-slot="referral-card" aria-label="${esc(t(lang, 'shareHeading'))}"></section>`,
  );
}

/** schema.org Product with the stock the shop holds right now, stamped with when it was read. */
export function productJsonLd(lang: Lang, p: Product, url: string, now: string) {
  const offer: Record<string, unknown> = {
    '@type': 'Offer',
    url,
    price: p.price.toFixed(2),
    priceCurrency: CURRENCY,
    availability:
      p.stock === 0
        ? 'https://schema.org/OutOfStock'
        : p.stock <= 5
          ? 'https://schema.org/LimitedAvailability'
          : 'https://schema.org/InStock',
    inventoryLevel: { '@type': 'QuantitativeValue', value: p.stock },
    dateModified: now,
  };
  if (p.saleEndsAt) offer.priceValidUntil = p.saleEndsAt;
  if (p.compareAtPrice)
    offer.priceSpecification = {
      '@type': 'UnitPriceSpecification',
      priceType: 'https://schema.org/StrikethroughPrice',
      price: p.compareAtPrice,
      priceCurrency: CURRENCY,
    };
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name[lang],
    sku: p.sku,
    image: [0, 1, 2].map((v) => new URL(`/img/${p.slug}-${v}.svg`, url).href),
    description: p.blurb[lang],
    offers: offer,
  };
}

const longCopy: Record<Lang, [string, string][]> = {
  en: [
    [
      'Where it comes from',
      'We buy directly from three family workshops we have visited every spring for eight years. Each lot is small, picked and finished by hand, and tasted by us before it is listed. When a lot is gone, it is gone; the next one will taste a little different, and we say so on the page.',
    ],
    [
      'How to brew',
      'Warm the pot and cups with boiling water. Use 5 g of leaves for 100 ml of water at 95 °C. The first infusion takes 20 seconds; add 10 seconds for each of the next five. Oolongs and white teas reward patience: the third and fourth cups are often the best.',
    ],
    [
      'Storage',
      'Keep the tin closed, away from light, heat and strong smells. An opened tin stays fresh for about three months; an unopened one for two years. Do not keep tea in the refrigerator: it picks up moisture every time it comes out.',
    ],
    [
      'Shipping and returns',
      'Orders placed before 3 pm ship the same day from Xiamen. Delivery takes 1-3 days within mainland China and 5-9 days abroad. Unopened items can be returned within 30 days; we pay the return postage if anything arrives damaged.',
    ],
    [
      'Questions we are asked',
      'Is it organic? The gardens use no synthetic pesticides, but they are not certified, so we do not use the word. Is the stock figure real? Yes: it is read from our inventory when this page is rendered, and the time it was read travels with it.',
    ],
  ],
  'zh-CN': [
    [
      '产地',
      '我们直接向三家家庭作坊采购，八年来每年春天都会亲自拜访。每一批都是小批量、手工采摘与制作，经我们亲自品尝后才上架。一批售完即止，下一批的风味会略有不同，我们会在页面上如实说明。',
    ],
    [
      '冲泡方法',
      '先用沸水温壶烫杯。每100毫升水投茶5克，水温95°C。第一泡20秒，之后五泡每泡递增10秒。乌龙与白茶值得耐心品味：第三、四泡往往最好喝。',
    ],
    [
      '储存',
      '密封保存，避光、避热、远离异味。开罐后约可保鲜三个月，未开封可保存两年。不要放进冰箱：每次取出都会吸收湿气。',
    ],
    [
      '配送与退货',
      '下午3点前下单当天从厦门发货。中国大陆1-3天送达，海外5-9天。未开封商品30天内可退，如有破损由我们承担退货运费。',
    ],
    [
      '常见问题',
      '是有机的吗？茶园不使用化学农药，但未经认证，所以我们不使用这个词。库存数字是真的吗？是的：页面生成时从库存读取，读取时间也一并提供。',
    ],
  ],
};

export function productPage(ctx: PageContext, p: Product, url: string, now: string, referralSlot = false): string {
  const { lang } = ctx;
  const name = p.name[lang];
  const soldOut = p.stock === 0;
  const jsonLd = `<script type="application/ld+json">${scriptJson(productJsonLd(lang, p, url, now))}</script>
<meta property="og:type" content="product">
<meta property="og:title" content="${esc(name)}">
<meta property="og:image" content="${esc(new URL(`/img/${p.slug}-0.svg`, url).href)}">
<meta property="product:price:amount" content="${p.price.toFixed(2)}">
<meta property="product:price:currency" content="${CURRENCY}">`;
  const thumbs = [0, 1, 2]
    .map(
      (v) =>
        `<button type="button" class="thumb" data-view="${v}" aria-label="${esc(`${t(lang, 'view')} ${v + 1}`)}" aria-pressed="${v === 0}"><img src="/img/${p.slug}-${v}.svg" alt="" width="96" height="96"></button>`,
    )
    .join('');
  return layout(
    ctx,
    name,
    `<nav class="crumbs" aria-label="${esc(t(lang, 'breadcrumb'))}"><a href="/${langPath(lang)}/">${esc(t(lang, 'home'))}</a> / <span>${esc(name)}</span></nav>
<article class="product" data-nudge-product data-nudge-sold="${p.sold24h}" data-nudge-sold-window-hours="24" data-nudge-stock-as-of="${now}">
  <section class="gallery" aria-label="${esc(t(lang, 'gallery'))}">
    <img id="main-image" src="/img/${p.slug}-0.svg" alt="${esc(name)}" width="600" height="600" fetchpriority="high">
    <div class="thumbs" data-slug="${p.slug}">${thumbs}</div>
  </section>
  <section class="info">
    <h1 id="product-title">${esc(name)}</h1>
    <p class="blurb">${esc(p.blurb[lang])}</p>
    <p class="price" id="product-price">${formatPrice(lang, p.price)}${p.compareAtPrice ? ` <s>${formatPrice(lang, p.compareAtPrice)}</s>` : ''}</p>
    <p class="availability">${esc(soldOut ? t(lang, 'soldOut') : t(lang, 'inStock'))}</p>
    <div class="nudge-slot nudge-slot-urgency" id="nudge-urgency" data-nudge-slot="stock-banner"></div>
    <div class="buy">
      <label>${esc(t(lang, 'quantity'))} <input id="quantity" name="quantity" type="number" min="1" max="${Math.max(1, p.stock)}" value="1"></label>
      <button id="add-to-cart" class="primary" type="button" ${soldOut ? 'disabled' : ''} data-sku="${p.sku}" data-slug="${p.slug}" data-name="${esc(name)}" data-price="${p.price}">${esc(soldOut ? t(lang, 'soldOut') : t(lang, 'addToCart'))}</button>
    </div>
    <p class="toast" id="toast" role="status" aria-live="polite"></p>
  </section>
</article>
<section class="description">
  <h2>${esc(t(lang, 'details'))}</h2>
  ${longCopy[lang].map(([h, body]) => `<h3>${esc(h)}</h3><p>${esc(body)}</p>`).join('\n  ')}
</section>${
      referralSlot
        ? `\n<section class="nudge-slot nudge-slot-referral" id="nudge-referral" data-nudge-slot="referral-card" aria-label="${esc(t(lang, 'shareHeading'))}"></section>`
        : ''
    }`,
    jsonLd,
  );
}

export function cartPage(ctx: PageContext): string {
  const { lang } = ctx;
  return layout(
    ctx,
    t(lang, 'cart'),
    `<h1>${esc(t(lang, 'cart'))}</h1>
<div id="cart" data-empty="${esc(t(lang, 'emptyCart'))}" data-remove="${esc(t(lang, 'remove'))}" data-total="${esc(t(lang, 'total'))}">${cartBox(ctx, true)}</div>
<p><a class="button primary" id="checkout-button" href="/${langPath(lang)}/checkout">${esc(t(lang, 'checkout'))}</a></p>`,
  );
}

export function checkoutPage(ctx: PageContext): string {
  const { lang } = ctx;
  const field = (id: string, label: string, type = 'text', required = true) =>
    `<label for="${id}">${esc(label)}</label><input id="${id}" name="${id}" type="${type}" ${required ? 'required' : ''}>`;
  return layout(
    ctx,
    t(lang, 'checkout'),
    `<h1>${esc(t(lang, 'checkout'))}</h1>
<div id="cart" data-empty="${esc(t(lang, 'emptyCart'))}" data-remove="" data-total="${esc(t(lang, 'total'))}">${cartBox(ctx, false)}</div>
<form method="post" action="/${langPath(lang)}/order" id="checkout-form" class="form">
  ${field('name', t(lang, 'name'))}
  ${field('email', t(lang, 'email'), 'email')}
  ${field('address', t(lang, 'address'))}
  ${field('coupon', t(lang, 'coupon'), 'text', false)}
  <input type="hidden" name="items" id="order-items">
  <button class="primary" type="submit" id="place-order">${esc(t(lang, 'placeOrder'))}</button>
</form>`,
  );
}

export interface Order {
  id: string;
  /** What the customer paid: the items less the coupon's discount. */
  value: number;
  coupon?: string;
  discount?: number;
  /** The customer's own referral code (a real shop keeps one per customer account). */
  referralCode: string;
  items: { item_id: string; item_name: string; price: number; quantity: number }[];
  /** The thank-you page has sent the purchase (it does so on its first view only). */
  tracked?: boolean;
}

/** The thank-you page records the purchase with the documented one-line call. */
export function thanksPage(ctx: PageContext, order: Order | undefined, sendPurchase = true): string {
  const { lang } = ctx;
  const purchase =
    order && sendPurchase
      ? {
          transaction_id: order.id,
          value: order.value,
          currency: CURRENCY,
          ...(order.coupon ? { coupon: order.coupon } : {}),
          items: order.items,
        }
      : undefined;
  const oneLiner =
    purchase && ctx.endpoint
      ? `<script nonce="${esc(ctx.nonce)}">nudge.track('purchase', ${scriptJson(purchase)});</script>`
      : '';
  return layout(
    ctx,
    t(lang, 'thanks'),
    `<h1>${esc(t(lang, 'thanks'))}</h1>
${order ? `<p>${esc(t(lang, 'orderNo'))}: <strong id="order-id">${esc(order.id)}</strong></p>${order.discount ? `<p>${esc(t(lang, 'coupon'))} ${esc(order.coupon ?? '')}: −${formatPrice(lang, order.discount)}</p>` : ''}<p>${esc(t(lang, 'total'))}: ${formatPrice(lang, order.value)}</p>` : ''}
<p><a href="/${langPath(lang)}/">${esc(t(lang, 'continueShopping'))}</a></p>
<section class="nudge-slot nudge-slot-referral" id="nudge-referral" data-nudge-slot="referral-card"${order ? ` data-nudge-code="${esc(order.referralCode)}"` : ''}></section>`,
    '',
    oneLiner,
  );
}
