// schema.org microdata -> the JSON-LD-shaped object productFromJsonLd reads; a chunk of its own in the script tag.
import type { Json } from './fields.js';

/**
 * A schema.org microdata item (`itemscope itemtype=...`) as the JSON-LD-shaped object productFromJsonLd reads: each
 * itemprop belongs to its nearest itemscope; its value is the element's content, href, src, datetime or value
 * attribute, else its text (themes put "19.99" in content and "$19.99" in the text). Nesting and elements read are bounded, so a hostile page cannot make this run long.
 */
export function microdataItem(scope: Element, depth = 0, budget = { left: 2000 }): Json {
  const out: Json = { '@type': (scope.getAttribute('itemtype') ?? '').trim().split(/\s+/) };
  const walk = (el: Element) => {
    for (const c of Array.from(el.children)) {
      if (--budget.left < 0) return;
      const nested = c.hasAttribute('itemscope');
      const names = (c.getAttribute('itemprop') ?? '').trim().split(/\s+/).filter(Boolean);
      if (names.length) {
        const value = nested
          ? depth < 4
            ? microdataItem(c, depth + 1, budget)
            : undefined
          : (['content', 'href', 'src', 'datetime', 'value'].map((a) => c.getAttribute(a)).find((a) => a !== null) ??
            c.textContent);
        for (const n of names) if (value != null) out[n] = n in out ? [out[n], value].flat() : value;
      }
      if (!nested) walk(c);
    }
  };
  walk(scope);
  return out;
}
