// What GET /nudge/v1/ answers a merchant who opens it: where nudge.js is and the tag to paste, never a file list.
import type { Context } from 'hono';
import { viaHttps } from '../https.js';

/**
 * This server's origin as the merchant reached it: https behind a TLS-ending proxy only with --trust-proxy (a page that
 * tells merchants what to paste must not take its scheme from any client's header).
 */
const origin = (c: Context, trustProxy: boolean) =>
  `${viaHttps(c, trustProxy) ? 'https' : 'http'}://${new URL(c.req.url).host}`;

/**
 * The embed's index: the script's URL, the tag to paste with a placeholder site id (the console's Site settings has
 * it filled in) and whether the script is built here. JSON when the client asks for JSON, else plain text, which a
 * browser shows as it is (no HTML: the Host echoed in it can inject nothing). The tag goes before </body>, as the
 * README, docs/plain-html.md and the console's Site settings say.
 */
export function embedIndex(c: Context, built: boolean, trustProxy = false): Response {
  const base = origin(c, trustProxy);
  const script = `${base}/nudge/v1/nudge.js`;
  const tag = `<script async src="${script}" data-site="YOUR-SITE-ID"></script>`;
  const consoleUrl = `${base}/console/`;
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Accept');
  c.header('X-Content-Type-Options', 'nosniff');
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html'))
    return c.json({ script, tag, console: consoleUrl, built });
  const text = [
    'Nudge: storefront widgets and tracking for your shop.',
    '',
    `This folder serves the script shops load: ${script}`,
    ...(built ? [] : ['It is not built on this server yet: run pnpm build (until then the script answers 503).']),
    '',
    'To install Nudge, paste this tag into every page of your shop, just before </body>, with your site id:',
    '',
    `  ${tag}`,
    '',
    'For the buy bar and add_to_cart events, name your add-to-cart button with data-track-add-to-cart, e.g.',
    'data-track-add-to-cart="#add-to-cart" (and your checkout link with data-track-checkout="#checkout").',
    '',
    `Your site id and the tag with it filled in are in the console, under Site settings: ${consoleUrl}`,
    '',
  ];
  return c.text(text.join('\n'), 200);
}
