// The page-cost benchmark's product page: a realistic ~60 KB storefront product page (theme CSS, navigation, gallery,
// JSON-LD with stock, reviews, related products, footer) with reserved slots, in one of the benchmark's variants.

export type Tool = 'bare' | 'nudge' | 'growthbook' | 'posthog' | 'static';

/**
 * Nudge's four widgets as they render, as plain markup (declarative shadow DOM with their styles): the 'static' variant
 * serves them with the page and no script, so its added time is what showing the widgets costs the browser (style,
 * layout, paint) without any JavaScript: the floor under Nudge's own added time.
 */
export interface RenderedWidgets {
  /** Per slot (its data-nudge-slot value): the widget inside it. */
  slots: Record<string, string>;
  /** The overlays (popup, buy bar), put before the footer. */
  body: string;
}

export interface PageOptions {
  tool: Tool;
  /** The Nudge server (config, events) for the Nudge tag. */
  nudgeEndpoint: string;
  /** The local endpoint that answers GrowthBook's and PostHog's requests. */
  apiEndpoint: string;
  /** For the 'static' variant. */
  rendered?: RenderedWidgets | undefined;
}

const words =
  'oolong leaf roast mineral orchid honey finish steep water cup aroma mountain harvest spring autumn farm rolled body sweet smooth'.split(
    ' ',
  );
/** Deterministic filler text, so every load serves the same bytes. */
const text = (seed: number, n: number) =>
  Array.from({ length: n }, (_, i) => words[(seed * 31 + i * 7 + ((i * i) % 5)) % words.length]).join(' ');

const CSS = `
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#e4e7eb;--brand:#7a4b2a;--bg:#fffdf9;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;line-height:1.5}a{color:var(--brand);text-decoration:none}a:hover{text-decoration:underline}
.top{background:#2d1b10;color:#fff;font-size:.85rem;text-align:center;padding:.4rem}
header.site{display:flex;align-items:center;gap:2rem;padding:1rem 2rem;border-bottom:1px solid var(--line);position:relative}
header.site .logo{font-weight:700;font-size:1.4rem;color:var(--brand)}header.site nav ul{display:flex;gap:1.2rem;list-style:none;margin:0;padding:0;flex-wrap:wrap}
header.site nav li{position:relative}header.site nav .mega{display:none;position:absolute;top:100%;left:0;background:#fff;border:1px solid var(--line);padding:1rem;min-width:18rem;z-index:5}
header.site nav li:hover .mega{display:grid;grid-template-columns:1fr 1fr;gap:.3rem 1rem}
.crumbs{padding:.6rem 2rem;font-size:.85rem;color:var(--muted)}.crumbs a{color:var(--muted)}
main{max-width:1200px;margin:0 auto;padding:1rem 2rem}
.product{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:2.5rem}
.gallery .hero{width:100%;aspect-ratio:4/3;height:auto;display:block;border-radius:8px;background:#efe6da}
.thumbs{display:flex;gap:.5rem;margin-top:.6rem}.thumbs img{width:72px;height:54px;border-radius:4px;border:1px solid var(--line);background:#efe6da}
.info h1{font-size:2rem;margin:.2rem 0 .4rem;line-height:1.2}.price{font-size:1.5rem;font-weight:700}.price s{color:var(--muted);font-weight:400;font-size:1rem;margin-left:.5rem}
.rating{color:#b7791f;font-size:.9rem}.variants{display:flex;gap:.5rem;margin:1rem 0}.variants label{border:1px solid var(--line);padding:.4rem .8rem;border-radius:4px;cursor:pointer}
.qty{display:flex;gap:.6rem;align-items:center;margin:1rem 0}.qty input{width:4rem;padding:.5rem;border:1px solid var(--line);border-radius:4px}
#add-to-cart{background:var(--brand);color:#fff;border:0;border-radius:6px;padding:.9rem 2rem;font-size:1rem;cursor:pointer}
.slot-stock{--nudge-stock-banner-min-height:4.25rem;min-height:var(--nudge-stock-banner-min-height);margin:.8rem 0}
.slot-referral{min-height:220px;margin:2rem 0}
.perks{list-style:none;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:.4rem;font-size:.9rem;color:var(--muted)}
section{margin:2.5rem 0}section h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.4rem}
table.specs{border-collapse:collapse;width:100%}table.specs th,table.specs td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
.review{border-bottom:1px solid var(--line);padding:.8rem 0}.review h3{font-size:1rem;margin:0}.review .meta{font-size:.8rem;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:1.2rem}.card img{width:100%;height:auto;aspect-ratio:1;border-radius:6px;background:#efe6da}.card h3{font-size:.95rem;margin:.4rem 0 .2rem}
footer.site{background:#2d1b10;color:#e8ddd2;padding:2rem;margin-top:3rem;display:grid;grid-template-columns:repeat(4,1fr);gap:1.5rem;font-size:.85rem}footer.site a{color:#e8ddd2}footer.site ul{list-style:none;padding:0}
@media (max-width:800px){.product{grid-template-columns:1fr}.grid{grid-template-columns:repeat(2,minmax(0,1fr))}footer.site{grid-template-columns:1fr 1fr}}
`;

const categories = ['Oolong', 'Green', 'Black', 'White', 'Pu-erh', 'Herbal', 'Teaware', 'Gifts'];

function nav(): string {
  return `<nav aria-label="Main"><ul>${categories
    .map(
      (c, i) =>
        `<li><a href="/c/${c.toLowerCase()}">${c}</a><div class="mega">${Array.from(
          { length: 12 },
          (_, j) => `<a href="/c/${c.toLowerCase()}/${j}">${text(i * 12 + j, 2)}</a>`,
        ).join('')}</div></li>`,
    )
    .join('')}</ul></nav>`;
}

function reviews(): string {
  return Array.from(
    { length: 18 },
    (_, i) =>
      `<article class="review"><h3>${text(i + 3, 4)}</h3><div class="meta">${'★'.repeat(3 + (i % 3))} · Customer ${i + 1} · 2026-0${1 + (i % 9)}-1${i % 9}</div><p>${text(i + 40, 45)}</p></article>`,
  ).join('');
}

function related(): string {
  return Array.from(
    { length: 12 },
    (_, i) =>
      `<div class="card"><a href="/p/tea-${i}"><img src="/img/tea-${i}.svg" alt="${text(i + 60, 2)}" width="240" height="240" loading="lazy"><h3>${text(i + 60, 3)}</h3></a><div>$${(18 + i * 3).toFixed(2)}</div></div>`,
  ).join('');
}

function footer(): string {
  return `<footer class="site">${['Shop', 'Help', 'About', 'Follow']
    .map(
      (h, i) =>
        `<div><h2>${h}</h2><ul>${Array.from({ length: 8 }, (_, j) => `<li><a href="/${h.toLowerCase()}/${j}">${text(i * 8 + j + 90, 2)}</a></li>`).join('')}</ul></div>`,
    )
    .join('')}</footer>`;
}

/**
 * Nudge's tag goes where the README's step 1 tells a shop to paste it: just before `</body>`. `NUDGE_BENCH_TAG=head`
 * puts it in `<head>` instead, where GrowthBook's and PostHog's documented tags go (a theme that puts every tag there).
 */
const nudgeInHead = () => process.env.NUDGE_BENCH_TAG === 'head';

/** The tool's tags, as its vendor documents them. */
function tags(o: PageOptions): string {
  switch (o.tool) {
    case 'nudge':
      return `<script async src="/nudge/nudge.js" data-site="demo" data-endpoint="${o.nudgeEndpoint}" data-track-add-to-cart="#add-to-cart"></script>`;
    case 'growthbook':
      return `<script async src="/vendor/gb/auto.min.js" data-client-key="sdk-bench" data-api-host="${o.apiEndpoint}"></script>`;
    case 'posthog':
      // PostHog's snippet, as a file: it queues init() for array.js, loaded async like the snippet does.
      return `<script src="/vendor/ph/init.js"></script><script async src="/vendor/ph/array.js"></script>`;
    default:
      return '';
  }
}

export function productPage(o: PageOptions, now = new Date()): string {
  // The captured widgets go only into the static variant's page.
  const rendered = o.tool === 'static' ? o.rendered : undefined;
  const atBodyEnd = o.tool === 'nudge' && !nudgeInHead();
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Tieguanyin Oolong, Anxi spring harvest',
    sku: 'TEA-OOL-150',
    image: ['/img/hero.svg'],
    description: text(1, 40),
    brand: { '@type': 'Brand', name: 'Bench Tea Co.' },
    aggregateRating: { '@type': 'AggregateRating', ratingValue: 4.6, reviewCount: 128 },
    offers: {
      '@type': 'Offer',
      price: '28.00',
      priceCurrency: 'USD',
      availability: 'https://schema.org/InStock',
      inventoryLevel: { '@type': 'QuantitativeValue', value: 6 },
      dateModified: now.toISOString(),
      url: '/p/tieguanyin',
    },
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tieguanyin Oolong, Anxi spring harvest | Bench Tea Co.</title><meta name="description" content="${text(2, 20)}">
<meta property="og:type" content="product"><meta property="og:title" content="Tieguanyin Oolong"><meta property="product:price:amount" content="28.00"><meta property="product:price:currency" content="USD">
<style>${CSS}</style>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<script defer src="/theme.js"></script>
${atBodyEnd ? '' : tags(o)}
</head><body>
<div class="top">Free shipping over $50 · 30-day returns</div>
<header class="site"><a class="logo" href="/">Bench Tea Co.</a>${nav()}<a href="/cart">Cart (0)</a></header>
<div class="crumbs"><a href="/">Home</a> / <a href="/c/oolong">Oolong</a> / Tieguanyin</div>
<main>
<div class="product">
<div class="gallery"><img class="hero" src="/img/hero.svg" alt="Rolled Tieguanyin leaves in a white cup" width="640" height="480" fetchpriority="high">
<div class="thumbs">${Array.from({ length: 5 }, (_, i) => `<img src="/img/thumb-${i}.svg" alt="View ${i + 1}" width="72" height="54">`).join('')}</div></div>
<div class="info"><div class="rating">★★★★★ 4.6 (128 reviews)</div><h1>Tieguanyin Oolong, Anxi spring harvest</h1>
<div class="price">$28.00 <s>$34.00</s></div>
<div class="slot-stock" data-nudge-slot="stock-banner">${rendered?.slots['stock-banner'] ?? ''}</div>
<p>${text(5, 60)}</p>
<form action="/cart/add" method="post"><div class="variants" role="radiogroup" aria-label="Size">${['50 g', '150 g', '500 g'].map((v, i) => `<label><input type="radio" name="size" value="${i}"${i === 1 ? ' checked' : ''}> ${v}</label>`).join('')}</div>
<div class="qty"><label for="qty">Quantity</label><input id="qty" name="quantity" type="number" value="1" min="1"></div>
<button id="add-to-cart" type="submit">Add to cart</button></form>
<ul class="perks"><li>Ships in 24 h</li><li>Vacuum sealed</li><li>Direct from the farm</li><li>Gift wrap available</li></ul>
</div></div>
<section><h2>Description</h2>${Array.from({ length: 6 }, (_, i) => `<p>${text(i + 10, 70)}</p>`).join('')}</section>
<section><h2>Specifications</h2><table class="specs">${Array.from({ length: 14 }, (_, i) => `<tr><th>${text(i + 20, 2)}</th><td>${text(i + 30, 6)}</td></tr>`).join('')}</table></section>
<section><h2>Brewing guide</h2><ol>${Array.from({ length: 8 }, (_, i) => `<li>${text(i + 50, 25)}</li>`).join('')}</ol></section>
<div class="slot-referral" data-nudge-slot="referral-card" data-nudge-code="ANN10">${rendered?.slots['referral-card'] ?? ''}</div>
<section><h2>Reviews</h2>${reviews()}</section>
<section><h2>You may also like</h2><div class="grid">${related()}</div></section>
</main>
${rendered?.body ?? ''}
${footer()}
${atBodyEnd ? tags(o) : ''}
</body></html>`;
}

/** The theme's own script (every variant has it): gallery thumbnails. */
export const THEME_JS = `document.querySelectorAll('.thumbs img').forEach(function(t){t.addEventListener('click',function(){document.querySelector('.hero').src=t.src})});`;

/** A placeholder image; the hero is the page's LCP element. */
export const svg = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480"><rect width="640" height="480" fill="#efe6da"/><circle cx="320" cy="240" r="120" fill="#c9a77c"/><text x="320" y="450" font-size="28" text-anchor="middle" fill="#7a4b2a">${label}</text></svg>`;
