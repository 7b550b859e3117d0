import { describe, expect, it } from 'vitest';
import { preload } from './preload.js';

const table = {
  'stock-banner': 'stock-banner.component-A1 nudge-element-B2 stock-banner.view-C3',
  'buy-bar': 'buy-bar.component-D4 nudge-element-B2',
};
const links = (doc: Document) =>
  [...doc.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((l) => [l.href, l.nonce]);

describe('preload', () => {
  it("adds one modulepreload link per file of the part, next to nudge.js, with the tag's nonce", () => {
    const doc = document.implementation.createHTMLDocument('t');
    preload('stock-banner', 'https://cdn.example/nudge/', 'n0nce', table, doc);
    expect(links(doc)).toEqual([
      ['https://cdn.example/nudge/chunks/stock-banner.component-A1.js', 'n0nce'],
      ['https://cdn.example/nudge/chunks/nudge-element-B2.js', 'n0nce'],
      ['https://cdn.example/nudge/chunks/stock-banner.view-C3.js', 'n0nce'],
    ]);
  });

  it('links a file shared by two widgets once, and adds nothing for an unknown part or an empty table', () => {
    const doc = document.implementation.createHTMLDocument('t');
    preload('stock-banner', 'https://cdn.example/nudge/', undefined, table, doc);
    preload('buy-bar', 'https://cdn.example/nudge/', undefined, table, doc);
    preload('stock-banner', 'https://cdn.example/nudge/', undefined, table, doc);
    preload('referral-card', 'https://cdn.example/nudge/', undefined, table, doc);
    expect(links(doc).map(([href]) => href!.split('/').pop())).toEqual([
      'stock-banner.component-A1.js',
      'nudge-element-B2.js',
      'stock-banner.view-C3.js',
      'buy-bar.component-D4.js',
    ]);
    expect(links(doc).every(([, nonce]) => nonce === '')).toBe(true);
    // In source the table is the placeholder: nothing is preloaded.
    const fresh = document.implementation.createHTMLDocument('t');
    preload('stock-banner', 'https://cdn.example/nudge/', undefined, undefined, fresh);
    expect(links(fresh)).toEqual([]);
  });

  it('never throws: a page without <head> (or any other failure) only loses the speed-up', () => {
    const doc = document.implementation.createHTMLDocument('t');
    doc.head.remove();
    expect(() => preload('stock-banner', 'https://cdn.example/nudge/', undefined, table, doc)).not.toThrow();
    expect(() => preload('stock-banner', 'not a base url', undefined, table, doc)).not.toThrow();
  });
});
