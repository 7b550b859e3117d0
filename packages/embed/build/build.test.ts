// The built load graph (nudge-manifest.json): what the size report counts must be every file a widget needs on screen,
// and a product page's start comes in one file (the page file, with the four widgets) with nothing left to preload.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmbed, calledOnLoad, COMPILE_HINT } from './build.mjs';

let dir: string;
let graph: {
  eager: string[];
  widgets: Record<string, string[]>;
  rendered: Record<string, string[]>;
  opened: Record<string, string[]>;
  lazy: Record<string, string[]>;
};
beforeAll(async () => {
  dir = await buildEmbed({ outDir: mkdtempSync(join(tmpdir(), 'nudge-manifest-')), logLevel: 'silent' });
  graph = JSON.parse(readFileSync(join(dir, 'nudge-manifest.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The chunks a built chunk imports statically (rolldown writes `from"./x.js"` and `import"./x.js"`). */
const staticImports = (file: string) =>
  [...readFileSync(join(dir, file), 'utf8').matchAll(/(?:from|import)\s*["'](\.\.?\/[^"']+\.js)["']/g)].map((m) =>
    posix.join(posix.dirname(file), m[1]!),
  );

describe('load graph', () => {
  it("each widget's on-screen files include everything they import statically (or the every-page files)", () => {
    for (const [type, files] of Object.entries(graph.rendered)) {
      for (const f of files)
        for (const dep of staticImports(f))
          expect([type, f, graph.eager.includes(dep) || files.includes(dep)]).toEqual([type, f, true]);
    }
  });

  it('a widget on screen is one file, the page file (Lit, the mounter and the four widgets), which a page fetches anyway', () => {
    const page = graph.lazy['nudge-page']!;
    expect(page).toEqual([expect.stringMatching(/^chunks\/nudge-page-[\w-]{8}\.js$/)]);
    for (const [type, files] of Object.entries(graph.rendered)) expect([type, files]).toEqual([type, page]);
    expect(Object.keys(graph.rendered).sort()).toEqual(['buy-bar', 'coupon-popup', 'referral-card', 'stock-banner']);
    expect(readdirSync(join(dir, 'chunks')).filter((f) => f.includes('.component'))).toEqual([]);
    // what a click or trigger opens stays out of it
    expect(graph.opened['coupon-popup']!.some((f) => f.includes('/coupon-popup.view-'))).toBe(true);
    expect(graph.opened['referral-card']!.some((f) => f.includes('/referral-card.menu-'))).toBe(true);
    expect(graph.opened['stock-banner']!.some((f) => f.includes('/stock-feed-'))).toBe(true);
    // and so does what only some pages need: a purchase's page the popup's next-order asking
    expect(graph.opened['coupon-popup']!.some((f) => f.includes('/next-order-'))).toBe(true);
    expect(readFileSync(join(dir, page[0]!), 'utf8')).not.toContain('/v1/coupons/claim');
    for (const f of Object.values(graph.opened).flat()) expect(page).not.toContain(f);
    // nothing left to preload: no modulepreload code ships
    for (const f of [...graph.eager, ...page])
      expect([f, readFileSync(join(dir, f), 'utf8').includes('modulepreload')]).toEqual([f, false]);
  });

  it('the product reader from @nudge/core/product is in the page file, its microdata part a lazy file of its own', () => {
    const [page, ...more] = graph.lazy['nudge-page']!;
    expect(more).toEqual([]);
    expect(readFileSync(join(dir, page!), 'utf8')).toContain('hasVariant');
    const [microdata, ...rest] = graph.lazy.microdata!;
    expect([microdata, rest]).toEqual([expect.stringMatching(/^chunks\/microdata-[\w-]{8}\.js$/), []]);
    expect(readFileSync(join(dir, microdata!), 'utf8')).not.toContain('hasVariant');
    expect(staticImports(page!)).not.toContain(microdata);
    expect(calledOnLoad(graph)).not.toContain(microdata);
  });

  it("a widget's opened files are its own: the referral card's share menu is not the popup's", () => {
    expect(graph.opened['coupon-popup']!.some((f) => /\/(referral-card\.menu|dist|stock-feed)-/.test(f))).toBe(false);
    // the buy bar opens only its missing-button report (a page without an add-to-cart button)
    expect(graph.opened['buy-bar']).toEqual([expect.stringMatching(/\/missing-button-[\w-]{8}\.js$/)]);
  });

  it('marks exactly the files that run as a product page loads for eager compilation', () => {
    const marked = calledOnLoad(graph);
    expect(marked).toContain('nudge-runtime.js');
    for (const f of [...graph.lazy['nudge-page']!, ...graph.rendered['stock-banner']!, ...graph.lazy.validator!])
      expect(marked).toContain(f);
    const all = [
      ...new Set([
        ...graph.eager,
        ...Object.values(graph.lazy).flat(),
        ...Object.values(graph.rendered).flat(),
        ...Object.values(graph.opened).flat(),
      ]),
    ];
    for (const f of all)
      expect([f, readFileSync(join(dir, f), 'utf8').startsWith(COMPILE_HINT)]).toEqual([f, marked.includes(f)]);
    for (const f of [
      ...graph.lazy.vitals!,
      ...graph.opened['coupon-popup']!.filter((f) => /\/(coupon-popup\.view|floating)-/.test(f)),
      'nudge.js',
    ])
      expect(marked).not.toContain(f);
  });
});
