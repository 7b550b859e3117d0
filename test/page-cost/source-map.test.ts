// sourceLookup: a built file's line and column back to its source module and line, through the `.map` beside it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { COMPILE_HINT } from '@nudge/embed/build';
import { sourceLookup } from './source-map.js';

const dir = mkdtempSync(join(tmpdir(), 'nudge-source-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const map = {
  version: 3,
  sources: [
    '../../packages/widgets/src/buy-bar/bar-contrast.ts',
    '../node_modules/.pnpm/lit-html@3.3.1/node_modules/lit-html/lit-html.js',
  ],
  // line 0: col 0 -> source 0 line 0, col 5 -> source 1 line 1; line 1: col 4 -> source 0 line 0 (negative deltas);
  // line 2: col 0 -> source 0 line 16 (a two-digit VLQ)
  mappings: 'AAAA,KCCE;IDDA;AAgBA',
};
const built = (name: string, code: string) => {
  const file = join(dir, name);
  writeFileSync(file, code);
  writeFileSync(`${file}.map`, JSON.stringify(map));
  return file;
};

it('names the module and line of a position, with node_modules and ../ taken off', () => {
  const at = sourceLookup(built('a.js', 'x\ny\nz\n'))!;
  expect(at(0, 3)).toBe('widgets/src/buy-bar/bar-contrast.ts:1');
  expect(at(0, 7)).toBe('lit-html/lit-html.js:2');
  expect(at(1, 0)).toBeUndefined(); // before the line's first mapping
  expect(at(1, 9)).toBe('widgets/src/buy-bar/bar-contrast.ts:1');
  expect(at(2, 0)).toBe('widgets/src/buy-bar/bar-contrast.ts:17');
  expect(at(5, 0)).toBeUndefined();
});

it('counts the compile hint line the build prepends, and has nothing to say without a map', () => {
  const at = sourceLookup(built('b.js', `${COMPILE_HINT}x\ny\n`))!;
  expect(at(1, 7)).toBe('lit-html/lit-html.js:2');
  expect(at(0, 0)).toBeUndefined();
  writeFileSync(join(dir, 'c.js'), 'x');
  expect(sourceLookup(join(dir, 'c.js'))).toBeUndefined();
});
