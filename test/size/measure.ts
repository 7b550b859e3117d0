// Bundles an entry the way a user's production build would and reports its gzip size.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minifySync } from 'rolldown/utils';
import { build } from 'vite';
import type { SizeEntry } from './budgets.js';

export interface SizeResult {
  name: string;
  budget: number;
  /** Gzip bytes of the entry chunk and everything it imports statically. */
  gzip: number;
  minified: number;
  /** Gzip bytes of chunks only reached through dynamic import() (loaded later, not counted). */
  lazyGzip: number;
}

const root = resolve(import.meta.dirname, '../..');
interface OutChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
  isEntry?: boolean;
  imports?: string[];
}

export async function measure(entry: SizeEntry): Promise<SizeResult> {
  if (entry.files) {
    let gzip = 0,
      minified = 0;
    for (const f of await entry.files()) {
      const buf = readFileSync(resolve(root, f));
      gzip += gzipSync(buf, { level: 9 }).length;
      minified += buf.length;
    }
    return { name: entry.name, budget: entry.budget, gzip, minified, lazyGzip: 0 };
  }
  if (entry.file) {
    const buf = readFileSync(resolve(root, entry.file));
    return {
      name: entry.name,
      budget: entry.budget,
      gzip: gzipSync(buf, { level: 9 }).length,
      minified: buf.length,
      lazyGzip: 0,
    };
  }
  // A real file (not a virtual module) so lib mode applies: no app-only preload helper, exports kept.
  const dir = resolve(root, 'test/size/.entries');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${entry.name.replace(/[^a-z0-9]+/gi, '-')}.ts`);
  writeFileSync(file, entry.code ?? '');
  const out = (await build({
    configFile: false,
    root,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Vitest runs with NODE_ENV=test, which made Vite resolve packages' `development` builds (Lit dev mode).
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      reportCompressedSize: false,
      lib: { entry: file, formats: ['es'], fileName: 'entry' },
    },
  })) as { output: OutChunk[] } | { output: OutChunk[] }[];
  const output = (Array.isArray(out) ? out[0]! : out).output.filter((c) => c.type === 'chunk');
  const byName = new Map(output.map((c) => [c.fileName, c]));
  const eager = new Set<string>();
  const visit = (c: OutChunk) => {
    if (eager.has(c.fileName)) return;
    eager.add(c.fileName);
    for (const i of c.imports ?? []) {
      const d = byName.get(i);
      if (d) visit(d);
    }
  };
  for (const c of output) if (c.isEntry) visit(c);
  let gzip = 0,
    minified = 0,
    lazyGzip = 0;
  for (const c of output) {
    // Vite's ES lib mode leaves whitespace unminified (to keep pure annotations for the consumer's bundler);
    // a shop's production build minifies fully, so measure what it would ship: oxc minify, as Vite apps use.
    const bytes = Buffer.from(
      minifySync(c.fileName, c.code ?? '', { module: true, compress: true, mangle: true }).code,
    );
    const z = gzipSync(bytes, { level: 9 }).length;
    if (eager.has(c.fileName)) {
      gzip += z;
      minified += bytes.length;
    } else lazyGzip += z;
  }
  return { name: entry.name, budget: entry.budget, gzip, minified, lazyGzip };
}

export function formatRow(r: SizeResult): string {
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  const status = r.gzip <= r.budget ? 'ok  ' : 'OVER';
  const lazy = r.lazyGzip ? `  (+${kb(r.lazyGzip)} lazy)` : '';
  return `${status} ${r.name.padEnd(52)} ${kb(r.gzip).padStart(9)} gzip / ${kb(r.budget).padStart(8)} budget  ${kb(r.minified).padStart(9)} min${lazy}`;
}
