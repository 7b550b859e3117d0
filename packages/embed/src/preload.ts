// Fetches a widget's whole chunk tree at once: part of the mounting chunk.

/**
 * The files each widget type needs once on screen (every chunk under its element chunk, view and styles included; the
 * element itself is imported at once by the mounter), by the hashed names of this build: build.mjs writes them over this placeholder (preload.mjs). Without it
 * a widget arrives one import level per round trip (element, Lit base, view, styles: four in a row after the
 * mounter); with it, all at once. The table sits in the mounting chunk, so pages without widgets pay nothing for it.
 * In source (tests) it is empty and nothing is preloaded. JSON.parse keeps the minifier from folding it away.
 */
const PRELOAD: Record<string, string | undefined> = JSON.parse('{"__nudge_preload__":""}');

/**
 * Starts fetching a part's files with `<link rel="modulepreload">` (fetched and parsed, run only when imported). Only
 * a speed-up: if it fails, the imports still fetch everything, so it never throws.
 */
export function preload(
  part: string,
  base: string,
  nonce: string | undefined,
  files = PRELOAD,
  doc: Document = document,
): void {
  try {
    for (const name of files[part]?.split(' ') ?? []) {
      const href = new URL(`chunks/${name}.js`, base).href;
      if (doc.querySelector(`link[rel=modulepreload][href="${CSS.escape(href)}"]`)) continue;
      const link = doc.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      if (nonce) link.nonce = nonce;
      doc.head.append(link);
    }
  } catch {}
}
