// The css template minifier of the script-tag build (css-minify.mjs): exact output on tricky inputs, and the built
// dist carrying each widget sheet minified. The browser test checks the minified sheets parse to the same rules.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEmbed } from './build.mjs';
import { cssTemplates, minifyCss, minifyCssParts, minifyCssTemplates, toRaw } from './css-minify.mjs';

describe('minifyCss', () => {
  it('drops comments and layout whitespace, keeps every space that carries meaning', () => {
    expect(
      minifyCss(`
      /* tokens */
      :host .x > a :hover ,
      b  {
        color : red ;
        margin: calc( 100% + 16px ) calc(-100% - 16px);
        box-shadow: 0 -4px 16px rgb(0 0 0 / 0.08) ;
        display: none  !important ;
      }
    `),
    ).toBe(
      ':host .x > a :hover,b{color:red;margin:calc( 100% + 16px ) calc(-100% - 16px);box-shadow:0 -4px 16px rgb(0 0 0 / 0.08);display:none!important}',
    );
  });

  it('copies strings, url(), escapes and values the browser keeps as written', () => {
    expect(minifyCss(".q { content: '  a ;  { } ' ; background: url( a b.png ) }")).toBe(
      ".q{content:'  a ;  { } ';background:url( a b.png )}",
    );
    // a hex escape owns one following space; the second one is a descendant combinator
    expect(minifyCss('.\\31  a { x: 1 }')).toBe('.\\31  a{x:1}');
    expect(
      minifyCss(
        ':host { --f :  a ,  b  ; --n: { x ; } ; color: var( --f , red ) ; padding: max(1rem, env(safe-area-inset-left)) }',
      ),
    ).toBe(':host{--f:a ,  b;--n:{ x ; };color:var( --f , red );padding:max(1rem, env(safe-area-inset-left))}');
    expect(
      minifyCss('@supports not (display: grid) { .x { float : left } } @media (min-width: 48rem) { .y { top: 0 } }'),
    ).toBe('@supports not (display: grid){.x{float:left}}@media (min-width:48rem){.y{top:0}}');
  });

  it('keeps tokens a comment separated apart', () => {
    expect(minifyCss('.a/**/.b { x: 1 } .a /* c */ .b { x: 2 }')).toBe('.a/**/.b{x:1}.a .b{x:2}');
  });

  it('leaves interpolations in place with the space that separates them from a neighbour', () => {
    expect(minifyCssParts(['\n  :host ', ' .x {\n    color: ', ' ;\n  }\n  ', '\n'])).toEqual([
      ':host ',
      ' .x{color:',
      '}',
      '',
    ]);
    expect(minifyCssParts(['.a { margin: ', ' ', '; }'])).toEqual(['.a{margin:', ' ', '}']);
  });
});

describe('minifyCssTemplates', () => {
  it('rewrites only css`` templates, escaping backslashes, backticks and ${ back into template source', async () => {
    const code = [
      "import { css, html } from 'lit';",
      'const x: string = "加入购物车 😀"; // offsets count UTF-16 units, as JS strings do',
      'export const s = css`',
      "  .q { content: '\\\\201C \\` \\${' ; }",
      '  .a { color: ${x} ; }',
      '`;',
      'export const h = html`<p>  two  spaces  </p>`;',
    ].join('\n');
    const out = await minifyCssTemplates(code, 'x.styles.ts');
    expect(out).toContain("css`.q{content:'\\\\201C \\` \\${'}.a{color:${x}}`");
    expect(out).toContain('html`<p>  two  spaces  </p>`');
    const [template] = await cssTemplates(out, 'x.styles.ts');
    expect(template?.map((q) => q.cooked)).toEqual([".q{content:'\\201C ` ${'}.a{color:", '}']);
    expect(toRaw('a\\b`${c}')).toBe('a\\\\b\\`\\${c}');
  });
});

it('the embed build ships every css template of the widgets minified', async () => {
  const root = resolve(import.meta.dirname, '../../widgets/src');
  const sources = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !/\.test(-helper)?\.ts$|testing\.ts$/.test(f))
    .map((f) => [f, readFileSync(join(root, f), 'utf8')] as const)
    .filter(([, code]) => code.includes('css`'));
  expect(sources.length).toBeGreaterThanOrEqual(8);
  const dir = await buildEmbed({ outDir: mkdtempSync(join(tmpdir(), 'nudge-css-minify-')), logLevel: 'silent' });
  try {
    const dist = readdirSync(join(dir, 'chunks'))
      .map((f) => readFileSync(join(dir, 'chunks', f), 'utf8'))
      .join('\n');
    let templates = 0;
    for (const [file, code] of sources) {
      for (const quasis of await cssTemplates(code, file)) {
        const minified = minifyCssParts(quasis.map((q) => q.cooked ?? '')).map(toRaw);
        for (const [k, part] of minified.entries()) {
          expect(dist, `${file}: css template part ${k}`).toContain(part);
          if (quasis[k]!.raw.trim() !== part) expect(dist).not.toContain(quasis[k]!.raw);
        }
        templates++;
      }
    }
    expect(templates).toBeGreaterThanOrEqual(13);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
