// Builds dist/: nudge.js (classic-script IIFE, the part every page pays first) and one code-split ESM graph
// (nudge-runtime.js = core + loader logic, plus a chunk per widget), so the widgets and the core share one copy
// of @nudge/core's stores.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { cssTemplateMinify } from './css-minify.mjs';

/** The package folder: src/ goes in, dist/ comes out. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ outDir?: string, logLevel?: 'silent' | 'info' }} [options] */
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
    plugins: [cssTemplateMinify()],
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
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
              // visit): the product reader, auto-tracking with the quantity rule the buy bar shares, the mounter, and
              // Lit with the widgets' shared base (element class, store connection, URL check, i18n, tokens). As a
              // chunk per concern they were five files in three serial waves, and on a 4x slower CPU every file and
              // wave cost main-thread time (request starts, module instantiation, promise hops) even when cached.
              // The reader itself lives in @nudge/core/product; its microdata part stays a lazy file of its own, fetched
              // only by a page with a microdata item.
              {
                name: 'nudge-page',
                test: /embed\/src\/(product|autotrack|mounting|mount|safe-define|widget-chunks)\.ts$|core\/src\/track\/quantity\.ts$|core\/src\/product\/(?!microdata\.)[a-z-]+\.ts$|widgets\/src\/(internal\/(?!dialog|floating|testing)[a-z0-9-]+|styles\/[a-z.-]+)\.ts$|node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(lit|lit-html|lit-element|@lit\/reactive-element)\//,
              },
              // Each widget's on-screen code (element, controller, styles, messages) in one file: the controller came a
              // round trip after the element, or with a modulepreload per file whose main-thread cost (~37 ms per load at
              // 4x) was paid even when every file was cached. What only a trigger or click opens stays lazy.
              {
                name: (id) => `${/widgets\/src\/([a-z-]+)\//.exec(id)[1]}.component`,
                test: /widgets\/src\/(coupon-popup|stock-banner|referral-card|buy-bar)\/(?![a-z-]+\.(view|menu)\.ts$|stock-feed\.ts$)/,
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
  const graph = shareWidgetHash(outDir, loadGraph(esm));
  writeFileSync(resolve(outDir, 'nudge-manifest.json'), JSON.stringify(graph, null, 2));
  markCalledOnLoad(outDir, calledOnLoad(graph));
  return outDir;
}

/** The placeholder in runtime.ts for the widget files' shared hash. */
const WIDGET_HASH = '%NUDGE_WIDGET_HASH%';

/**
 * Renames the widget files to `chunks/<type>.component-<hash>.js` with one hash for all of them (of their contents), and
 * writes it into the runtime: the runtime then requests the files the config's widgets need with the page file, in one
 * wave, instead of a wave later once the page file's mounter has run. A table of the four hashed names in the runtime
 * cost every page ~120 B gzip (it had ~30 B left); the shared hash and the config's widget types cost ~45 B. The files
 * that name a widget file (the page file's import table, another widget's) are rewritten; their own hashes stay
 * right, since the new names follow from the old ones. The runtime's name carries no hash, so writing into it is safe.
 * @param {string} outDir
 * @param {{ widgets: Record<string, string[]> }} graph
 */
function shareWidgetHash(outDir, graph) {
  const old = Object.values(graph.widgets).map((files) => files[0]);
  const hash = createHash('sha256');
  for (const f of [...old].sort()) hash.update(f).update(readFileSync(resolve(outDir, f)));
  const shared = hash.digest('base64url').slice(0, 8);
  const renames = old.map((f) => [f, f.replace(/-[\w-]{8}\.js$/, `-${shared}.js`)]);
  for (const [from, to] of renames) renameSync(resolve(outDir, from), resolve(outDir, to));
  const base = (f) => f.slice('chunks/'.length);
  const rewrite = (text) => renames.reduce((t, [from, to]) => t.replaceAll(base(from), base(to)), text);
  for (const f of readdirSync(resolve(outDir, 'chunks'))) {
    const file = resolve(outDir, 'chunks', f);
    const text = readFileSync(file, 'utf8');
    if (rewrite(text) !== text) writeFileSync(file, rewrite(text));
  }
  const runtime = resolve(outDir, 'nudge-runtime.js');
  const code = readFileSync(runtime, 'utf8');
  if (!code.includes(WIDGET_HASH)) throw new Error(`nudge-runtime.js has no ${WIDGET_HASH} placeholder`);
  writeFileSync(runtime, code.replace(WIDGET_HASH, shared));
  return JSON.parse(rewrite(JSON.stringify(graph)));
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
  for (const c of output) {
    // A widget's file holds its element module (not as facade: the file is a group of its on-screen modules).
    const m = /\/([a-z-]+)\.component\.ts$/.exec(c.moduleIds.find((id) => id.endsWith('.component.ts')) ?? '');
    if (!m) continue;
    widgets[m[1]] = [...closure(c.fileName)].filter((f) => !eager.has(f));
    // What the widget fetches once it is on screen (`rendered`): its view and behaviour chunks, imported with import()
    // from its element, followed through their imports. What only a trigger, a click or an option opens (the popup's
    // dialog, the referral card's share menu with its QR code, floating-ui for menus and tooltips, the stock
    // banner's feed poller for a feed-url) is `opened`.
    const seen = new Set(widgets[m[1]]);
    const later = new Set();
    const opens = (d) =>
      /(\.menu|\/floating|coupon-popup\.view|\/stock-feed)\.ts$/.test(byName.get(d)?.facadeModuleId ?? '');
    // Two passes, so a chunk both kinds of import reach (the shared styles) counts as on screen whatever the order.
    // Not through the shared page file (its mounter imports every widget) nor into another widget's file.
    const shared = (f) => byName.get(f)?.name === 'nudge-page';
    const other = (f) => /\.component-/.test(f) && !f.startsWith(`chunks/${m[1]}.component-`);
    const follow = (names, into, skip) => {
      for (const name of names) {
        if (shared(name)) continue;
        for (const d of byName.get(name)?.dynamicImports ?? []) {
          if (other(d)) continue;
          if (skip(d)) continue;
          for (const f of closure(d))
            if (!eager.has(f) && !seen.has(f) && !later.has(f)) {
              into.add(f);
              follow([f], into, skip);
            }
        }
      }
    };
    follow([...seen], seen, opens);
    follow([...seen], later, () => false);
    rendered[m[1]] = [...seen];
    opened[m[1]] = [...later];
  }
  // Other lazy parts (config stream client, its validator on a new document, web vitals after load, product
  // parser, mounter), by module name, followed through chunks that import further chunks; widget chunks are above.
  const lazy = {};
  const walk = (files) => {
    for (const f of files) {
      for (const d of byName.get(f)?.dynamicImports ?? []) {
        // A group's file (nudge-page) has no facade module: it goes by its group's name.
        const name = /([^/]+)\.[a-z]+$/.exec(byName.get(d)?.facadeModuleId ?? '')?.[1] ?? byName.get(d)?.name;
        if (!name || name.endsWith('.component') || lazy[name] || eager.has(d)) continue;
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
