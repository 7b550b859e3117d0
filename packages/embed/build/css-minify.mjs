// Minifies the static text of Lit `css` tagged templates in the widgets' sources for the script-tag build.
// Hand-written on purpose: it removes only what never carries meaning (comments, whitespace runs, whitespace next to
// { } ; , after a declaration's colon and before !important, the last ; of a block) and copies values the browser
// keeps as written, so the CSSOM Chromium builds is identical (css-minify.browser.test.ts). lightningcss (installed
// with vite) rewrites far more and was wrong on our tokens: it turned `--nudge-z-index, 2147483000` into 2147480000.
// The minifier itself is plain code (a browser test runs it); vite's parser is loaded only to find the templates.

const SPACE = /[ \t\n\r\f]/;
/** Stands in for a `${...}` interpolation while the text around it is minified: an opaque, non-space token. */
const HOLE = '\u0000';
/** Whitespace next to these is never significant in a selector, an at-rule prelude or a plain value. */
const TIGHT = new Set(['{', '}', ';', ',']);
/**
 * Values the browser keeps as written until computed time, so the CSSOM (and script reading it) sees their exact text:
 * custom properties and values with var(), env() or attr(). Only their leading and trailing spaces are dropped.
 */
const AS_WRITTEN = /(?:^|[^\w-])(?:var|env|attr)\(/i;

/**
 * Where the token starting at `i` ends, for tokens that are copied whole: strings, url(...), escapes and comments.
 * Returns `i` for anything else.
 * @param {string} src
 * @param {number} i
 */
function skipToken(src, i) {
  const c = src[i];
  if (c === '\\') {
    // A CSS escape: the next character, or up to six hex digits and the one whitespace that ends them.
    const hex = /^[0-9a-fA-F]{1,6}(\r\n|[ \t\n\r\f])?/.exec(src.slice(i + 1, i + 8));
    return hex ? i + 1 + hex[0].length : Math.min(i + 2, src.length);
  }
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, src.length);
  }
  if (c === '/' && src[i + 1] === '*') {
    const end = src.indexOf('*/', i + 2);
    return end === -1 ? src.length : end + 2;
  }
  if ((c === 'u' || c === 'U') && /^url\(/i.test(src.slice(i, i + 4)) && !/[\w-]/.test(src[i - 1] ?? '')) {
    let j = i + 4;
    while (j < src.length && src[j] !== ')') j += src[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, src.length);
  }
  return i;
}

/**
 * The end of the segment starting at `from`: the index of the first `{`, `;` or `}` outside strings, comments and
 * brackets (braces count as brackets too when `braces`, for a custom property's value), or the text's length.
 * @param {string} src
 * @param {number} from
 * @param {boolean} braces
 */
function segmentEnd(src, from, braces) {
  let depth = 0;
  for (let i = from; i < src.length;) {
    const j = skipToken(src, i);
    if (j > i) {
      i = j;
      continue;
    }
    const c = src[i];
    if (c === '(' || c === '[' || (braces && c === '{')) depth++;
    else if ((c === ')' || c === ']' || (braces && c === '}')) && depth > 0) depth--;
    else if (depth === 0 && (c === '{' || c === ';' || c === '}')) return i;
    i++;
  }
  return src.length;
}

/**
 * A selector, prelude, property name or plain value with comments dropped, whitespace runs made one space, and no
 * space next to , { } ; or before !, nor after : when `colon`. Spaces anywhere else stay: `:host .x`, `a :hover`,
 * `calc(1px + 2px)`.
 * @param {string} text
 * @param {boolean} [colon]
 */
function squeeze(text, colon = false) {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length;) {
    const c = /** @type {string} */ (text[i]);
    if (SPACE.test(c)) {
      space = true;
      i++;
      continue;
    }
    const j = skipToken(text, i);
    const token = j > i ? text.slice(i, j) : c;
    if (token.startsWith('/*') && !token.includes(HOLE)) {
      // Dropped; between two tokens it still keeps them apart (`.a/**/.b` is not `.a.b`).
      if (!space && out !== '' && j < text.length && !SPACE.test(text[j] ?? '')) out += '/**/';
      i = j;
      continue;
    }
    const prev = out[out.length - 1];
    if (space && prev !== undefined && !TIGHT.has(prev) && !(colon && prev === ':') && !TIGHT.has(c) && c !== '!')
      out += ' ';
    space = false;
    out += token;
    i = j > i ? j : i + 1;
  }
  return out;
}

/**
 * Minifies the cooked text of one css template, given as its static parts (the text between interpolations).
 * Returns as many parts. Strings, url(), escapes and values the browser keeps as written (AS_WRITTEN) are copied.
 * @param {readonly string[]} parts
 * @returns {string[]}
 */
export function minifyCssParts(parts) {
  if (parts.some((p) => p.includes(HOLE))) throw new Error('css-minify: NUL character in a css template');
  const src = parts.join(HOLE);
  let out = '';
  let depth = 0;
  for (let i = 0; i < src.length;) {
    const custom = depth > 0 && /^[ \t\n\r\f]*--/.test(src.slice(i, i + 64));
    const end = segmentEnd(src, i, custom);
    const text = src.slice(i, end);
    const stop = src[end];
    if (stop === '{') {
      // @media conditions are re-serialized by the browser; @supports keeps its text, so its spaces stay.
      out += `${squeeze(text, /^[ \t\n\r\f]*@media\b/i.test(text))}{`;
      depth++;
    } else {
      const colon = depth > 0 ? colonAt(text) : -1;
      if (colon >= 0) {
        // A declaration.
        const name = squeeze(text.slice(0, colon));
        let value = text.slice(colon + 1);
        if (name.startsWith('--') || AS_WRITTEN.test(value)) {
          value = value.trim().replace(/[ \t\n\r\f]+!(?=[ \t\n\r\f]*important$)/i, '!');
        } else value = squeeze(value);
        out += `${name}:${value}`;
      } else out += squeeze(text);
      if (stop === ';') {
        // The last declaration of a block needs no `;`.
        const next = src.slice(end + 1).replace(/^(?:[ \t\n\r\f]+|\/\*[^]*?\*\/)+/, '')[0];
        if (next !== '}' || depth === 0) out += ';';
      } else if (stop === '}') {
        out += '}';
        depth = Math.max(0, depth - 1);
      }
    }
    i = end + 1;
  }
  const result = out.split(HOLE);
  if (result.length !== parts.length) throw new Error('css-minify: interpolation count changed');
  return result;
}

/** The index of a declaration's first `:` outside strings, comments and brackets, or -1. @param {string} text */
function colonAt(text) {
  let depth = 0;
  for (let i = 0; i < text.length;) {
    const j = skipToken(text, i);
    if (j > i) {
      i = j;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ':' && depth === 0) return i;
    i++;
  }
  return -1;
}

/** Minifies a css text without interpolations. @param {string} text */
export const minifyCss = (text) => minifyCssParts([text])[0] ?? '';

/** Cooked text back to template-literal source: backslashes, backticks and `${` escaped. @param {string} text */
export const toRaw = (text) => text.replace(/\\|`|\$\{|\r/g, (m) => (m === '\r' ? '\\r' : `\\${m}`));

/**
 * Every `css` tagged template in a JS/TS module: where its static parts are in `code` and their cooked text.
 * @param {string} code
 * @param {string} [filename]
 * @returns {Promise<{ start: number, end: number, raw: string, cooked: string | null }[][]>}
 */
export async function cssTemplates(code, filename = 'module.ts') {
  const { parseAst } = await import('vite');
  const ast = parseAst(code, { lang: /\.tsx?$/.test(filename) ? 'ts' : 'js' }, filename);
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TaggedTemplateExpression' && node.tag?.type === 'Identifier' && node.tag.name === 'css') {
      found.push(
        node.quasi.quasis.map((q) => {
          // A quasi's span includes its delimiters: ` or } before, ${ or ` after.
          const end = q.end - (q.tail ? 1 : 2);
          const start = end - q.value.raw.length;
          if (code.slice(start, end) !== q.value.raw)
            throw new Error(`css-minify: cannot locate a css template in ${filename}`);
          return { start, end, raw: q.value.raw, cooked: q.value.cooked ?? null };
        }),
      );
    }
    for (const key in node) if (key !== 'type' && typeof node[key] === 'object') visit(node[key]);
  };
  visit(ast);
  return found;
}

/**
 * The module with each css template's static text minified (templates with an invalid escape are left alone).
 * @param {string} code
 * @param {string} [filename]
 */
export async function minifyCssTemplates(code, filename) {
  const edits = [];
  for (const quasis of await cssTemplates(code, filename)) {
    if (quasis.some((q) => q.cooked === null)) continue;
    const min = minifyCssParts(quasis.map((q) => /** @type {string} */ (q.cooked)));
    quasis.forEach((q, k) => edits.push({ start: q.start, end: q.end, text: toRaw(min[k] ?? '') }));
  }
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Vite/rolldown plugin: minifies css templates in the modules `include` matches (by default the widgets' sources).
 * @param {{ include?: RegExp }} [options]
 * @returns {import('vite').Plugin}
 */
export function cssTemplateMinify(options = {}) {
  const include = options.include ?? /\/packages\/widgets\/src\/.+\.ts$/;
  return {
    name: 'nudge:css-template-minify',
    transform: {
      filter: { id: include, code: 'css`' },
      async handler(code, id) {
        if (!include.test(id) || !code.includes('css`')) return null;
        const out = await minifyCssTemplates(code, id);
        return out === code ? null : { code: out, map: null };
      },
    },
  };
}
