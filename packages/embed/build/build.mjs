// Builds dist/: nudge.js (classic-script IIFE, the part every page pays first) and one code-split ESM graph
// (nudge-runtime.js = core + loader logic; the page file with Lit and the four widgets; lazy chunks for what a click
// opens), so the widgets and the core share one copy of @nudge/core's stores.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { cssTemplateMinify } from './css-minify.mjs';

/**
 * The bundler's helper for a module namespace object (a lazy import() of a module that joined the runtime file) runs
 * `for (name in exports)`: on a page that gave Object.prototype an enumerable property it defined a getter from that
 * value and threw, so the runtime file failed to load. Own keys only.
 */
const ownKeysExports = () => ({
  name: 'nudge-own-keys-exports',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle))
      if (file.type == 'chunk')
        file.code = file.code.replace(
          /for\s*\(var (\w+) in (\w+)\)(\s*\w+\(\w+,\s*\1,\s*\{\s*get:\s*\2\[\1\])/g,
          'for(var $1 of Object.keys($2))$3',
        );
    // a bundler upgrade that writes the helper otherwise must fail the build, not silently undo the fix
    for (const file of Object.values(bundle))
      if (file.type == 'chunk' && /for\s*\(\s*(var|let|const)\s+\w+\s+in\s+\w+\s*\)[^;{]*\{\s*get:/.test(file.code))
        throw new Error(`${file.fileName}: the bundler's export helper walks inherited keys (nudge-own-keys-exports)`);
  },
});

/** The package folder: src/ goes in, dist/ comes out. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ outDir?: string, logLevel?: 'silent' | 'info', sourcemap?: boolean }} [options] sourcemap: `.map` files
 * beside the module files (bench:page:profile attributes sampled time to source modules with them). */
export async function buildEmbed(options = {}) {
  const outDir = options.outDir ?? resolve(root, 'dist');
  const logLevel = options.logLevel ?? 'info';
  rmSync(outDir, { recursive: true, force: true });
  const shared = {
    configFile: false,
    root,
    logLevel,
    define: { 'process.env.NODE_ENV': '"production"' },
    // Always the production builds of dependencies: run under Vitest (NODE_ENV=test, the size test) Vite would
    // otherwise resolve packages' `development` condition and ship Lit's dev mode (~4 KB gzip more, dev warnings).
    resolve: { conditions: ['module', 'browser', 'production'] },
  };
  // One graph for everything loaded as modules: the runtime entry imports widget chunks with import().
  const esm = await build({
    ...shared,
    // Lit ships css templates' text as written; the widgets' sheets go out without comments and layout whitespace.
    plugins: [cssTemplateMinify(), ownKeysExports()],
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      sourcemap: !!options.sourcemap,
      reportCompressedSize: false,
      // Lib mode: no app preload helper around import(). Its ES output keeps whitespace for consumers' tree-shaking,
      // but this is the final bundle, so the output is minified fully.
      lib: { entry: { 'nudge-runtime': resolve(root, 'src/runtime.ts') }, formats: ['es'] },
      rolldownOptions: {
        // Modules the widgets share with the runtime (the stores) stay in the runtime file, which the widgets then
        // import from: a separate shared chunk cost every page a second request and ~265 bytes of gzip.
        preserveEntrySignatures: 'allow-extension',
        output: {
          // The config client's stream half is a lazy chunk for npm users of createNudge, but every script-tag page
          // loads it at once, so here it joins the runtime file (~230 bytes less than as a file of its own).
          codeSplitting: {
            groups: [
              { name: 'nudge-runtime', test: /src\/(runtime|config\/remote)\.ts$/ },
              // A product page's start in one file, fetched in the wave after the runtime (with the config on a first
              // visit): the product reader, auto-tracking with the quantity rule the buy bar shares, the mounter, Lit
              // with the widgets' shared base (element class, store connection, URL check, i18n, tokens) and the four
              // widgets' on-screen code (element, controller, styles, messages). As a chunk per concern they were five
              // files in three serial waves; with a file per widget, eight files in four waves. On a 4x slower CPU every
              // file and wave cost main-thread time (request starts, module instantiation, promise hops) even when
              // cached: one file took the added main-thread time from 290 to 200 ms and all four widgets on screen from
              // 1068 to 922 ms (issue 17, `pnpm bench:page`), for ~3 KB gzip more on a page with one widget.
              // What only a trigger or click opens stays lazy (`*.view.ts`, `*.menu.ts`), and so do the files only some
              // pages fetch, named below: the stock banner's feed poller, the buy bar's missing-button report, the
              // popup's next-order asking (a purchase's page only: ~0.15 KB gzip off every product page). The
              // reader itself lives in @nudge/core/product; its microdata part stays a lazy file of its own, fetched
              // only by a page with a microdata item.
              {
                name: 'nudge-page',
                test: /embed\/src\/(product|autotrack|mounting|mount|safe-define|widget-modules)\.ts$|core\/src\/track\/quantity\.ts$|core\/src\/product\/(?!microdata\.)[a-z-]+\.ts$|widgets\/src\/(internal\/(?!dialog|floating|testing)[a-z0-9-]+|styles\/[a-z.-]+)\.ts$|widgets\/src\/(coupon-popup|stock-banner|referral-card|buy-bar)\/(?![a-z-]+\.(view|menu)\.ts$|(stock-feed|missing-button|next-order)\.ts$)|node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(lit|lit-html|lit-element|@lit\/reactive-element)\//,
              },
            ],
          },
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          minify: true,
          // These files go to browsers as they are: bundler hints (@__PURE__) are only bytes there (~0.1 KB gzip).
          comments: { legal: true, annotation: false, jsdoc: false },
        },
      },
    },
  });
  // The bootstrap has no imports of its own, so it cannot carry a second copy of anything.
  await build({
    ...shared,
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      target: 'es2020',
      reportCompressedSize: false,
      lib: {
        entry: resolve(root, 'src/loader.ts'),
        formats: ['iife'],
        name: 'nudgeLoader',
        fileName: () => 'nudge.js',
      },
    },
  });
  const graph = loadGraph(esm);
  writeFileSync(resolve(outDir, 'nudge-manifest.json'), JSON.stringify(graph, null, 2));
  markCalledOnLoad(outDir, calledOnLoad(graph));
  return outDir;
}

/** V8's explicit compile hint (Chrome 136+): compile every function of this file eagerly. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * The files whose code runs while a product page loads: the runtime, the page file (product parser, mounter, Lit), each widget's on-screen
 * chunks, and the validator (on a first visit; building its schemas ran 29-113 ms on a 4x slower CPU, 43-64 ms with
 * the hint, in 3 long frames of 16 loads instead of 8). Not web-vitals (after the load event) or what a click opens.
 * @param {{ eager: string[], rendered: Record<string, string[]>, lazy: Record<string, string[]> }} graph
 */
export const calledOnLoad = (graph) => [
  ...new Set([
    ...graph.eager.filter((f) => f !== 'nudge.js'),
    ...(graph.lazy['nudge-page'] ?? []),
    ...Object.values(graph.rendered).flat(),
    ...(graph.lazy.validator ?? []),
  ]),
];

/**
 * Chromium compiles a file with the hint while it downloads, off the main thread, instead of compiling each function
 * on the main thread at its first call. Over 20 loads of the demo product page on a 4x slower CPU, Nudge scripts over
 * 50 ms went from 10 to 4 and its script time in long frames from 1243 to 813 ms. ~25 B gzip per file. Added after
 * the build, like the preload table: a file's hash already covers its code, and the line is the same in every build.
 */
function markCalledOnLoad(outDir, files) {
  for (const f of files) writeFileSync(resolve(outDir, f), COMPILE_HINT + readFileSync(resolve(outDir, f), 'utf8'));
}

/**
 * Which files a page loads: `eager` (nudge.js, the runtime and its static imports: what every page pays); per widget
 * type, the files its import() adds (`widgets`: with their static imports, minus what is eager), everything it has
 * fetched once on screen (`rendered`) and what a trigger or click adds (`opened`); other lazy parts by name (`lazy`).
 */
function loadGraph(result) {
  const output = (Array.isArray(result) ? result[0] : result).output.filter((c) => c.type === 'chunk');
  const byName = new Map(output.map((c) => [c.fileName, c]));
  const closure = (start, seen = new Set()) => {
    const visit = (name) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const i of byName.get(name)?.imports ?? []) visit(i);
    };
    visit(start);
    return seen;
  };
  const runtime = output.find((c) => c.isEntry);
  const eager = closure(runtime.fileName);
  const widgets = {};
  const rendered = {};
  const opened = {};
  // The four widgets' on-screen code is in the page file (one chunk for all: see the groups above). What only a trigger,
  // a click or an option opens (the popup's dialog, the referral card's share menu with its QR code, floating-ui for
  // menus and tooltips, the stock banner's feed poller for a feed-url) is a lazy chunk the widget's own modules import:
  // `opened`, followed through its imports, static and dynamic.
  const ownerOf = (c) => /widgets\/src\/([a-z-]+)\//.exec(c.facadeModuleId ?? '')?.[1];
  // Each widget by its element module (`widgets/src/<type>/<type>.component.ts`), in whichever chunk holds it.
  const homes = output.flatMap((c) =>
    c.moduleIds.map((id) => [/widgets\/src\/([a-z-]+)\/\1\.component\.ts$/.exec(id)?.[1], c]).filter(([t]) => t),
  );
  for (const [type, home] of homes) {
    widgets[type] = rendered[type] = [...closure(home.fileName)].filter((f) => !eager.has(f));
    const later = new Set();
    const follow = (names) => {
      for (const d of names)
        if (!eager.has(d) && !rendered[type].includes(d) && !later.has(d)) {
          later.add(d);
          follow([...(byName.get(d)?.imports ?? []), ...(byName.get(d)?.dynamicImports ?? [])]);
        }
    };
    follow(home.dynamicImports.filter((d) => ownerOf(byName.get(d) ?? {}) === type));
    opened[type] = [...later];
  }
  // Other lazy parts (config stream client, its validator on a new document, web vitals after load, product
  // parser, mounter), by module name, followed through chunks that import further chunks; widget chunks are above.
  const lazy = {};
  const walk = (files) => {
    for (const f of files) {
      for (const d of byName.get(f)?.dynamicImports ?? []) {
        // A group's file (nudge-page) has no facade module: it goes by its group's name.
        const name = /([^/]+)\.[a-z]+$/.exec(byName.get(d)?.facadeModuleId ?? '')?.[1] ?? byName.get(d)?.name;
        if (!name || lazy[name] || eager.has(d) || Object.values(opened).flat().includes(d)) continue;
        lazy[name] = [...closure(d)].filter((x) => !eager.has(x));
        walk(lazy[name]);
      }
    }
  };
  walk(eager);
  return { loader: 'nudge.js', eager: ['nudge.js', ...eager], widgets, rendered, opened, lazy };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildEmbed();
  console.log(`built ${out}`);
}
