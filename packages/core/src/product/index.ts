// @nudge/core/product: the product reader (JSON-LD, microdata, Open Graph, data-nudge-*), also the script tag's chunk.
import type { ProductContext } from '../stores.js';
import { microdataItem } from './microdata.js';
import { readProductWith } from './read.js';

/** The page's product from its markup, microdata included; `pageUrl` (default: the document's) picks the variant. */
export const readProduct = (doc: Document, now?: string, pageUrl?: string): ProductContext | null =>
  readProductWith(microdataItem, doc, now, pageUrl);
export { readProductWith, parseJsonLd, type MicrodataReader } from './read.js';
export { microdataItem } from './microdata.js';
export { findProductNode, productFromJsonLd } from './json-ld.js';
export { mergeProduct, productFromAttributes, productFromOpenGraph } from './sources.js';
export { isoInstant, normalizeAvailability } from './fields.js';
