// The script-tag build minifies the widgets' css templates (css-minify.mjs): each real sheet, minified, must parse in
// Chromium to exactly the rules the source text parses to. A companion unit test checks the build ships that text.
/// <reference types="vite/client" />
import { expect, it } from 'vitest';
import { minifyCss } from './css-minify.mjs';

interface Sheet {
  cssText: string;
  styleSheet?: CSSStyleSheet;
}
const isSheet = (v: unknown): v is Sheet =>
  typeof v === 'object' && v !== null && typeof (v as Sheet).cssText === 'string' && 'styleSheet' in v;

const rules = (text: string) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return [...sheet.cssRules].map((r) => r.cssText);
};

it('every css sheet of the widgets parses to the same rules once minified', () => {
  const modules = import.meta.glob<Record<string, unknown>>(
    ['../../widgets/src/**/*.ts', '!**/*.test.ts', '!**/*.test-helper.ts', '!**/testing.ts'],
    { eager: true },
  );
  const sheets = new Set<Sheet>();
  for (const mod of Object.values(modules))
    for (const v of Object.values(mod)) for (const s of [v].flat()) if (isSheet(s)) sheets.add(s);
  // tokens (6 sheets), the four widgets' styles, the two reserves and the share menu at least
  expect(sheets.size).toBeGreaterThanOrEqual(13);
  let before = 0;
  let after = 0;
  for (const { cssText } of sheets) {
    const min = minifyCss(cssText);
    const expected = rules(cssText);
    expect(expected.length).toBeGreaterThan(0);
    expect(rules(min), min).toEqual(expected);
    before += cssText.length;
    after += min.length;
  }
  expect(after).toBeLessThan(before * 0.85);
  console.log(`css templates: ${sheets.size} sheets, ${before} -> ${after} characters`);
});

it('tricky inputs keep their rules: descendant spaces, calc, strings, url, escapes, custom properties, comments', () => {
  const cases = [
    ':host .x  >  a :hover , b  { color : red ; margin : calc( 100% + 16px ) calc(1px - -2px) ; }',
    '.a/**/.b { transform: translateY(calc(-100% - 16px)) } .a /* x */ .b { x: 1 }',
    '.q { content: "  a ;  { } " ; background: url( "a b.png" ) ; quotes: \'\\201C\' "\\201D" ; }',
    '.u { background-image: url(data:image/png;base64,AAAA) ; color : rgb(0 0 0 / 0.08) !important ; }',
    '.\\31  a { color: red } .\\31 { color: blue } .a\\:b { color: green }',
    ':host { --f :  a ,  b  ; --g: var(--h, 1px) ; --e:  ; --n: { x ; } ; color: var( --f ) }',
    "@media screen and (min-width: 48rem) and (prefers-reduced-motion: reduce) { :host([state='shown']) .bar { opacity: 1 ; } }",
    '@container (width < 630px) { .card { --B: 64px } } @supports not (display: grid) { .x { float: left } }',
    '.g { grid-column: 1 / -1 ; font: 12px / 1.5 a , b ; margin: -1px -0.5em ; transition: transform 0.25s ease , opacity 0.25s ; }',
    ':is( .a , .b ) :where(p) ~ span + i { x: 0 }',
  ];
  for (const css of cases) {
    const min = minifyCss(css);
    expect(min.length, css).toBeLessThan(css.length);
    expect(rules(min), `${css}\n${min}`).toEqual(rules(css));
  }
});
