// Writes the preload table into the built mounting chunk (src/preload.ts holds its placeholder): for each widget type,
// the files it fetches once on screen, as the manifest's `rendered` lists them, but for its element chunk, which the
// mounter's import() requests at once anyway (each <link> costs the main thread; see src/mounting.ts). The chunk's
// file name stays: its hash already covers every chunk it imports, so a change in any listed file has renamed it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PLACEHOLDER = '__nudge_preload__';

/** A JS string literal (any quote) that contains the placeholder. */
const LITERAL = new RegExp(String.raw`(["'\x60])(?:(?!\1)[^\\]|\\.)*${PLACEHOLDER}(?:(?!\1)[^\\]|\\.)*\1`, 'g');

/**
 * @param {string} outDir the built dist folder
 * @param {{ rendered: Record<string, string[]> }} graph the load graph (nudge-manifest.json)
 * @returns {string} the file that now holds the table
 */
export function writePreloads(outDir, graph) {
  const files = ['', 'chunks/'].flatMap((d) =>
    readdirSync(join(outDir, d))
      .filter((f) => f.endsWith('.js'))
      .map((f) => d + f),
  );
  const holders = files.filter((f) => readFileSync(join(outDir, f), 'utf8').includes(PLACEHOLDER));
  if (holders.length !== 1)
    throw new Error(`preload table: expected its placeholder in one built file, found it in ${holders.length}`);
  const file = join(outDir, holders[0]);
  const code = readFileSync(file, 'utf8');
  const found = code.match(LITERAL) ?? [];
  if (found.length !== 1)
    throw new Error(`preload table: expected one placeholder string in ${holders[0]}, found ${found.length}`);
  // Names only (all chunks sit in chunks/ and end in .js): most already appear in the chunk's import() calls.
  const table = Object.fromEntries(
    Object.entries(graph.rendered).map(([type, list]) => {
      const names = list
        .filter((f) => !f.startsWith(`chunks/${type}.component-`))
        .map((f) => /^chunks\/(.+)\.js$/.exec(f)?.[1]);
      if (names.some((n) => !n)) throw new Error(`preload table: a ${type} file is not a chunk: ${list.join(', ')}`);
      return [type, names.join(' ')];
    }),
  );
  const json = JSON.stringify(table);
  // Chunk names have no quotes or backslashes; a single-quoted literal then needs no escapes.
  if (/['\\\n]/.test(json)) throw new Error(`preload table: unexpected characters in chunk names: ${json}`);
  writeFileSync(
    file,
    code.replace(LITERAL, () => `'${json}'`),
  );
  return holders[0];
}
