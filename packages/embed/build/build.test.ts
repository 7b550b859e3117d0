// The built load graph (nudge-manifest.json) and the preload table written from it: what the size report counts and
// what the mounter fetches at once must be every file a widget needs on screen.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmbed, calledOnLoad, COMPILE_HINT } from './build.mjs';

let dir: string;
let graph: {
  eager: string[];
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
    const bar = graph.rendered['buy-bar']!;
    expect(staticImports(bar.find((f) => f.includes('/buy-bar.component-'))!)).toContain(
      bar.find((f) => f.includes('/nudge-element-')),
    );
    for (const [type, files] of Object.entries(graph.rendered)) {
      for (const f of files)
        for (const dep of staticImports(f))
          expect([type, f, graph.eager.includes(dep) || files.includes(dep)]).toEqual([type, f, true]);
    }
  });

  it('a chunk shared by what is on screen and what a click opens counts as on screen (the referral card and its styles)', () => {
    const styles = (list: string[]) => list.filter((f) => f.includes('/tokens.styles-'));
    expect(styles(graph.rendered['referral-card']!)).toHaveLength(1);
    expect(styles(graph.opened['referral-card']!)).toEqual([]);
  });

  it('the mounting chunk carries the preload table: each type with exactly its on-screen files but its element chunk', () => {
    const [mounting] = graph.lazy.mounting!;
    const literal = /JSON\.parse\('(\{[^']*\})'\)/.exec(readFileSync(join(dir, mounting!), 'utf8'))?.[1];
    const table = JSON.parse(literal!) as Record<string, string>;
    expect(Object.keys(table).sort()).toEqual(Object.keys(graph.rendered).sort());
    for (const [type, names] of Object.entries(table)) {
      const [element, ...rest] = graph.rendered[type]!;
      expect(element).toMatch(new RegExp(`^chunks/${type}\\.component-`));
      expect(names.split(' ').map((n) => `chunks/${n}.js`)).toEqual(rest);
    }
  });

  it('marks exactly the files that run as a product page loads for eager compilation', () => {
    const marked = calledOnLoad(graph);
    expect(marked).toContain('nudge-runtime.js');
    for (const f of [...graph.lazy.mounting!, ...graph.rendered['stock-banner']!, ...graph.lazy.validator!])
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
