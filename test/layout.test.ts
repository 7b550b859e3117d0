// Issue 12's "must hold" for the layout: no long source files in the server, console and core, no import circles.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseDependencyTree, type DependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 400;
/** Folders whose source files must stay short; one that does not exist (yet) is skipped. */
const SHORT_FILE_DIRS = ['packages/server/src', 'packages/console/src', 'packages/core/src'];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
/** Test code, named as eslint.config.js names it. */
const TEST = /\.test(?:-helper)?\.[cm]?[jt]sx?$|(?:^|[\\/])testing\.ts$/;
/** A generated file says so in its first lines, the usual marker tools write. */
const GENERATED = /@generated\b|\bdo not edit\b/i;

const repo = resolve(import.meta.dirname, '..');

/** Source files (not tests, not generated) over `max` lines under `dirs`, relative to `root`, with their lengths. */
function longFiles(root: string, dirs: string[], max = MAX_LINES): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    const abs = join(root, dir);
    if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const f of readdirSync(abs, { recursive: true }) as string[]) {
      if (!SOURCE.test(f) || TEST.test(f) || f.split(/[\\/]/).includes('node_modules')) continue;
      const text = readFileSync(join(abs, f), 'utf8');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      if (lines > max && !GENERATED.test(text.split('\n', 5).join('\n')))
        found.push(`${join(dir, f)} (${lines} lines)`);
    }
  }
  return found.sort();
}

/**
 * Groups of files that import each other in a circle, each as its files sorted and joined by ` <-> `. Imports are
 * read and resolved by dpdm with TypeScript's own resolver (so `./x.js` is `./x.ts`), type-only imports included;
 * `import()` is left out, since a lazy chunk is not a load-order circle. Reported per strongly connected component
 * rather than per cycle as dpdm's parseCircular does: the cycles its search meets depend on the order it walks the
 * files, so an unrelated import could change them; a component changes only when a file joins or leaves a circle.
 */
async function importCircles(root: string, glob = 'packages/*/src/**/*.{ts,tsx,mts,js,mjs}'): Promise<string[]> {
  const tree: DependencyTree = await parseDependencyTree(glob, { cwd: root, context: root, transform: false });
  const edges = new Map<string, string[]>();
  for (const [file, deps] of Object.entries(tree))
    edges.set(
      file,
      (deps ?? []).filter((d) => d.id !== null && d.kind !== 'DynamicImport' && d.id in tree).map((d) => d.id!),
    );
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || edges.get(v)!.includes(v)) groups.push(group.sort().join(' <-> '));
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups.sort();
}

describe('repo layout (issue 12)', () => {
  it(`no source file over ${MAX_LINES} lines in ${SHORT_FILE_DIRS.join(', ')}`, () => {
    const found = longFiles(repo, SHORT_FILE_DIRS);
    expect(found, `source files over ${MAX_LINES} lines (split them by concern):\n${found.join('\n')}`).toEqual([]);
  });

  it('no import circles between files in packages/*/src (type-only imports included)', async () => {
    const found = await importCircles(repo);
    expect(found, `files that import each other in a circle:\n${found.join('\n')}`).toEqual([]);
  }, 60_000);
});

describe('the layout checks themselves', () => {
  const fixture = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'nudge-layout-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};\n`).join('');

  it('finds long source files, but not tests, generated files or files at the limit', () => {
    const root = fixture({
      'packages/a/src/long.ts': lines(401),
      'packages/a/src/deep/long.mjs': lines(500),
      'packages/a/src/ok.ts': lines(400),
      'packages/a/src/long.test.ts': lines(900),
      'packages/a/src/long.browser.test.ts': lines(900),
      'packages/a/src/store/kit.test-helper.ts': lines(900),
      'packages/a/src/testing.ts': lines(900),
      'packages/a/src/gen.ts': '// @generated by a tool\n' + lines(900),
      'packages/a/src/long.json': lines(900),
    });
    try {
      expect(longFiles(root, ['packages/a/src', 'packages/missing/src'])).toEqual([
        'packages/a/src/deep/long.mjs (500 lines)',
        'packages/a/src/long.ts (401 lines)',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds circles through type-only imports and `.js` specifiers, not through import()', async () => {
    const root = fixture({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
      // a -> b (type only) -> c -> a: one circle of three files
      'packages/p/src/a.ts': "import type { B } from './b.js';\nexport const a = (b: B) => b;\n",
      'packages/p/src/b.ts': "import { c } from './c.js';\nexport type B = typeof c;\n",
      'packages/p/src/c.ts': "export { a } from './a.js';\nexport const c = 1;\n",
      // lazy -> d statically, d -> lazy through import() only: no circle
      'packages/p/src/d.ts': "export const d = () => import('./lazy.js');\n",
      'packages/p/src/lazy.ts': "import { d } from './d.js';\nexport const lazy = d;\n",
      // across packages through a relative path: q/e <-> p/f
      'packages/q/src/e.ts': "import { f } from '../../p/src/f.js';\nexport const e = f;\n",
      'packages/p/src/f.ts': "import type { e } from '../../q/src/e.js';\nexport const f = 1 as unknown as typeof e;\n",
    });
    try {
      expect(await importCircles(root)).toEqual([
        'packages/p/src/a.ts <-> packages/p/src/b.ts <-> packages/p/src/c.ts',
        'packages/p/src/f.ts <-> packages/q/src/e.ts',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
