// Maps a position in a built embed file back to its source module, from the `.map` beside it (buildEmbed's sourcemap
// option), so bench:page:profile can sum sampled time per module. Decodes only what that needs: the generated column
// and source index of each mapping segment.
import { existsSync, readFileSync } from 'node:fs';
import { COMPILE_HINT } from '@nudge/embed/build';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 VLQ: the numbers of one mapping segment. */
function decodeSegment(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = shift = 0;
    }
  }
  return out;
}

/**
 * `(line, column) -> "source:line"` for one built file (0-based in, as V8's profiler reports them; 1-based out);
 * undefined without a map.
 */
export function sourceLookup(file: string): ((line: number, column: number) => string | undefined) | undefined {
  if (!existsSync(`${file}.map`)) return undefined;
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  // build.mjs prepends the compile hint after the build: the map's lines start one later in such a file.
  const offset = readFileSync(file, 'utf8').startsWith(COMPILE_HINT) ? 1 : 0;
  let source = 0;
  let sourceLine = 0;
  const lines = map.mappings.split(';').map((line) => {
    let column = 0;
    return line
      .split(',')
      .filter(Boolean)
      .map((seg) => {
        const [dc = 0, ds, dl = 0] = decodeSegment(seg);
        column += dc;
        if (ds !== undefined) {
          source += ds;
          sourceLine += dl;
        }
        return [column, source, sourceLine] as const;
      });
  });
  const short = (s: string) =>
    s
      .replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
      .replace(/^(\.\.\/)+/, '')
      .replace(/^packages\//, '');
  return (line, column) => {
    const segs = lines[line - offset];
    if (!segs?.length) return undefined;
    let best: readonly [number, number, number] | undefined;
    for (const s of segs) if (s[0] <= column) best = s;
    return best && `${short(map.sources[best[1]]!)}:${best[2] + 1}`;
  };
}
