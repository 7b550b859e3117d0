// Builds dist/: nudge.js (classic-script IIFE, the part every page pays first) and one code-split ESM graph
// (nudge-runtime.js = core + loader logic, plus a chunk per widget), so the widgets and the core share one copy
// of @nudge/core's stores.
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** @param {{ outDir?: string, logLevel?: 'silent' | 'info' }} [options] */
export async function buildEmbed(options = {}) {
  const outDir = options.outDir ?? resolve(here, 'dist');
  const logLevel = options.logLevel ?? 'info';
  rmSync(outDir, { recursive: true, force: true });
  const shared = {
    configFile: false,
    root: here,
    logLevel,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  // One graph for everything loaded as modules: the runtime entry imports widget chunks with import().
  await build({
    ...shared,
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      reportCompressedSize: false,
      // Lib mode: no app preload helper around import(). Its ES output keeps whitespace for consumers' tree-shaking,
      // but this is the final bundle, so the output is minified fully.
      lib: { entry: { 'nudge-runtime': resolve(here, 'src/runtime.ts') }, formats: ['es'] },
      rolldownOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
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
      lib: { entry: resolve(here, 'src/loader.ts'), formats: ['iife'], name: 'nudgeLoader', fileName: () => 'nudge.js' },
    },
  });
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildEmbed();
  console.log(`built ${out}`);
}
