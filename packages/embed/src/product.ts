// Product context without code: the reader lives in @nudge/core/product (JSON-LD, microdata, Open Graph, data-nudge-*).
import type { ProductContext } from '@nudge/core';
import { readProductWith } from '@nudge/core/product';

/** @nudge/core's ProductContext. */
export type ProductInfo = ProductContext;
export {
  findProductNode,
  productFromJsonLd,
  productFromOpenGraph,
  productFromAttributes,
  mergeProduct,
  isoInstant,
  normalizeAvailability,
} from '@nudge/core/product';

/**
 * The page's product. Shops print JSON-LD far more often than microdata, so the microdata reader is a chunk of its
 * own, fetched only when the page has a top-level microdata item.
 */
export const readProduct = async (doc: Document): Promise<ProductInfo | null> =>
  readProductWith(
    doc.querySelector('[itemscope][itemtype]:not([itemprop])')
      ? (await import('@nudge/core/product/microdata')).microdataItem
      : undefined,
    doc,
  );
