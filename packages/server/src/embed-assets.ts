// The embed's built files for the server: copied from the embed's dist/ with brotli and gzip siblings made at build.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files the embed route serves; everything else in the folder (the precompressed siblings too) is not served. */
export const SERVED = /\.(?:js|mjs|json|css|map)$/;

/** The two encodings made at build, best first, with their file suffix. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br', compress: (b: Buffer) => brotli(b) },
  { name: 'gzip', suffix: '.gz', compress: (b: Buffer) => gzipSync(b, { level: 9 }) },
] as const;

const brotli = (b: Buffer) =>
  brotliCompressSync(b, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    },
  });

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * Writes `<file>.br` and `<file>.gz` beside each served file of `dir` (a sibling that would not be smaller is not
 * written: the identity file is then served). Returns each file's sizes, for the build's log.
 */
export function precompress(dir: string): { file: string; bytes: number; br?: number; gzip?: number }[] {
  const sizes = [];
  for (const file of listFiles(dir).filter((f) => SERVED.test(f))) {
    const body = readFileSync(join(dir, file));
    const row: { file: string; bytes: number; br?: number; gzip?: number } = { file, bytes: body.length };
    for (const enc of ENCODINGS) {
      const packed = enc.compress(body);
      if (packed.length >= body.length) continue;
      writeFileSync(join(dir, file + enc.suffix), packed);
      row[enc.name] = packed.length;
    }
    sizes.push(row);
  }
  return sizes;
}

/** Replaces `to` by a copy of the embed's built folder `from`, precompressed. Throws when `from` holds no nudge.js. */
export function copyEmbed(from: string, to: string) {
  if (!statSync(join(from, 'nudge.js'), { throwIfNoEntry: false })?.isFile())
    throw new Error(`${from}/nudge.js not found: build the embed first (pnpm --filter @nudge/embed build)`);
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  return precompress(to);
}
