// The domain folders (ingest, config, store, reports) work without HTTP, so a worker can run them outside a request.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const DOMAIN = ['config', 'ingest', 'store', 'reports', 'stats', 'metrics', 'alerts', 'rewards', 'accounts'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `file: specifier` for each import of the HTTP layer (src/http/, hono) in `text`. */
function httpImports(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2]!)
    .filter((s) => /(?:^|\/)http\//.test(s) || /^(?:hono|@hono\/)/.test(s))
    .map((s) => `${file}: ${s}`);
}

it('finds an import of the HTTP layer, type-only or not', () => {
  expect(httpImports('a.ts', "import type { Issue } from '../http/errors.js';")).toEqual(['a.ts: ../http/errors.js']);
  expect(httpImports('b.ts', "import { Hono } from 'hono';\nexport { x } from './http-free.js';")).toEqual([
    'b.ts: hono',
  ]);
});

it('no module in config/, ingest/, store/, reports/, stats/, metrics/ or alerts/ imports src/http/ or hono', () => {
  const src = import.meta.dirname;
  const found = DOMAIN.flatMap((dir) =>
    (readdirSync(join(src, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => httpImports(join(dir, f), readFileSync(join(src, dir, f), 'utf8'))),
  );
  expect(found).toEqual([]);
});
