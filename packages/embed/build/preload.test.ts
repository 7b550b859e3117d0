import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePreloads } from './preload.mjs';

const graph = {
  rendered: {
    'stock-banner': [
      'chunks/stock-banner.component-A1.js',
      'chunks/nudge-element-B2.js',
      'chunks/stock-banner.view-C3.js',
    ],
  },
};
const dist = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'nudge-preload-'));
  mkdirSync(join(dir, 'chunks'));
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);
  return dir;
};

describe('writePreloads (build step)', () => {
  it('replaces the placeholder string, whichever quotes the minifier chose, with the table of chunk names (not the element chunk the mounter imports itself)', () => {
    for (const literal of [
      `'{"__nudge_preload__":""}'`,
      `"{\\"__nudge_preload__\\":\\"\\"}"`,
      '`{"__nudge_preload__":""}`',
    ]) {
      const dir = dist({
        'nudge-runtime.js': 'import("./chunks/m-1.js")',
        'chunks/m-1.js': `const a="x",T=JSON.parse(${literal});export{T}`,
      });
      expect(writePreloads(dir, graph)).toBe('chunks/m-1.js');
      const code = readFileSync(join(dir, 'chunks/m-1.js'), 'utf8');
      expect(code).toBe(
        `const a="x",T=JSON.parse('{"stock-banner":"nudge-element-B2 stock-banner.view-C3"}');export{T}`,
      );
      expect(new Function(code.replace('export{T}', 'return T'))()).toEqual({
        'stock-banner': 'nudge-element-B2 stock-banner.view-C3',
      });
    }
  });

  it('refuses a build where the placeholder is missing or appears twice, and files outside chunks/', () => {
    expect(() => writePreloads(dist({ 'nudge-runtime.js': 'x' }), graph)).toThrow(/found it in 0/);
    expect(() =>
      writePreloads(dist({ 'a.js': `'__nudge_preload__'`, 'chunks/b.js': `'__nudge_preload__'` }), graph),
    ).toThrow(/found it in 2/);
    expect(() => writePreloads(dist({ 'chunks/b.js': `['__nudge_preload__','__nudge_preload__']` }), graph)).toThrow(
      /one placeholder string/,
    );
    expect(() =>
      writePreloads(dist({ 'chunks/b.js': `'__nudge_preload__'` }), { rendered: { x: ['elsewhere/y.js'] } }),
    ).toThrow(/not a chunk/);
  });
});
