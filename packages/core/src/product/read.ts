// readProduct: the page's product from its markup, as real themes write it (broken JSON-LD included).
import type { ProductContext } from '../stores.js';
import { type Json } from './fields.js';
import { findProductNode, productFromJsonLd } from './json-ld.js';
import { mergeProduct, productFromAttributes, productFromOpenGraph } from './sources.js';

/** Reads one top-level microdata item (microdata.ts's microdataItem), given by the caller so it can be lazy. */
export type MicrodataReader = (scope: Element) => Json;

/**
 * JSON-LD as themes print it: wrapped in an HTML comment or CDATA, with raw line breaks inside strings (a description
 * pasted from an editor) or a trailing comma after the last field. JSON first; the repaired text only if that fails.
 */
export function parseJsonLd(text: string): unknown {
  const t = text.trim().replace(/^(<!--|<!\[CDATA\[)|(-->|\]\]>)$/g, '');
  try {
    return JSON.parse(t);
  } catch {
    // Raw control characters are only valid JSON as whitespace between tokens, so a space is right wherever they are.
    // eslint-disable-next-line no-control-regex -- finding raw control characters is the point
    return JSON.parse(t.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
  }
}

/**
 * Reads the page's product: the first Product in JSON-LD (else in schema.org microdata, when a reader is given), then
 * Open Graph, then data-nudge-* attributes; earlier sources win field by field. The selected variant (`?variant=` in
 * the URL) decides the offer.
 */
export function readProductWith(
  microdata: MicrodataReader | undefined,
  doc: Document,
  now = new Date().toISOString(),
  pageUrl = doc.location?.href,
): ProductContext | null {
  let node: Json | undefined;
  let source = 'json-ld';
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      if ((node = findProductNode(parseJsonLd(s.textContent ?? '')))) break;
    } catch {
      /* a broken JSON-LD block is the page's problem; try the next one */
    }
  }
  if (!node && microdata) {
    source = 'microdata';
    for (const el of Array.from(doc.querySelectorAll('[itemscope][itemtype]:not([itemprop])')))
      if ((node = findProductNode(microdata(el)))) break;
  }
  const meta: Record<string, string> = {};
  for (const m of Array.from(doc.querySelectorAll('meta[property], meta[name]'))) {
    const key = m.getAttribute('property') ?? m.getAttribute('name');
    const content = m.getAttribute('content');
    if (key && content !== null && !(key in meta)) meta[key] = content;
  }
  const el = doc.querySelector('[data-nudge-product]');
  const attrs: Record<string, string> = {};
  if (el instanceof HTMLElement)
    for (const [k, v] of Object.entries(el.dataset))
      if (v !== undefined) attrs[k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = v;
  return mergeProduct(
    node ? productFromJsonLd(node, now, pageUrl, source) : {},
    productFromOpenGraph(meta, pageUrl),
    productFromAttributes(attrs, now, pageUrl),
  );
}
