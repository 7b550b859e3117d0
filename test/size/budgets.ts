// Size budgets per public entry point (gzip bytes); `pnpm size` prints them and size.test.ts enforces them.
export interface SizeEntry {
  /** What a user imports or loads, in words. */
  name: string;
  /** Module source bundled as the entry (minified, tree-shaken, production). */
  code?: string;
  /** A built file to measure instead, relative to the repo root. */
  file?: string;
  /** Built files measured together (gzip summed), found after running a build; paths relative to the repo root. */
  files?: () => Promise<string[]>;
  /** Gzip budget in bytes. */
  budget: number;
}

const KB = 1024;

/** The real @nudge/embed dist, built once per run into a temp folder by the package's own build script. */
interface EmbedGraph {
  eager: string[];
  widgets: Record<string, string[]>;
  rendered: Record<string, string[]>;
  opened: Record<string, string[]>;
  lazy: Record<string, string[]>;
}
let embedBuilt: Promise<{ dir: string; graph: EmbedGraph }> | undefined;
const embedFiles = (pick: (g: EmbedGraph) => string[]) => async () => {
  embedBuilt ??= (async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { buildEmbed } = await import('@nudge/embed/build');
    const dir = await buildEmbed({ outDir: mkdtempSync(join(tmpdir(), 'nudge-size-embed-')), logLevel: 'silent' });
    return { dir, graph: JSON.parse(readFileSync(join(dir, 'nudge-manifest.json'), 'utf8')) as EmbedGraph };
  })();
  const { dir, graph } = await embedBuilt;
  return [...new Set(pick(graph))].map((f) => `${dir}/${f}`);
};

/** What every page fetches at once: nudge.js, the runtime and its static imports (the config stream is in the runtime). */
const everyPage = (g: EmbedGraph) => [...g.eager, ...(g.lazy.remote ?? [])];
/** A product page with all four widgets mounted and nothing clicked or triggered yet. */
const productPage = (g: EmbedGraph) => [
  ...everyPage(g),
  ...(g.lazy.vitals ?? []),
  // the page file: product reader, auto-tracking (the demo's tag names its add-to-cart button), mounter, Lit
  ...(g.lazy['nudge-page'] ?? []),
  ...Object.values(g.rendered).flat(),
];

export const budgets: SizeEntry[] = [
  // Each package adds its entries here as they land.
  // Issue 2: the tracker path at most 4 KB (zod stays server-side in @nudge/core/spec; web-vitals and adoption are lazy).
  { name: "createTracker from '@nudge/core'", code: "export { createTracker } from '@nudge/core';", budget: 4 * KB },
  // Widgets: the eager chunk of each element; UI that appears only after a click or trigger is a lazy chunk.
  {
    name: 'widgets: lit + coupon popup',
    code: `export { NudgeCouponPopup } from '@nudge/widgets/coupon-popup';`,
    budget: 9 * KB,
  },
  { name: 'widgets: lit + all four widgets', code: `export * from '@nudge/widgets';`, budget: 16 * KB },
  {
    name: 'widgets: lit + referral card',
    code: `export { NudgeReferralCard } from '@nudge/widgets/referral-card';`,
    budget: 9 * KB,
  },
  // Issue 3: createNudge (tracker + config cache + assignment + stores) at most 8 KB. The SSE/fetch client is a lazy
  // chunk fetched alongside the first config request; zod/mini validation is another, fetched for a new document only.
  { name: "createNudge from '@nudge/core'", code: "export { createNudge } from '@nudge/core';", budget: 8 * KB },
  // @nudge/embed, measured on the built files (sum of gzip per file, as a browser fetches them). Every page loads
  // nudge.js and nudge-runtime.js (core, config stream, loader logic); after the load event web-vitals follows. The
  // zod validator is fetched only when a newer config document must be accepted (first visit, a publish).
  // Issue 6 target for loader + core: 8 KB. Measured 11.50 KB: 3.5 KB over (see the notes); nudge.js itself is
  // 0.76 KB of it since it keeps auto-tracked clicks made before the runtime (also across a navigation). A page whose
  // tag or config names auto-tracked buttons also fetches the auto-tracking chunk (~0.7 KB), counted in the product page.
  // Raised from 11.50 to 11.55 KB (measured 11.52) for two correctness fixes found by a developer review: identify()
  // with a non-id ({ id }, undefined, '') now sends a nudge_error naming userId instead of "[object Object]", and
  // createNudge wraps a merchant's own storage adapter so a throwing one no longer throws out of createNudge.
  // Raised again to 11.80 KB (measured 11.75): +0.22 KB (nudge.js +0.11, the runtime +0.11) keep track/identify
  // calls queued in the stub when a page goes before its runtime started (a purchase on a thank-you page left on a
  // slow connection was lost; the brief says events are never silently dropped) and send them from the next page.
  { name: 'nudge.js every page: loader + core (returning visitor)', files: embedFiles(everyPage), budget: 11.8 * KB },
  // No target of its own: web-vitals 6 (LCP, INP, CLS, FCP, TTFB), fetched after the load event on every page.
  {
    name: 'nudge.js every page after load (+ web-vitals)',
    files: embedFiles((g) => [...everyPage(g), ...(g.lazy.vitals ?? [])]),
    budget: 15.05 * KB,
  },
  // 22.80 KB: the every-page change above, and the wire and config schemas' new bounds (times, counters, backslashes
  // in site paths) that a security review showed were missing. Issue 17: a Nudge server marks its documents as checked
  // at publish, so the validator now loads only for a static config file or a server that does not mark them.
  // 22.95 KB (measured 22.92): issue 15's merchant copy per locale (text props take `{ "en": ..., "zh-CN": ... }`,
  // locale tags checked by their spelling, a bad one named by its path instead of "does not match any allowed form").
  {
    name: 'nudge.js with a static config file / an unmarked server (+ validator)',
    files: embedFiles((g) => [...everyPage(g), ...(g.lazy.validator ?? [])]),
    // 22.90 (measured 22.85): issue 14's public `referral` and `nextOrder` blocks (what each side of a referral gets,
    // which widget shows a buyer's next-order coupon) in the schema
    // Raised to 23.25 KB (measured 23.21) for issue 15's schedules: the schedule schema on widgets and experiments,
    // the site's timeZone, and the checks that name an end before its start, a bad zone or a bad window by path.
    // 23.55 (measured 23.51) after merging the three: locale copy, referral/nextOrder blocks and schedules together.
    budget: 23.55 * KB,
  },
  // Issue 6 target: 25 KB transferred in total for a product page with all four widgets. Everything such a page
  // fetches without a click: every-page files, web-vitals, product reader, mounter, and each widget with the view
  // and behaviour chunks it loads once on screen. Until this session the entry counted only the widgets' first
  // chunks (reported 27.28 KB), which hid their views; measured this way the page was 43.7 KB, now 43.07 KB (css templates
  // minified in the build and widget trims -0.5 KB; +0.16 KB for the mounter's preload table, which saves three round
  // trips; +0.3 KB for prices printed without Intl in the common currencies, which saves a 20-80 ms task; +0.32 KB for
  // the compile hint line on the 13 files that run at load, which halved Nudge's long scripts on a 4x slower CPU;
  // -0.13 KB and one file less with the URL check in the Lit base's chunk; +0.09 KB in the auto-tracking chunk so
  // add_to_cart counts the quantity the shopper chose, which a shopper review found always sent as 1 (the buy bar
  // now uses the same rule from that chunk; the build strips bundler hint comments, -0.14 KB); +0.22 KB from the every-page change for queued calls; +0.11 KB
  // so the coupon popup's triggers wait while the shopper types: it had opened over a checkout form, taken the focus
  // and a typed space had claimed the coupon).
  // Raised from 43.70 to 44.05 KB (measured 44.03) when issues 17 and 18 met: issue 17 took the page down to 43.28 KB
  // (the start in few files, no modulepreload table: -0.27 KB); issue 18's product reader (+0.41 KB: the selected
  // variant's price and stock, Shopify ProductGroup, og:price and microdata pages read, broken JSON-LD repaired) and
  // buy bar (+0.30 KB: it finds the page's own add-to-cart button or stays off instead of showing a dead one, and stays
  // fixed on themes that transform an ancestor) are what shoppers on real themes gain for it. Then 44.10 (measured
  // 44.07) for issue 14: the popup asks the server for the visitor's own single-use code and says plainly when none is
  // left, instead of one shared code that leaks to coupon sites (its request moved off every page into the popup: -0.07
  // KB on every page).
  // Then 44.45 (measured 44.42) for issue 15's merchant copy per locale: the widgets' base picks each per-locale text
  // for the page's locale with the language fallbacks (in the page file, so no request more), so a Chinese shop's
  // widgets no longer show the English "$10 off".
  {
    name: 'product page: four widgets mounted (returning visitor)',
    files: embedFiles(productPage),
    // 45.75 (measured 45.73) for issue 14's referral card: the signed-in customer's own code asked of the server, and
    // both sides' rewards worded from the site's published program per stage, in three languages (+1.34 KB); and the
    // popup's consent checkbox and its email promise made only when the site delivers leads (+0.32 KB, its strings);
    // then 46.15 (measured 46.13): the popup as the thank-you page's next-order coupon, asking (bounded) for the code
    // the server binds at the purchase (+0.40 KB; the asking is a lazy import, which the embed build keeps in the
    // popup's file)
    // Raised to 44.36 KB (measured 44.35) for issue 15's schedules: the page file loads the window arithmetic (its
    // own 1.4 KB chunk, fetched only for a config with a schedule) and hides a widget whose schedule ended without
    // moving the page (the slot keeps its height on screen).
    // 46.80 (measured 46.75) after merging issue 14's and issue 15's changes above (locale copy, schedules, rewards).
    // 47.00 (measured 46.95) for the tester's findings on the popup and referral card (+0.20 KB): the popup's gate asks
    // for a next-order code only on a purchase's page view (and keeps the welcome offer elsewhere), and the card words
    // a published program's rewards and keeps the server's link on the page's origin.
    // Lowered to 43.50 (measured 43.46) for issue 17: the four widgets came into the page file (one file instead of five
    // is also fewer bytes: no per-file module wrapper and compression across the widgets).
    // Measured 43.56 after session 6's buy bar (hex colours without a canvas, showPopover once, the missing-button
    // report a lazy file: +0.11 KB), 43.41 once the popup's next-order asking left the page file for a file of its own
    // (-0.15 KB: the page file had swept it in with the widgets; only a purchase's page fetches it).
    // 43.75 (measured 43.70, +0.20 KB in the page file): the referral card says the inviter's monthly cap, offers no
    // inviter reward the cap leaves no room for and heads with what a month allows, in three languages, with a line of
    // reserve for it; it promised rewards the server refuses past the cap.
    // Hostile host pages: 43.85 (measured 43.83, +0.13 KB): the runtime's namespace helper walks own keys only, widgets
    // queue microtasks without queueMicrotask, the stock banner's reserve ignores CSS zoom, a tag the page defined
    // itself is reported (nudge_error), and toJSON keeps arrays arrays under Prototype.js.
    budget: 43.85 * KB,
  },
  // Issue 17: a page that shows one widget fetches the page file with all four (one file and one wave less on a
  // product page, which took its added main-thread time on a 4x slower CPU from 290 to 200 ms in one interleaved run).
  // Before, this page fetched the page file and the popup's own file: ~34 KB; now 43.46 KB (+9.5 KB gzip: three
  // widgets' code it does not render, compiled off the main thread by the compile hint and evaluated, not rendered).
  {
    name: 'a page with only the coupon popup (no product)',
    files: embedFiles((g) => [...everyPage(g), ...(g.lazy.vitals ?? []), ...g.rendered['coupon-popup']!]),
    // 43.75 (measured 43.70): the referral card's monthly cap above, in the page file this page fetches too.
    // Hostile host pages: 43.85 (measured 43.83, +0.13 KB): the runtime's namespace helper walks own keys only, widgets
    // queue microtasks without queueMicrotask, the stock banner's reserve ignores CSS zoom, a tag the page defined
    // itself is reported (nudge_error), and toJSON keeps arrays arrays under Prototype.js.
    budget: 43.85 * KB,
  },
  // The popup's dialog is fetched when its trigger fires (delay, scroll, exit intent); floating-ui only on a copy.
  {
    name: 'product page: four widgets, popup opened',
    files: embedFiles((g) => [
      ...productPage(g),
      // not the next-order asking: a purchase's page fetches it, not an opening
      ...g.opened['coupon-popup']!.filter((f) => !/\/(floating|next-order)-/.test(f)),
    ]),
    // 48.95 (measured 48.90): issue 14's referral card and popup changes above, and the dialog's consent checkbox,
    // consent error and "we will also send the code to ..." line (+0.22 KB); 49.40 (measured 49.35) with the
    // next-order coupon above
    // 50.00 (measured 49.97) with issue 15's per-locale copy and schedules merged beside issue 14's popup changes.
    // 50.35 (measured 50.31): the gate above (+0.20 KB), and the dialog showing only the next-order words in that mode
    // and fitting its content once the code is out (+0.14 KB).
    // Lowered to 46.85 (measured 46.82) with the page file above (issue 17). 46.90 (measured 46.86, +0.04 KB over the
    // stop, after -0.06 KB from moving the next-order asking out of the page file): a buyer's next-order coupon reaching
    // a buyer who saw the welcome popup and surviving a reload of the thank-you page (user test H1, H2), the dialog
    // rendered in one task and opened in the next (its opening was one 63-129 ms script at 4x), and the buy bar entering
    // the top layer only when it first shows, with @starting-style keeping its slide-in (~13 ms off the page's start).
    // 47.10 (measured 47.08): the referral card's monthly cap (product page above, +0.20 KB).
    // Hostile host pages: 47.22 (measured 47.21, +0.13 KB): as on the product page above; then measured 47.22 with the
    // lead's language sent by the popup (+0.01 KB: the shopper's email speaks the language the popup was shown in).
    budget: 47.22 * KB,
  },
  // Issue 4 targets 9 KB for lit + one widget (lit alone is ~6.2 KB here). The stock banner's eager part must decide
  // at its first render whether to reserve its box or collapse, so the honest-urgency rules (stock-state.ts) ship
  // with it; its look, countdown, announcements and audit events are a chunk, the feed poller another. Measured
  // 9,213 bytes: 3 bytes of headroom, so anything new in its first render has to pay for itself.
  // Raised to 9.13 KB (measured 9.10) for issue 15: the base every widget shares must notice per-locale copy before
  // its first render (an object would show as text); the picking itself is a chunk only such a widget loads.
  {
    name: 'widgets: lit + stock banner',
    code: `export { NudgeStockBanner } from '@nudge/widgets/stock-banner';`,
    budget: 9.13 * KB,
  },
  // The buy bar only shows after the visitor scrolls, so its behaviour is a chunk loaded on connect.
  { name: 'widgets: lit + buy bar', code: `export { NudgeBuyBar } from '@nudge/widgets/buy-bar';`, budget: 9 * KB },
];
export { KB };
